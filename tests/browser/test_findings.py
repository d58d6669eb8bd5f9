"""Automatic checks in the desk: a new revision of the article produces findings on the
issue page, the editor dismisses one, and the next revision keeps it dismissed while a
finding the newsroom fixed shows as gone."""

import time

from playwright.sync_api import Locator, Page, expect

from .pages import THANK_YOU, ArticlePage

# The worker polls for tasks every half second; this is the longest the test waits for it.
CHECKS_TIMEOUT = 15.0

PARAGRAPH = "Residents recieved letters about the (new timetable."
PARAGRAPH_FIXED = "Residents recieved letters about the new timetable."
QUOTE = "Residents recieved letters"


def report_passage(article: ArticlePage, passage: str) -> None:
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo")
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()


def reload_until_present(page: Page, locator: Locator) -> None:
    """Reload the issue page until `locator` is on it: the worker checks in the background."""
    deadline = time.monotonic() + CHECKS_TIMEOUT
    while locator.count() == 0:
        assert time.monotonic() < deadline, f"{locator} not shown after {CHECKS_TIMEOUT:.0f}s"
        page.wait_for_timeout(250)
        page.reload()


def test_a_dismissed_finding_stays_dismissed_and_a_fixed_one_shows_gone(article, desk, newsroom):
    newsroom.edit(add_paragraph=PARAGRAPH)
    article.open()
    report_passage(article, QUOTE)
    issue_page = desk.open_issue(QUOTE)

    open_findings = issue_page.locator(".findings-open li.finding")
    # A finding on the reported passage sits beside the decision; the rest are folded away.
    spelling = issue_page.locator(".passage-findings li.finding").filter(has_text="recieved")
    spelling = spelling.and_(issue_page.locator('[data-rule="spelling"]'))
    bracket = open_findings.filter(has_text="(new timetable").and_(
        issue_page.locator('[data-rule="unbalanced-bracket"]')
    )
    reload_until_present(issue_page, bracket)
    expect(spelling.locator("mark.flagged")).to_have_text("recieved")
    expect(spelling).to_contain_text("“recieved” is not in the dictionary.")
    expect(spelling.locator(".finding-reason")).to_contain_text("did you mean “received”?")

    spelling.get_by_role("button", name="Dismiss").click()
    expect(issue_page.get_by_text("Finding dismissed")).to_be_visible()
    expect(spelling).to_have_count(0)
    expect(issue_page.locator(".findings-dismissed")).to_contain_text("recieved")

    # The newsroom closes the bracket in its CMS, which pushes the article to the desk.
    newsroom.edit(replace=[PARAGRAPH, PARAGRAPH_FIXED])

    gone = issue_page.locator('.findings-gone li[data-rule="unbalanced-bracket"]')
    reload_until_present(issue_page, gone)
    expect(bracket).to_have_count(0)
    expect(spelling).to_have_count(0)
    expect(issue_page.locator(".findings-dismissed")).to_contain_text("recieved")
