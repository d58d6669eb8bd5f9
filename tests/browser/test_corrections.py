"""From a reader's report to a public correction: the editor publishes a note in the desk,
the widget shows it at the end of the demo article and the site's public log lists it,
with hostile text shown as text everywhere."""

import re

import pytest
from playwright.sync_api import expect

from .pages import THANK_YOU

PASSAGE = "The temporary footbridge downstream will be removed"
# Markup a careless or hostile note might carry: it must show as typed, run nothing.
NOTE = (
    'The footbridge will be removed by the end of January, not December. <img src=x onerror="'
    "document.title='pwned'\"><script>document.title='pwned'</script>"
)


def test_a_published_correction_shows_in_the_widget_and_the_public_log(
    article, desk, new_context, demo_server
):
    article.open()
    assert article.select(PASSAGE) == PASSAGE
    dialog = article.open_dialog_with_keyboard()
    article.fill_report(kind="Factual error", comment="The council says January.")
    assert article.send().status == 201
    expect(dialog.get_by_text(THANK_YOU)).to_be_visible()
    # Before any note is published the article shows none.
    expect(article.page.locator("corrigenda-corrections")).to_have_count(0)

    desk.log_in()
    issue_page = desk.open_issue(PASSAGE)
    issue_page.keyboard.press("a")
    expect(desk.status).to_have_text("Accepted")
    issue_page.reload()
    expect(issue_page.get_by_role("link", name="Write a correction")).to_be_visible()
    # The desk's key for it, as the `?` help lists.
    issue_page.keyboard.press("c")
    issue_page.get_by_label("The note readers see").fill(NOTE)
    issue_page.get_by_role("button", name="Publish…").click()
    issue_page.get_by_role("button", name="Publish now").click()
    expect(issue_page.locator("#correction-state")).to_have_text("Published")
    # The desk's own page shows the note as typed, too.
    expect(issue_page.locator(".corrigenda-note-text").first).to_have_text(NOTE)
    assert (
        issue_page.locator(".corrigenda-note-text img, .corrigenda-note-text script").count() == 0
    )
    assert issue_page.title() != "pwned"

    # A reader opening the article now sees the note after the article's text.
    reader = new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(article.url)
    box = reader.locator("article .body > corrigenda-corrections")
    expect(box).to_be_visible()
    # The date as the site's language writes it (British English: 25 November 2026).
    expect(box).to_contain_text(
        re.compile(r"This article was corrected on \d{1,2} [A-Z]\w+ \d{4}\.")
    )
    expect(box).to_contain_text(NOTE)
    # The note is the last thing in the article container, and is text, not markup.
    assert (
        reader.evaluate("() => document.querySelector('article .body').lastElementChild.localName")
        == "corrigenda-corrections"
    )
    assert box.evaluate("host => host.shadowRoot.querySelectorAll('img, script').length") == 0
    assert reader.title() != "pwned"

    # The site's public log lists it, linked to the article.
    site_key = reader.locator("script[data-site]").get_attribute("data-site")
    log = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log.goto(f"{demo_server.desk_url}/s/{site_key}/corrections/")
    entry = log.locator("article.correction").filter(has_text="The footbridge will be removed")
    expect(entry).to_have_count(1)
    expect(entry.locator(".corrigenda-note-text")).to_have_text(NOTE)
    # The demo article's own address, on the demo news site.
    expect(entry.get_by_role("link")).to_have_attribute(
        "href", f"{demo_server.news_url}/bridge-reopens"
    )
    assert entry.locator("img, script").count() == 0
    assert log.title() != "pwned"


def _before_the_widget_runs(page, script: str) -> None:
    """Run `script` on the demo article once it is parsed, before its deferred widget."""
    page.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        f" if (document.readyState === 'interactive') {{ {script} }} }});"
    )


@pytest.mark.parametrize(
    ("lang", "published_on", "sentence"),
    [
        ("en", "20 November 2026", "This article was corrected on 20 November 2026."),
        ("uk", "20 листопада 2026 р.", "Цю статтю виправлено 20 листопада 2026 р."),
        ("ru", "20 ноября 2026 г.", "Эта статья исправлена 20 ноября 2026 г."),
        ("de", "20. November 2026", "Dieser Artikel wurde am 20. November 2026 korrigiert."),
        ("fr", "20 novembre 2026", "Cet article a été corrigé le 20 novembre 2026."),
    ],
)
def test_the_note_speaks_the_pages_language(page, demo_server, lang, published_on, sentence):
    """The sentence in the page's language around the date the server wrote (in the site's
    language, by the same formatter as the public log: tests/test_dates.py)."""
    _before_the_widget_runs(page, f"document.documentElement.lang = '{lang}';")
    note = "Die Brücke ist 1887 eröffnet worden."
    page.route(
        "**/api/v1/sites/*/articles/corrections?*",
        lambda route: route.fulfill(
            json={
                "corrections": [
                    {
                        "note": note,
                        "published_at": "2026-11-20T10:00:00Z",
                        "published_on": published_on,
                    }
                ]
            },
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )
    page.goto(demo_server.news_url + "/")
    box = page.locator("corrigenda-corrections")
    expect(box.locator("p").first).to_have_text(sentence)
    expect(box.locator("p").nth(1)).to_have_text(note)


def test_without_data_corrections_nothing_is_fetched_at_page_load(page, demo_server):
    _before_the_widget_runs(
        page, "document.querySelector('script[data-site]').removeAttribute('data-corrections');"
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_server.news_url + "/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.Corrigenda") == "object"
    from_the_desk = [url for url in requested if url.startswith(demo_server.desk_url)]
    assert [url.rsplit("/", 1)[-1] for url in from_the_desk] == ["corrigenda.js"]
    expect(page.locator("corrigenda-corrections")).to_have_count(0)
