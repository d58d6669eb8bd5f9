"""The widget sends the page's section and author with a report, for the desk's metrics.

The demo article carries `article:section` "Local" and `name="author"` "Mara Lindqvist"."""

ADD_METADATA_JS = """
() => {
  for (const [attribute, name, content] of [
    ["property", "article:author", "https://news.example.org/staff/mara-lindqvist"],
  ]) {
    const meta = document.createElement("meta");
    meta.setAttribute(attribute, name);
    meta.content = content;
    document.head.append(meta);
  }
}
"""


def test_a_report_carries_the_pages_section_and_author(article):
    article.open()
    article.page.evaluate(ADD_METADATA_JS)
    article.select("Shops on Mill Street said trade fell")
    article.open_dialog_with_keyboard()
    article.fill_report(kind="Typo")
    answer = article.send()
    assert answer.status == 201
    sent = answer.request.post_data_json
    # `name="author"` is the byline; `article:author` is often a profile URL.
    assert (sent["section"], sent["author"]) == ("Local", "Mara Lindqvist")
