"""Triage as editors do it all day: several issues at once and undo, views shared as
links, shortcuts a user can turn off, the keyboard alone, and the last look before a
correction goes public."""

import re

from playwright.sync_api import Page, expect

from .pages import THANK_YOU, ArticlePage, Desk, Newsroom

# Passages no other browser test reports, so their issues are this module's alone.
BULK_PASSAGES = [
    "reopened to traffic on Monday morning",
    "cut the ribbon at 7 a.m.",
    "People have waited long enough",
    "Most of the overrun came from corrosion",
    "last closed for major works in 1974",
]
KEYBOARD_PASSAGE = "cut from the same quarry in Hollins Edge"
SHORTCUTS_PASSAGE = "keep the promise about the parking"
ESTIMATE = "a first estimate of £24 million"


def report(article: ArticlePage, passage: str, *, suggestion: str = "") -> None:
    article.open()
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Factual error", suggestion=suggestion)
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()


def row(desk: Desk, passage: str):
    return desk.page.locator("li.issue").filter(
        has=desk.page.locator("q.quote", has_text=re.compile(f"^{re.escape(passage)}$"))
    )


def history_of(desk: Desk, passage: str) -> str:
    """The issue page's history, in words."""
    row(desk, passage).locator("a.open").click()
    desk.page.wait_for_url(re.compile(r"/desk/issues/\d+/$"))
    return desk.page.locator("ol.events").inner_text()


def test_bulk_accept_of_five_then_undo_restores_all_five(article, desk):
    for passage in BULK_PASSAGES:
        report(article, passage)
    desk.log_in()
    page = desk.page
    page.goto(desk.url + "/desk/?status=new")
    # Newest first: a shift-click ticks the three between, a click one, the x key the last.
    row(desk, BULK_PASSAGES[3]).locator("input.pick").click()
    row(desk, BULK_PASSAGES[1]).locator("input.pick").click(modifiers=["Shift"])
    for passage in BULK_PASSAGES[1:4]:
        expect(row(desk, passage).locator("input.pick")).to_be_checked()
    row(desk, BULK_PASSAGES[0]).locator("input.pick").click()
    last = row(desk, BULK_PASSAGES[4])
    last.focus()
    page.keyboard.press("x")
    expect(last.locator("input.pick")).to_be_checked()
    assert page.locator("input.pick:checked").count() == 5

    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator(".undo-bar")).to_contain_text("5 issues accepted.")
    for passage in BULK_PASSAGES:
        assert len(desk.issues_quoting(passage, status="accepted")) == 1

    page.goto(desk.url + "/desk/?status=new")
    page.locator(".undo-bar").get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text(
        "Undone: 5 issues are back as they were (5 issues accepted)."
    )
    for passage in BULK_PASSAGES:
        assert len(desk.issues_quoting(passage, status="new")) == 1
        history = history_of(desk, passage)
        assert "editor accepted this" in history
        assert "editor undid a change: this is new again" in history


def test_a_saved_view_link_reproduces_its_filters(desk, new_context):
    desk.log_in()
    page = desk.page
    page.goto(desk.url + "/desk/")
    page.get_by_text("More filters").click()
    page.get_by_label("Assignee").select_option(label="Nobody")
    page.get_by_label("Passage").select_option(label="Orphaned")
    page.get_by_label("Kind").select_option(label="Typo")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_label("Save these filters as").fill("Orphaned typos nobody took")
    page.get_by_role("button", name="Save view").click()
    view = page.get_by_role("link", name=re.compile("Orphaned typos nobody took"))
    expect(view).to_have_attribute("aria-current", "page")
    link = desk.url + "/desk/" + view.get_attribute("href")

    # A colleague's browser (the same editor here) opening the link sees the same filters.
    other = Desk(new_context().new_page(), desk.url, desk.password)
    other.log_in()
    other.page.goto(link)
    expect(other.page.get_by_label("Assignee")).to_have_value("nobody")
    expect(other.page.get_by_label("Passage")).to_have_value("orphaned")
    expect(other.page.get_by_label("Kind")).to_have_value("typo")
    expect(other.page.get_by_label("Status")).to_have_value("new")

    # Number keys switch between saved views.
    page.goto(desk.url + "/desk/")
    page.keyboard.press("1")
    expect(page).to_have_url(re.compile(r"assignee=nobody"))
    page.locator("nav.saved-views").get_by_role(
        "button", name="Delete Orphaned typos nobody took"
    ).click()
    expect(view).to_have_count(0)


def _set_shortcuts(desk: Desk, on: bool) -> None:
    desk.page.goto(desk.url + "/desk/settings/")
    box = desk.page.get_by_label("Single-key shortcuts")
    box.check() if on else box.uncheck()
    desk.page.get_by_role("button", name="Save").click()
    expect(desk.page.locator(".messages")).to_contain_text("Your settings are saved.")


