"""Public corrections as JSON: the log, each article's notes and the schema.org JSON-LD
that search engines read."""

import json
import re
from datetime import UTC, datetime

import pytest
from pyld import jsonld

from corrigenda.corrections.services import Wording, edit_correction, withdraw_correction
from corrigenda.public.selectors import LOG_PAGE_SIZE
from tests.conftest import NEWS_ORIGIN
from tests.factories import HOSTILE, note

pytestmark = pytest.mark.django_db

SCHEMA = "http://schema.org/"
# What https://schema.org's own context says about the terms we use, so expanding needs
# no network: every term is in the schema.org vocabulary and `url` is an IRI.
SCHEMA_ORG_CONTEXT = {
    "@context": {"@vocab": SCHEMA, "url": {"@id": SCHEMA + "url", "@type": "@id"}}
}


def offline_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}


def log(client, site, **query):
    return client.get(f"/api/v1/sites/{site.key}/corrections", query)


def article(client, site, url, **headers):
    return client.get(
        f"/api/v1/sites/{site.key}/articles/corrections", {"url": url}, headers=headers
    )


@pytest.fixture
def widget_site(site):
    site.show_corrections_in_widget = True
    site.save()
    return site


def test_log_lists_published_notes_newest_first(client, site, other_site, editor):
    older = note(site, editor, "Older.", published_at=datetime(2026, 9, 1, tzinfo=UTC))
    newer = note(site, editor, "Newer.", published_at=datetime(2026, 10, 1, tzinfo=UTC))
    note(site, editor, "Draft.", publish=False)
    withdraw_correction(note(site, editor, "Withdrawn."), by=editor)
    note(other_site, editor, "Theirs.")

    response = log(client, site)
    assert response.status_code == 200
    body = response.json()
    assert [c["note"] for c in body["corrections"]] == ["Newer.", "Older."]
    assert body["total"] == 2 and body["pages"] == 1 and body["next"] is None
    first = body["corrections"][0]
    assert first["id"] == newer.pk
    assert first["kind"] == "correction"
    assert first["article"] == {"url": newer.article.canonical_url, "title": "Bridge reopens"}
    assert first["published_at"].startswith("2026-10-01T00:00:00")
    # The date under the article, as the public log writes it, in the site's language.
    assert first["published_on"] == "1 October 2026"
    assert body["corrections"][1]["id"] == older.pk


def test_log_by_month_and_page(client, site, editor):
    for day in range(1, LOG_PAGE_SIZE + 2):
        note(site, editor, f"Day {day}.", published_at=datetime(2026, 10, day, tzinfo=UTC))
    note(site, editor, "September.", published_at=datetime(2026, 9, 3, tzinfo=UTC))

    first = log(client, site, month="2026-10").json()
    assert first["total"] == LOG_PAGE_SIZE + 1 and first["pages"] == 2
    assert (
        first["next"]
        == f"http://testserver/api/v1/sites/{site.key}/corrections?month=2026-10&page=2"
    )
    second = log(client, site, month="2026-10", page=2).json()
    assert [c["note"] for c in second["corrections"]] == ["Day 1."]
    assert second["prev"].endswith("month=2026-10&page=1")
    assert [c["note"] for c in log(client, site, month="2026-09").json()["corrections"]] == [
        "September."
    ]
    assert log(client, site, month="2026-10", page=3).status_code == 404
    assert log(client, site, month="2026-13").status_code == 404
    assert log(client, site, month="oct").json()["error"]["code"] == "invalid_fields"


def test_unknown_site_is_a_json_404(client, db):
    response = client.get("/api/v1/sites/nope/corrections")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    response = client.get("/api/v1/sites/nope/articles/corrections", {"url": "https://x.org/"})
    assert response.json()["error"]["code"] == "not_found"


