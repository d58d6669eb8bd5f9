"""A reader of a long Cyrillic article can report it: the widget sends the report gzipped."""

from playwright.sync_api import expect

from tests.factories import long_ukrainian_article

from .pages import THANK_YOU


def test_report_on_a_150_kb_ukrainian_article_arrives_gzipped(article, desk):
    passage = "після the the ремонту"
    text = long_ukrainian_article(150 * 1024, seed=11)
    article.open()
    for paragraph in text.split("\n"):
        article.add_paragraph(paragraph)
    assert article.select(passage) == passage

    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo", suggestion="після ремонту")
    answer = article.send()

    assert answer.status == 201
    # Sent plain, 150 KB of article would meet the server's 64 KB cap (413).
    assert answer.request.all_headers()["content-encoding"] == "gzip"
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()

    desk.log_in()
    desk.open_issue(passage)
    assert desk.highlighted_quote.text_content() == passage
