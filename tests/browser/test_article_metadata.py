"""A report carries the passage and the article's text, not the page's title, section or
author: those are the newsroom's to say (the publisher API, or the desk's own fetch of the
page), never a reader's claim, so the widget does not send them."""


def test_a_report_carries_no_title_section_or_author(article):
    passage = "Shops on Mill Street said trade fell"
    article.open()
    article.select(passage)
    article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo")
    answer = article.send()
    assert answer.status == 201
    sent = answer.request.post_data_json
    assert sent["selector"][0]["exact"] == passage
    assert passage in sent["text"]
    assert not {"title", "section", "author"} & sent.keys()
