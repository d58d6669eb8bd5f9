"""The widget's smaller promises: the hint, the dialog's keyboard behaviour, text the
reader may write in any script, and hostile text that must stay text in the desk."""

import re

from playwright.sync_api import expect

from .pages import THANK_YOU


def test_ctrl_enter_without_a_selection_asks_the_reader_to_select_words(article):
    article.open()
    article.page.keyboard.press("Control+Enter")
    hint = article.page.get_by_role("status").filter(has_text=re.compile(r"select", re.I))
    expect(hint).to_be_visible()
    expect(article.dialog).to_be_hidden()


def test_escape_closes_the_dialog_and_gives_focus_back_to_the_page(article):
    article.open()
    # A reader who tabbed to a link and then selected text gets the focus back there.
    link = article.page.get_by_role("link", name="write to us here")
    link.focus()
    article.select("Old Mill Bridge, which carries")
    article.open_dialog_with_keyboard()
    assert article.focused()["inDialog"]

    article.page.keyboard.press("Escape")
    expect(article.dialog).to_be_hidden()
    expect(link).to_be_focused()
    assert not article.focused()["inShadowRoot"]


def test_tab_and_shift_tab_stay_inside_the_dialog(article):
    article.open()
    article.select("Mayor Daniel Okafor")
    article.open_dialog_with_keyboard()

    visited = []
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        article.page.keyboard.press(key)
        focused = article.focused()
        assert focused and focused["inDialog"], f"after {key}, focus left the dialog: {focused}"
        visited.append((focused["tag"], focused["text"], focused["name"]))
    texts = {text for _, text, _ in visited}
    assert {"Send", "Cancel"} <= texts, visited
    assert any(tag == "select" for tag, _, _ in visited), visited


def test_quote_with_cyrillic_and_emoji_is_highlighted_exactly(article, desk):
    passage = "Київ 🎉 Kyiv"
    article.open()
    # The demo article is English; a paragraph added to it carries the other scripts.
    article.add_paragraph(passage)
    assert article.select(passage) == passage
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo", suggestion="Київ 🎉 Kyiv 🇺🇦", comment="Ласкаво просимо")
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()

    issue_page = desk.open_issue(passage)
    assert desk.highlighted_quote.text_content() == passage
    assert issue_page.locator("blockquote.passage").text_content() == passage
    expect(issue_page.locator(".suggestion")).to_have_text("Київ 🎉 Kyiv 🇺🇦")
    expect(issue_page.locator(".comment")).to_have_text("Ласкаво просимо")


def test_hostile_comment_and_suggestion_show_as_text_in_the_desk(article, desk):
    passage = "Shops on Mill Street said trade fell"
    comment = '<img src=x onerror="window.__pwned=1">'
    suggestion = "<script>window.__pwned=1</script>"
    article.open()
    article.select(passage)
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Other", suggestion=suggestion, comment=comment)
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()
    assert article.page.evaluate("() => window.__pwned") is None

    desk.issues_quoting(passage)
    assert desk.page.evaluate("() => window.__pwned") is None
    issue_page = desk.open_issue(passage)
    expect(issue_page.locator(".comment")).to_have_text(comment)
    expect(issue_page.locator(".suggestion")).to_have_text(suggestion)
    assert issue_page.locator("main img, main script").count() == 0
    assert issue_page.evaluate("() => window.__pwned") is None


def test_without_the_dialog_file_the_reader_is_offered_the_plain_form(article):
    article.page.route("**/corrigenda-dialog.js*", lambda route: route.abort())
    article.open()
    article.select("Mayor Daniel Okafor")
    article.page.keyboard.press("Control+Enter")
    link = article.page.get_by_role("link", name="Suggest a correction")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", re.compile(r"/s/[^/]+/suggest\?url="))
