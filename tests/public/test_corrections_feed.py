"""The Atom feed of the corrections log: valid for feed readers, linking each note to its
article, and hostile text arriving as text."""

from datetime import UTC, datetime

import feedparser
import pytest

from corrigenda.corrections.services import withdraw_correction
from tests.factories import HOSTILE, note

pytestmark = pytest.mark.django_db


def feed_url(site) -> str:
    return f"/s/{site.key}/corrections/feed.atom"


def read_feed(client, site):
    response = client.get(feed_url(site))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return response, feedparser.parse(response.content)


def test_feed_parses_cleanly_and_links_each_note_to_its_article(client, site, editor):
    older = note(site, editor, "Okafor, not Okafo.", published_at=datetime(2026, 9, 2, tzinfo=UTC))
    newer = note(
        site,
        editor,
        "The bridge opened in 1887.",
        title="Bridge history",
        kind="clarification",
        published_at=datetime(2026, 10, 5, tzinfo=UTC),
    )
    _, feed = read_feed(client, site)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Corrections · Example News"
    assert feed.feed.link == f"http://testserver/s/{site.key}/corrections/"
    assert [entry.link for entry in feed.entries] == [
        newer.article.canonical_url,
        older.article.canonical_url,
    ]
    assert [entry.title for entry in feed.entries] == [
        "Clarification: Bridge history",
        "Correction: Bridge reopens",
    ]
    assert "The bridge opened in 1887." in feed.entries[0].summary
    assert feed.entries[0].published == "2026-10-05T00:00:00+00:00"
    # Two notes on one article would share its link, so ids name the note in the log.
    assert (
        feed.entries[0].id == f"http://testserver/s/{site.key}/corrections/#correction-{newer.pk}"
    )


def test_drafts_withdrawn_and_other_sites_notes_stay_out(client, site, other_site, editor):
    note(site, editor, "Still up.")
    note(site, editor, "Draft.", publish=False)
    withdraw_correction(note(site, editor, "Taken down."), by=editor)
    note(other_site, editor, "Another paper.")
    _, feed = read_feed(client, site)
    assert len(feed.entries) == 1
    assert "Still up." in feed.entries[0].summary


def test_hostile_text_is_escaped_in_the_feed(client, site, editor):
    note(site, editor, HOSTILE, title=HOSTILE)
    response, feed = read_feed(client, site)
    assert feed.bozo == 0
    xml = response.text
    assert "<script" not in xml
    assert "<img" not in xml
    entry = feed.entries[0]
    # The summary is HTML in which the note is text: a feed reader shows the tags, runs nothing.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary
    assert "<script" not in entry.summary
    assert "<img" not in entry.summary
    assert entry.title == f"Correction: {HOSTILE}"


def test_an_empty_feed_is_still_valid(client, site):
    _, feed = read_feed(client, site)
    assert feed.bozo == 0
    assert feed.entries == []


def test_unknown_site_is_404(client, db):
    assert client.get("/s/nope/corrections/feed.atom").status_code == 404


def test_feed_answers_conditional_requests(client, site, editor):
    note(site, editor, "A note.")
    response, _ = read_feed(client, site)
    etag = response.headers["ETag"]
    assert "Cookie" not in response.headers.get("Vary", "")
    assert client.get(feed_url(site), headers={"If-None-Match": etag}).status_code == 304
    modified = response.headers["Last-Modified"]
    assert client.get(feed_url(site), headers={"If-Modified-Since": modified}).status_code == 304
    note(site, editor, "Another note.")
    assert client.get(feed_url(site), headers={"If-None-Match": etag}).status_code == 200
