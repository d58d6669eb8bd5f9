"""Each article's notes as an HTML fragment a CMS includes, with their JSON-LD."""

import json
import re

import pytest

from corrigenda.corrections.services import withdraw_correction
from tests.conftest import NEWS_ORIGIN
from tests.factories import HOSTILE, note

pytestmark = pytest.mark.django_db

JSONLD_BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def fragment(client, site, url, **headers):
    return client.get(f"/s/{site.key}/articles/corrections.html", {"url": url}, headers=headers)


def test_fragment_holds_the_articles_notes_oldest_first_and_their_jsonld(client, site, editor):
    first = note(site, editor, "The mayor is Okafor.")
    url = first.article.canonical_url
    note(site, editor, "It cost £38.5 million.", url=url)
    note(site, editor, "Another article.")

    response = fragment(client, site, url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    html = response.text
    assert html.startswith('<section class="corrigenda-corrections">')
    assert html.index("The mayor is Okafor.") < html.index("It cost £38.5 million.")
    assert "Another article." not in html
    (block,) = JSONLD_BLOCK.findall(html)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["url"] == url
    assert [c["text"] for c in data["correction"]] == [
        "The mayor is Okafor.",
        "It cost £38.5 million.",
    ]


def test_an_article_without_public_notes_gets_an_empty_fragment(client, site, editor):
    draft = note(site, editor, "Draft.", publish=False)
    withdrawn = note(site, editor, "Withdrawn.")
    withdraw_correction(withdrawn, by=editor)
    for url in (draft.article.canonical_url, withdrawn.article.canonical_url, "https://x.org/"):
        response = fragment(client, site, url)
        assert response.status_code == 200
        assert response.content == b""


def test_another_sites_article_is_not_found_through_this_site(client, site, other_site, editor):
    theirs = note(other_site, editor, "Their note.")
    assert fragment(client, site, theirs.article.canonical_url).content == b""
    assert (
        client.get("/s/nope/articles/corrections.html", {"url": "https://x.org/"}).status_code
        == 404
    )


def test_hostile_text_cannot_leave_the_note_or_the_jsonld_block(client, site, editor):
    correction = note(site, editor, HOSTILE + "</script><script>alert(4)</script>", title=HOSTILE)
    html = fragment(client, site, correction.article.canonical_url).text
    assert "<img" not in html
    assert 'href="javascript:' not in html
    # Exactly one script element: the JSON-LD block, which the text inside cannot close.
    assert html.count("<script") == 1
    assert html.count("</script>") == 1
    (block,) = JSONLD_BLOCK.findall(html)
    data = json.loads(block)
    assert data["correction"][0]["text"] == HOSTILE + "</script><script>alert(4)</script>"
    assert data["headline"] == HOSTILE


def test_the_sites_pages_may_read_it_from_the_browser(client, site, editor):
    url = note(site, editor, "A note.").article.canonical_url
    ours = fragment(client, site, url, Origin=NEWS_ORIGIN)
    assert ours.headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN
    assert "Origin" in ours.headers["Vary"]
    theirs = fragment(client, site, url, Origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in theirs.headers


def test_etag_changes_when_the_articles_notes_change(client, site, editor):
    correction = note(site, editor, "A note.")
    url = correction.article.canonical_url
    etag = fragment(client, site, url).headers["ETag"]
    assert fragment(client, site, url, **{"If-None-Match": etag}).status_code == 304
    note(site, editor, "A note elsewhere.")
    assert fragment(client, site, url, **{"If-None-Match": etag}).status_code == 304
    withdraw_correction(correction, by=editor)
    assert fragment(client, site, url, **{"If-None-Match": etag}).status_code == 200


def test_without_an_article_address_the_fragment_says_what_is_missing(client, site):
    response = client.get(f"/s/{site.key}/articles/corrections.html")
    assert response.status_code == 400
    assert response.text == "Name the article: ?url= and its canonical address."
