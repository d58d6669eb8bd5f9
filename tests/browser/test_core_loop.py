"""The core loop end to end: a reader flags a passage on the news site, an editor
finds it in the desk, sees exactly that passage highlighted and accepts it."""

import re

from playwright.sync_api import expect

from .pages import REPORTS_URL, THANK_YOU, ArticlePage, is_report_post


def test_reader_reports_with_ctrl_enter_and_editor_accepts_it(article, desk):
    # Starts outside <em>steel bearings</em> and ends after it: one inline element inside.
    passage = "the bridge's steel bearings and resurfaced its deck"
    article.open()
    assert article.select("the bridge's", "its deck") == passage

    dialog = article.open_dialog_with_keyboard()
    article.fill_report(
        kind="Factual error",
        suggestion="the bridge's rubber bearings and resurfaced its deck",
        comment="The council's notice says the new bearings are rubber.",
    )
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()

    desk.log_in()
    issue_page = desk.open_issue(passage)
    assert desk.highlighted_quote.text_content() == passage
    expect(issue_page.locator("li.report")).to_contain_text("Factual error")
    expect(issue_page.locator(".suggestion")).to_have_text(
        "the bridge's rubber bearings and resurfaced its deck"
    )
    expect(issue_page.locator(".comment")).to_have_text(
        "The council's notice says the new bearings are rubber."
    )

    issue_page.keyboard.press("a")
    expect(desk.status).to_have_text("Accepted")
    assert desk.issues_quoting(passage) == []
    assert len(desk.issues_quoting(passage, status="accepted")) == 1


def test_touch_reader_reports_with_the_suggest_button(phone_page, demo_server, desk):
    # Ends in the next paragraph: the quote keeps the paragraph break as one line break.
    passage = "lifted in the spring of 2025.\nThe bridge was first opened"
    article = ArticlePage(phone_page, demo_server.news_url).open()
    heading = phone_page.get_by_role("heading", level=1).bounding_box()
    phone_page.touchscreen.tap(heading["x"] + 10, heading["y"] + 10)
    article.select("lifted in the spring of 2025.", "The bridge was first opened")

    phone_page.get_by_role("button", name="Suggest a correction").tap()
    dialog = article.dialog
    expect(dialog).to_be_visible()
    article.fill_report(
        kind="Needs clarification",
        suggestion="lifted in the spring of 2024. The bridge was first opened",
        comment="Was it lifted in 2024 or 2025?",
    )
    assert article.send(tap=True).status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()

    desk.log_in()
    issue_page = desk.open_issue(passage)
    assert desk.highlighted_quote.text_content() == passage
    expect(issue_page.locator("li.report")).to_contain_text("Needs clarification")
    issue_page.locator('button[data-action="accepted"]').click()
    expect(desk.status).to_have_text("Accepted")


def test_report_sent_while_offline_arrives_once_on_the_next_visit(article, desk):
    passage = "Buses on routes 4 and 12 return to their old stops"
    page = article.page
    stored_with_passage = (
        "passage => Object.values(localStorage).some(value => value.includes(passage))"
    )
    article.open()
    article.select(passage)
    page.route(REPORTS_URL, lambda route: route.abort())

    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Other", comment="The 12 moved to Quay Road for good.")
    dialog.get_by_role("button", name="Send").click()
    expect(dialog).to_contain_text(re.compile(r"offline", re.IGNORECASE))
    expect(dialog).to_contain_text(re.compile(r"saved", re.IGNORECASE))
    assert page.evaluate(stored_with_passage, passage)
    assert desk.issues_quoting(passage) == []

    page.unroute(REPORTS_URL)
    with page.expect_response(is_report_post) as resent:
        page.reload()
    assert resent.value.status == 201
    page.wait_for_function(f"passage => !({stored_with_passage})(passage)", arg=passage)

    issues = desk.issues_quoting(passage)
    assert [issue.readers for issue in issues] == ["1 reader"]
