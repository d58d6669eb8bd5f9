"""The public corrections log (HTML): newest first, by month, paginated, only what is
published, cacheable, and hostile text shown as text."""

import re
from datetime import UTC, datetime

import pytest

from corrigenda.corrections.services import Wording, edit_correction, withdraw_correction
from corrigenda.public.selectors import LOG_PAGE_SIZE
from corrigenda.reports.models import Article
from tests.factories import HOSTILE, note

pytestmark = pytest.mark.django_db


def log_url(site) -> str:
    return f"/s/{site.key}/corrections/"


def listed_notes(response) -> list[str]:
    """The notes on the page, in order, as a reader reads them."""
    texts = re.findall(r'class="corrigenda-note-text">(.*?)</div>', response.text, re.S)
    return [re.sub(r"<[^>]+>", "", text).strip() for text in texts]


def test_lists_published_notes_newest_first_with_links_to_their_articles(client, site, editor):
    older = note(
        site, editor, "The mayor is Okafor.", published_at=datetime(2026, 9, 2, tzinfo=UTC)
    )
    newer = note(
        site,
        editor,
        "The bridge opened in 1887.",
        title="Bridge history",
        published_at=datetime(2026, 10, 5, tzinfo=UTC),
    )
    response = client.get(log_url(site))
    assert response.status_code == 200
    assert listed_notes(response) == ["The bridge opened in 1887.", "The mayor is Okafor."]
    assert f'<a href="{newer.article.canonical_url}">Bridge history</a>' in response.text
    assert f'<a href="{older.article.canonical_url}">Bridge reopens</a>' in response.text
    assert '<time datetime="2026-10-05">5 October 2026</time>' in response.text
    assert f'href="/s/{site.key}/corrections/feed.atom"' in response.text


def test_drafts_withdrawn_notes_and_other_sites_notes_are_not_listed(
    client, site, other_site, editor
):
    note(site, editor, "Published and still up.")
    note(site, editor, "Only a draft.", publish=False)
    withdraw_correction(note(site, editor, "Taken down."), by=editor)
    note(other_site, editor, "Another paper's note.")
    assert listed_notes(client.get(log_url(site))) == ["Published and still up."]


def test_a_site_without_notes_says_so(client, site):
    response = client.get(log_url(site))
    assert response.status_code == 200
    assert "No corrections yet." in response.text


def test_unknown_site_is_404(client, db):
    assert client.get("/s/no-such-site/corrections/").status_code == 404


def test_month_filter_keeps_that_months_notes_and_lists_every_month(client, site, editor):
    note(site, editor, "September note.", published_at=datetime(2026, 9, 30, 23, tzinfo=UTC))
    note(site, editor, "October note.", published_at=datetime(2026, 10, 1, tzinfo=UTC))
    note(site, editor, "Late October note.", published_at=datetime(2026, 10, 31, 23, tzinfo=UTC))

    october = client.get(log_url(site), {"month": "2026-10"})
    assert listed_notes(october) == ["Late October note.", "October note."]
    assert '<strong aria-current="page">October 2026</strong>' in october.text
    assert '<a href="?month=2026-09">September 2026</a>' in october.text
    assert listed_notes(client.get(log_url(site), {"month": "2026-09"})) == ["September note."]
    empty = client.get(log_url(site), {"month": "2025-01"})
    assert empty.status_code == 200
    assert "No corrections in January 2025 yet." in empty.text


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "october", "2026-10-01"])
def test_a_month_that_is_not_yyyy_mm_is_404_saying_how_months_read(client, site, month):
    response = client.get(log_url(site), {"month": month})
    assert response.status_code == 404
    assert f"“{month}” is not a month: months read like 2026-11." in response.text


def test_the_not_found_page_shows_a_hostile_month_as_text(client, site):
    response = client.get(log_url(site), {"month": "<script>alert(1)</script>"})
    assert response.status_code == 404
    assert "<script>alert(1)</script>" not in response.text
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;” is not a month" in response.text


def test_pages_hold_a_fixed_number_of_notes_and_link_to_each_other(client, site, editor):
    for day in range(1, LOG_PAGE_SIZE + 3):
        note(site, editor, f"Note of day {day}.", published_at=datetime(2026, 10, day, tzinfo=UTC))

    first = client.get(log_url(site), {"month": "2026-10"})
    assert len(listed_notes(first)) == LOG_PAGE_SIZE
    assert listed_notes(first)[0] == f"Note of day {LOG_PAGE_SIZE + 2}."
    assert 'rel="next" href="?month=2026-10&amp;page=2"' in first.text
    assert "Page 1 of 2" in first.text

    second = client.get(log_url(site), {"month": "2026-10", "page": 2})
    assert listed_notes(second) == ["Note of day 2.", "Note of day 1."]
    assert 'rel="prev" href="?month=2026-10&amp;page=1"' in second.text
    beyond = client.get(log_url(site), {"page": 3})
    assert beyond.status_code == 404
    assert "There is no page “3” of this log: it has 2 pages." in beyond.text
    assert client.get(log_url(site), {"page": "x"}).status_code == 404


def test_hostile_text_is_shown_as_text(client, site, editor):
    note(site, editor, HOSTILE, title=HOSTILE)
    html = client.get(log_url(site)).text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onerror=&quot;alert(2)&quot;" in html


def test_an_article_url_that_is_not_http_is_not_linked(client, site, editor):
    correction = note(site, editor, "Fixed.")
    Article.objects.filter(pk=correction.article_id).update(canonical_url="javascript:alert(1)")
    html = client.get(log_url(site)).text
    assert "javascript:" not in html
    assert "<h2>Bridge reopens</h2>" in html


def test_etag_and_last_modified_answer_conditional_requests(client, site, editor):
    correction = note(site, editor, "First wording.")
    first = client.get(log_url(site))
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]+"', etag)
    assert first.headers["Last-Modified"].endswith(" GMT")
    assert "max-age" in first.headers["Cache-Control"]
    # A shared cache may keep one copy for everyone: the page reads no session.
    assert "Cookie" not in first.headers.get("Vary", "")

    again = client.get(log_url(site), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    since = client.get(log_url(site), headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304

    # Amending, publishing another note and withdrawing each give the log a new ETag.
    edit_correction(correction, Wording(kind="correction", note="Second wording."), by=editor)
    etags = {etag, client.get(log_url(site)).headers["ETag"]}
    assert client.get(log_url(site), headers={"If-None-Match": etag}).status_code == 200
    other = note(site, editor, "Another note.")
    etags.add(client.get(log_url(site)).headers["ETag"])
    withdraw_correction(other, by=editor)
    etags.add(client.get(log_url(site)).headers["ETag"])
    assert len(etags) == 4


def test_a_draft_does_not_change_the_etag(client, site, editor):
    note(site, editor, "Public.")
    etag = client.get(log_url(site)).headers["ETag"]
    note(site, editor, "Draft.", publish=False)
    assert client.get(log_url(site), headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "2026-13", "2026-00"])
def test_a_month_outside_the_calendar_is_404_not_a_server_error(client, site, month):
    client.raise_request_exception = False
    response = client.get(log_url(site), {"month": month})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert f"“{month}” is not a month" in response.text


def test_the_first_month_of_the_calendar_east_of_utc_is_404_too(client, site, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # east of UTC: 0001-01-01 starts in year 0 in UTC
    client.raise_request_exception = False
    assert client.get(log_url(site), {"month": "0001-01"}).status_code == 404
