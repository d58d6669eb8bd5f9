"""An edit of the article reaches the desk: the newsroom corrects the reported word in its
CMS, which pushes the article through the publisher API, the worker re-anchors the issue
onto the new text, and the editor sees what changed and marks the issue fixed with one key."""

import time

from playwright.sync_api import Page, expect

from .pages import THANK_YOU, ArticlePage

# The worker polls for tasks every half second; this is the longest the test waits for it.
REANCHORING_TIMEOUT = 15.0


def report_passage(article: ArticlePage, passage: str, *, kind: str, suggestion: str = "") -> None:
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind=kind, suggestion=suggestion)
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()


def reload_until_anchor_state(page: Page, state: str) -> None:
    """Reload the issue page until it shows `state`: the worker re-anchors in the background."""
    anchor_state = page.locator("#anchor-state")
    deadline = time.monotonic() + REANCHORING_TIMEOUT
    while anchor_state.text_content() != state:
        assert time.monotonic() < deadline, (
            f"still {anchor_state.text_content()!r}, not {state!r}, "
            f"after {REANCHORING_TIMEOUT:.0f}s"
        )
        page.wait_for_timeout(250)
        page.reload()


def test_a_revision_that_corrects_the_reported_word_is_shown_changed_and_f_fixes_it(
    article, desk, newsroom
):
    article.open()
    report_passage(article, "longer then planned", kind="Typo", suggestion="longer than planned")
    issue_page = desk.open_issue("longer then planned")
    expect(issue_page.locator("#anchor-state")).to_have_text("Anchored")

    # The newsroom fixes the word in its CMS, which pushes the article to the desk.
    newsroom.edit(replace=["then planned", "than planned"])

    reload_until_anchor_state(issue_page, "Changed")
    changed = issue_page.locator(".anchor-changed")
    expect(changed.get_by_role("heading")).to_have_text("The passage changed — probably fixed")
    expect(changed.locator(".passage-before")).to_have_text("longer then planned")
    expect(changed.locator(".passage-after")).to_have_text("longer than planned")
    expect(changed.locator(".passage-before del")).to_have_text("then")
    expect(changed.locator(".passage-after ins")).to_have_text("than")
    expect(desk.highlighted_quote).to_have_text("longer than planned")

    issue_page.keyboard.press("f")
    expect(desk.status).to_have_text("Fixed")
    expect(issue_page.get_by_role("button", name="Mark fixed")).to_have_count(0)
