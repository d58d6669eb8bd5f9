"""An edit made without a correction, in a real browser: the newsroom changes a figure in
the published demo article; the desk shows "changed without a correction" with the
before and after; the editor writes the prefilled correction and publishes it, which
settles the finding."""

import re
import time

from playwright.sync_api import Page, expect

from .pages import Desk, withdraw

# The worker polls for tasks every half second; this is the longest the test waits for it.
WORKER_TIMEOUT = 15.0
BEFORE, AFTER = "The works cost £38.5 million", "The works cost £39.5 million"


def set_grace(desk: Desk, hours: str) -> None:
    """The demo editor is the site's admin: the site's settings set the grace."""
    page = desk.page
    page.goto(desk.url + "/desk/")
    page.get_by_role("link", name="The Riverside Courier (demo)").first.click()
    page.get_by_label("Hours an edit may go without a correction").fill(hours)
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Site settings saved.")).to_be_visible()


def reload_until_flagged(page: Page) -> None:
    deadline = time.monotonic() + WORKER_TIMEOUT
    change = page.locator(".uncorrected-change")
    while change.count() == 0:
        assert time.monotonic() < deadline, f"no edit flagged after {WORKER_TIMEOUT:.0f}s"
        page.wait_for_timeout(250)
        page.reload()


def test_a_changed_figure_is_flagged_and_its_correction_settles_it(desk, newsroom):
    desk.log_in()
    set_grace(desk, "0")
    correction_url = ""
    try:
        newsroom.edit(replace=[BEFORE, AFTER])
        page = desk.page
        page.goto(desk.url + "/desk/findings/")
        reload_until_flagged(page)

        change = page.locator(".uncorrected-change")
        expect(change.locator(".finding-message")).to_have_text(
            "Changed without a correction: a figure."
        )
        # Word by word: "£38.5" became "£39.5".
        expect(change.locator(".passage-before del")).to_have_text("38")
        expect(change.locator(".passage-after ins")).to_have_text("39")
        expect(change.locator(".passage-before")).to_contain_text(BEFORE)

        change.get_by_role("link", name="Write a correction").click()
        expect(page.get_by_role("heading", name="Write a correction")).to_be_visible()
        note = page.get_by_label("The note readers see")
        expect(note).to_have_value(
            "An earlier version of this article said “works cost £38.5 million”. "
            "It should have said “works cost £39.5 million”."
        )
        page.get_by_role("button", name="Publish…").click()
        # The last look before it goes public.
        expect(page.get_by_role("heading", name="Publish this correction?")).to_be_visible()
        page.get_by_role("button", name="Publish now").click()
        expect(page.get_by_text("Correction published.")).to_be_visible()
        correction_url = page.url

        page.goto(desk.url + "/desk/findings/")
        expect(page.locator(".uncorrected-change")).to_have_count(0)
        page.locator("a.open").filter(has_text="Old Mill Bridge").first.click()
        page.wait_for_url(re.compile(r"/desk/articles/\d+/"))
        # Earlier tests' edits of the demo article may be listed there too.
        corrected = page.locator(".findings-corrected li").filter(has_text="£39.5 million")
        expect(corrected.locator(".passage-after ins")).to_have_text("39")
        open_edits = page.locator('.findings-open [data-rule="changed-without-correction"]')
        expect(open_edits).to_have_count(0)
    finally:
        set_grace(desk, "24")
        if correction_url:
            withdraw(desk.page, correction_url)
