"""The plain "write to us here" form for readers without JavaScript."""

import re

import pytest

from corrigenda.reports.models import Issue, Report
from tests.factories import row_counts

pytestmark = pytest.mark.django_db

ARTICLE = "https://news.example.org/2024/bridge-reopens"


def suggest_url(site) -> str:
    return f"/s/{site.key}/suggest"


def form_data(**fields) -> dict:
    return {
        "url": ARTICLE,
        "kind": "factual",
        "comment": "The bridge opened on Tuesday, not Monday.",
        "suggestion": "Tuesday",
        "email": "",
        "website": "",
        **fields,
    }


def test_form_is_shown_with_the_article_url_prefilled(client, site):
    response = client.get(suggest_url(site), {"url": ARTICLE})
    assert response.status_code == 200
    html = response.text
    assert f'value="{ARTICLE}"' in html
    assert "Example News" in html
    for name in ("url", "kind", "comment", "suggestion", "email", "idempotency_key"):
        assert f'name="{name}"' in html
    assert 'class="field trap"' in html  # the honeypot is hidden from people


def test_prefilled_url_is_escaped(client, site):
    response = client.get(suggest_url(site), {"url": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in response.text
    assert "&quot;&gt;&lt;script&gt;" in response.text


def test_posting_stores_a_report_without_a_quote_in_its_own_issue(client, site):
    response = client.post(suggest_url(site), form_data(email="reader@example.org"))
    assert response.status_code == 200
    assert "reached the editors of Example News" in response.text
    assert f'href="{ARTICLE}"' in response.text

    report = Report.objects.get()
    assert (report.kind, report.comment, report.suggestion) == (
        "factual",
        "The bridge opened on Tuesday, not Monday.",
        "Tuesday",
    )
    assert (report.exact, report.start, report.revision) == ("", None, None)
    assert (report.email, report.spam_verdict, report.article.canonical_url) == (
        "reader@example.org",
        "ham",
        ARTICLE,
    )
    assert report.issue.report_count == 1

    client.post(suggest_url(site), form_data(comment="Also the photo caption is wrong."))
    assert Issue.objects.count() == 2


def test_a_resubmitted_form_is_stored_once(client, site):
    key = re.search(r'name="idempotency_key" value="([^"]+)"', client.get(suggest_url(site)).text)
    data = form_data(idempotency_key=key.group(1))
    client.post(suggest_url(site), data)
    client.post(suggest_url(site), data)
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"url": ""}, "url"),
        ({"comment": ""}, "comment"),
        ({"kind": "rumour"}, "kind"),
    ],
)
def test_invalid_field_shows_its_error_and_stores_nothing(client, site, fields, bad):
    before = row_counts()
    response = client.post(suggest_url(site), form_data(**fields))
    assert response.status_code == 200
    assert "Please check the fields marked below." in response.text
    assert f'id="id_{bad}-error"' in response.text
    assert response.text.count('class="error"') == 1
    assert row_counts() == before


def test_honeypot_shows_thanks_but_stores_spam(client, site):
    response = client.post(suggest_url(site), form_data(website="https://pills.example"))
    assert response.status_code == 200
    assert "reached the editors" in response.text
    report = Report.objects.get()
    assert report.spam_verdict == Report.SpamVerdict.SPAM
    assert report.issue is None
    assert not Issue.objects.exists()


def test_unknown_site_is_404(client, db):
    assert client.get("/s/no-such-site/suggest").status_code == 404
    assert client.post("/s/no-such-site/suggest", form_data()).status_code == 404
    assert not Report.objects.exists()


def test_too_many_reports_get_a_429_page_with_retry_after(client, site, settings):
    settings.REPORT_RATE_LIMIT = "2/m"
    for _ in range(2):
        assert "reached the editors" in client.post(suggest_url(site), form_data()).text
    refused = client.post(suggest_url(site), form_data())
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Please wait a while" in refused.text
    # The reader's text is still in the form, ready to send later.
    assert "The bridge opened on Tuesday, not Monday." in refused.text
    assert Report.objects.count() == 2
    other = client.post(suggest_url(site), form_data(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200
    assert Report.objects.count() == 3


def test_an_address_that_is_not_a_page_of_the_site_is_refused_on_the_form(client, site):
    response = client.post(
        f"/s/{site.key}/suggest",
        {"url": "https://evil.test/story", "kind": "typo", "comment": "Wrong figure"},
    )
    assert response.status_code == 200
    assert "is not the address of a page of Example News" in response.text
    assert not Report.objects.exists()