def test_with_shortcuts_off_a_changes_nothing(article, desk):
    report(article, SHORTCUTS_PASSAGE)
    desk.log_in()
    _set_shortcuts(desk, on=False)
    try:
        page = desk.open_issue(SHORTCUTS_PASSAGE)
        page.keyboard.press("a")
        page.keyboard.press("?")
        page.wait_for_timeout(300)  # time for a key handler to act, if there were one
        expect(desk.status).to_have_text("New")
        expect(page.locator("#keys-help")).not_to_be_visible()
        # Nothing took the letter either.
        assert page.evaluate("() => document.activeElement === document.body")
        assert page.evaluate(
            "() => [...document.querySelectorAll('input, textarea')].every("
            "f => !f.value.includes('a') || f.type === 'hidden')"
        )
        page.reload()
        expect(desk.status).to_have_text("New")
    finally:
        _set_shortcuts(desk, on=True)
    page = desk.open_issue(SHORTCUTS_PASSAGE)
    page.keyboard.press("a")
    expect(desk.status).to_have_text("Accepted")


def _tab_to(page: Page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's text or label is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.getAttribute('aria-label') "
            "|| document.activeElement.innerText || '').trim()"
        )
        if focused == name or focused.startswith(name + "\n") or focused.startswith(name + " "):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_only_triage(article, desk):
    report(article, KEYBOARD_PASSAGE)
    desk.log_in()
    page = desk.page
    page.goto(f"{desk.url}/desk/?q={KEYBOARD_PASSAGE.replace(' ', '+')}")
    _tab_to(page, KEYBOARD_PASSAGE)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/desk/issues/\d+/$"))
    expect(desk.status).to_have_text("New")
    _tab_to(page, "Accept")
    # The focused button shows it.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(desk.status).to_have_text("Accepted")
    page.keyboard.press("u")
    page.wait_for_url(re.compile(r"/desk/$"))
    assert desk.issues_quoting(KEYBOARD_PASSAGE) == []
    assert len(desk.issues_quoting(KEYBOARD_PASSAGE, status="accepted")) == 1


def test_publishing_shows_the_exact_note_first_and_then_the_article_changes(
    article, desk, new_context, demo_server
):
    newsroom = Newsroom(demo_server.news_url)
    report(article, ESTIMATE, suggestion="a first estimate of £34 million")
    desk.log_in()
    try:
        page = desk.open_issue(ESTIMATE)
        page.keyboard.press("a")
        expect(desk.status).to_have_text("Accepted")
        page.keyboard.press("c")
        note = page.get_by_label("The note readers see")
        expect(note).to_have_value(
            "An earlier version of this article said “£24 million”. "
            "It should have said “£34 million”."
        )
        page.get_by_role("button", name="Publish…").click()

        # The last look: nothing is public yet.
        expect(page.get_by_role("heading", name="Publish this correction?")).to_be_visible()
        preview = page.locator("#public-note-preview .corrigenda-note")
        shown = preview.evaluate("note => note.outerHTML")
        date = page.locator("#public-date").inner_text()
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date)
        expect(preview).to_contain_text(f"Corrected on {date}")
        expect(page.locator("#public-article")).to_have_attribute(
            "href", f"{demo_server.news_url}/bridge-reopens"
        )
        log_url = page.locator("#public-log").get_attribute("href")
        log = new_context().new_page()
        log.goto(log_url)
        expect(log.get_by_text("It should have said “£34 million”")).to_have_count(0)

        page.get_by_role("button", name="Publish now").click()
        expect(page.locator("#correction-state")).to_have_text("Published")

        log.reload()
        entry = log.locator("article.correction").filter(has_text="£34 million")
        expect(entry).to_have_count(1)
        assert entry.locator(".corrigenda-note").evaluate("n => n.outerHTML") == shown

        # The demo closes the loop: its CMS fixed the article through the publisher API.
        reader = new_context().new_page()
        for _ in range(40):
            reader.goto(demo_server.news_url + "/")
            if "£34 million" in reader.locator("article .body").inner_text():
                break
            reader.wait_for_timeout(500)
        body = reader.locator("article .body").inner_text()
        assert "a first estimate of £34 million" in body
        assert "£24 million" not in body
    finally:
        # Other tests expect the article as it was, with no note under it.
        newsroom.edit(restore=True)
        if desk.page.locator("#correction-state").count():
            desk.page.get_by_label("Why it is withdrawn (kept in the desk's history)").fill("Test")
            desk.page.get_by_label("Take this note off the public corrections log").check()
            desk.page.get_by_role("button", name="Withdraw the note").click()
            expect(desk.page.locator("#correction-state")).to_have_text("Withdrawn")