def test_log_answers_conditional_requests(client, site, editor):
    correction = note(site, editor, "Note.")
    first = log(client, site)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert log(client, site, **{}).headers["ETag"] == etag
    assert (
        client.get(
            f"/api/v1/sites/{site.key}/corrections", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    edit_correction(correction, Wording(kind="update", note="Amended."), by=editor)
    assert log(client, site).headers["ETag"] != etag


def test_article_json_has_the_notes_the_fragment_and_the_jsonld(client, widget_site, editor):
    first = note(widget_site, editor, "The mayor is Okafor.")
    url = first.article.canonical_url
    edit_correction(
        first, Wording(kind="correction", note="The mayor is Daniel Okafor."), by=editor
    )
    note(widget_site, editor, "It cost £38.5 million.", url=url, kind="clarification")

    response = article(client, widget_site, url)
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == url and body["title"] == "Bridge reopens"
    assert body["show_in_widget"] is True
    assert [c["note"] for c in body["corrections"]] == [
        "The mayor is Daniel Okafor.",
        "It cost £38.5 million.",
    ]
    assert body["corrections"][0]["amended_at"] is not None
    assert body["html"].startswith('<section class="corrigenda-corrections">')
    assert "It cost £38.5 million." in body["html"]
    assert (
        body["html"]
        == client.get(f"/s/{widget_site.key}/articles/corrections.html", {"url": url}).text
    )

    ld = body["jsonld"]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "NewsArticle"
    assert [c["@type"] for c in ld["correction"]] == ["CorrectionComment"] * 2
    assert "dateModified" in ld["correction"][0] and "dateModified" not in ld["correction"][1]


def test_jsonld_expands_to_schema_org_news_article_with_correction_comments(
    client, widget_site, editor
):
    correction = note(widget_site, editor, "The mayor is Okafor.")
    url = correction.article.canonical_url
    ld = article(client, widget_site, url).json()["jsonld"]

    (expanded,) = jsonld.expand(ld, {"documentLoader": offline_loader})
    assert expanded["@type"] == [SCHEMA + "NewsArticle"]
    assert expanded["@id"] == url
    assert expanded[SCHEMA + "url"] == [{"@id": url}]
    assert expanded[SCHEMA + "headline"] == [{"@value": "Bridge reopens"}]
    (comment,) = expanded[SCHEMA + "correction"]
    assert comment["@type"] == [SCHEMA + "CorrectionComment"]
    assert comment[SCHEMA + "text"] == [{"@value": "The mayor is Okafor."}]
    (published,) = comment[SCHEMA + "datePublished"]
    assert datetime.fromisoformat(published["@value"]) == correction.published_at


def test_jsonld_keeps_hostile_text_as_data(client, widget_site, editor):
    text = HOSTILE + "</script><script>alert(4)</script>"
    correction = note(widget_site, editor, text, title=HOSTILE)
    body = article(client, widget_site, correction.article.canonical_url).json()
    (expanded,) = jsonld.expand(body["jsonld"], {"documentLoader": offline_loader})
    assert expanded[SCHEMA + "correction"][0][SCHEMA + "text"] == [{"@value": text}]
    # In the fragment, the same JSON-LD sits in a script block the text cannot close.
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body["html"], re.S)
    assert len(blocks) == 1
    assert json.loads(blocks[0]) == body["jsonld"]
    assert "<img" not in body["html"]


def test_the_widget_note_follows_the_site_setting(client, site, editor):
    url = note(site, editor, "A note.").article.canonical_url
    off = article(client, site, url)
    assert off.json()["show_in_widget"] is False
    assert off.json()["corrections"] == []
    # The CMS still gets every public note as HTML and JSON-LD.
    assert len(off.json()["jsonld"]["correction"]) == 1
    assert "A note." in off.json()["html"]

    site.show_corrections_in_widget = True
    site.save()
    on = article(client, site, url, **{"If-None-Match": off.headers["ETag"]})
    assert on.status_code == 200
    assert [c["note"] for c in on.json()["corrections"]] == ["A note."]


def test_unknown_article_has_no_notes(client, widget_site):
    body = article(client, widget_site, "https://news.example.org/never-seen").json()
    assert body["corrections"] == [] and body["html"] == ""
    assert body["jsonld"]["correction"] == []
    assert "headline" not in body["jsonld"]


def test_withdrawn_and_draft_notes_are_not_served(client, widget_site, editor):
    withdrawn = note(widget_site, editor, "Withdrawn.")
    url = withdrawn.article.canonical_url
    note(widget_site, editor, "Draft.", url=url, publish=False)
    etag = article(client, widget_site, url).headers["ETag"]
    withdraw_correction(withdrawn, by=editor)
    response = article(client, widget_site, url, **{"If-None-Match": etag})
    assert response.status_code == 200
    body = response.json()
    assert body["corrections"] == [] and body["jsonld"]["correction"] == []


def test_the_sites_pages_may_read_it_cross_origin(client, widget_site, editor):
    url = note(widget_site, editor, "A note.").article.canonical_url
    ours = article(client, widget_site, url, Origin=NEWS_ORIGIN)
    assert ours.headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN
    assert "Origin" in ours.headers["Vary"]
    not_modified = article(
        client, widget_site, url, Origin=NEWS_ORIGIN, **{"If-None-Match": ours.headers["ETag"]}
    )
    assert not_modified.status_code == 304
    assert not_modified.headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN
    theirs = article(client, widget_site, url, Origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in theirs.headers


def test_openapi_describes_the_public_corrections_endpoints(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    log_op = spec["paths"]["/api/v1/sites/{site_key}/corrections"]["get"]
    assert {p["name"] for p in log_op["parameters"]} == {"site_key", "month", "page"}
    assert set(log_op["responses"]) >= {"200", "304", "404"}
    article_op = spec["paths"]["/api/v1/sites/{site_key}/articles/corrections"]["get"]
    assert {p["name"] for p in article_op["parameters"]} == {"site_key", "url"}
    assert "security" not in article_op


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "2026-13"])
def test_a_month_outside_the_calendar_is_a_json_404(client, site, month):
    client.raise_request_exception = False
    response = log(client, site, month=month)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == {
        "code": "not_found",
        "message": f"“{month}” is not a month: months read like 2026-11.",
    }
