"""Every way a report can be refused: the status, the error code, and nothing stored."""

import json

import pytest

from corrigenda.reports.models import Issue, Report
from tests.factories import ARTICLE_TEXT, report_payload, reports_url, row_counts

pytestmark = pytest.mark.django_db


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_unknown_site_is_404(site, post_report):
    before = row_counts()
    response = post_report("no-such-site", report_payload(), origin=site.allowed_origins[0])
    assert response.status_code == 404
    assert error_code(response) == "not_found"
    assert row_counts() == before


def test_post_from_an_origin_the_site_does_not_allow_is_403(site, other_site, post_report):
    before = row_counts()
    response = post_report(site, report_payload(), origin=other_site.allowed_origins[0])
    assert response.status_code == 403
    assert error_code(response) == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert row_counts() == before


@pytest.mark.parametrize("origin", ["https://evil.example.net", "http://news.example.org", None])
def test_preflight_from_an_origin_the_site_does_not_allow_is_403(client, site, origin):
    before = row_counts()
    headers = {"Access-Control-Request-Method": "POST"}
    if origin:
        headers["Origin"] = origin
    response = client.options(reports_url(site), headers=headers)
    assert response.status_code == 403
    assert error_code(response) == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert row_counts() == before


def test_body_over_64_kb_is_413(site, post_report):
    before = row_counts()
    payload = report_payload(comment="x" * 3000, text=ARTICLE_TEXT + "\n" + "y" * 64 * 1024)
    response = post_report(site, payload)
    assert response.status_code == 413
    assert error_code(response) == "body_too_large"
    # The widget must be able to read the refusal, or it would keep retrying it.
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert row_counts() == before


def test_body_just_under_64_kb_is_accepted(site, post_report):
    payload = report_payload(
        comment="x" * 4000, suggestion="s" * 1000, text=ARTICLE_TEXT + "\n" + "y" * 59600
    )
    assert 63 * 1024 < len(json.dumps(payload)) < 64 * 1024
    assert post_report(site, payload).status_code == 201


@pytest.mark.parametrize("body", ['{"url": "https://news.example.org/a",', "not json", "{'a': 1}"])
def test_malformed_json_is_400(site, post_report, body):
    before = row_counts()
    response = post_report(site, body)
    assert response.status_code == 400
    assert error_code(response) == "malformed_json"
    assert row_counts() == before


def _without(*names):
    def change(payload):
        for name in names:
            del payload[name]

    return change


def _set(**values):
    def change(payload):
        payload.update(values)

    return change


def _set_selector(index, **values):
    def change(payload):
        payload["selector"][index].update(values)

    return change


def _position_only(payload):
    payload["selector"] = payload["selector"][1:]


def _two_quotes(payload):
    payload["selector"] = [payload["selector"][0], dict(payload["selector"][0])]


def _two_positions(payload):
    payload["selector"] = [*payload["selector"], dict(payload["selector"][1])]


@pytest.mark.parametrize(
    ("change", "bad_fields"),
    [
        pytest.param(_without("url"), {"url"}, id="missing url"),
        pytest.param(_without("idempotency_key"), {"idempotency_key"}, id="missing key"),
        pytest.param(_set(idempotency_key="short"), {"idempotency_key"}, id="key too short"),
        pytest.param(_set(idempotency_key="has spaces!"), {"idempotency_key"}, id="key charset"),
        pytest.param(_set(kind="rumour"), {"kind"}, id="kind not in the list"),
        pytest.param(_set(kind=3), {"kind"}, id="kind wrong type"),
        pytest.param(_set(comment="c" * 4001), {"comment"}, id="comment over 4000"),
        pytest.param(_set(comment=["list"]), {"comment"}, id="comment wrong type"),
        pytest.param(_set(suggestion="s" * 2001), {"suggestion"}, id="suggestion over 2000"),
        pytest.param(_set(title="t" * 501), {"title"}, id="title over 500"),
        pytest.param(_set(email="not-an-email"), {"email"}, id="email not an email"),
        pytest.param(_set(url="ftp://news.example.org/a"), {"url"}, id="url not http"),
        pytest.param(_set(url="javascript:alert(1)"), {"url"}, id="url javascript"),
        pytest.param(_set(canonical_url="news.example.org/a"), {"canonical_url"}, id="canonical"),
        pytest.param(_set(selector="the the"), {"selector"}, id="selector wrong type"),
        pytest.param(
            _set_selector(0, exact="e" * 2001),
            {"selector.0.TextQuoteSelector.exact"},
            id="exact over 2000",
        ),
        pytest.param(
            _set_selector(0, exact=""), {"selector.0.TextQuoteSelector.exact"}, id="exact empty"
        ),
        pytest.param(
            _set_selector(1, start=-1),
            {"selector.1.TextPositionSelector.start"},
            id="start negative",
        ),
        pytest.param(
            _set_selector(1, end="x"), {"selector.1.TextPositionSelector.end"}, id="end wrong type"
        ),
        pytest.param(_set_selector(0, type="RangeSelector"), {"selector.0"}, id="unknown type"),
        pytest.param(_position_only, {"selector"}, id="position without quote"),
        pytest.param(_two_quotes, {"selector"}, id="two quote selectors"),
        pytest.param(_two_positions, {"selector"}, id="three selectors"),
        pytest.param(
            _set(url="mailto:x@example.org", email="nope", comment="c" * 4001),
            {"url", "email", "comment"},
            id="several at once",
        ),
    ],
)
def test_invalid_fields_are_422_naming_each_field(site, post_report, change, bad_fields):
    payload = report_payload()
    change(payload)
    before = row_counts()
    response = post_report(site, payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_fields"
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert {f["field"] for f in error["fields"]} == bad_fields
    assert all(f["message"] for f in error["fields"])
    assert row_counts() == before


def _text(text):
    def change(payload):
        payload["text"] = text

    return change


def _quote_only_of_whitespace(payload):
    payload["selector"] = [{"type": "TextQuoteSelector", "exact": " \n "}]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_text(ARTICLE_TEXT.replace("the the", "the")), id="not there"),
        pytest.param(_text(""), id="no text"),
        pytest.param(_quote_only_of_whitespace, id="only whitespace"),
    ],
)
def test_quote_not_in_the_submitted_text_is_422(site, post_report, change):
    payload = report_payload()
    change(payload)
    before = row_counts()
    response = post_report(site, payload)
    assert response.status_code == 422
    assert error_code(response) == "quote_not_in_text"
    assert row_counts() == before


def _positioned(start, end, text=ARTICLE_TEXT, exact="the the"):
    payload = report_payload(exact=exact, text=text)
    payload["selector"][1].update(start=start, end=end)
    return payload


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(_positioned(len(ARTICLE_TEXT) + 1, len(ARTICLE_TEXT) + 8), id="past end"),
        pytest.param(_positioned(10, 99999), id="end past end"),
        pytest.param(_positioned(40, 33), id="end before start"),
        pytest.param(_positioned(33, 33), id="empty span"),
        # "a🎉" is three UTF-16 units; offset 2 falls between the emoji's two halves.
        pytest.param(_positioned(2, 5, text="a🎉 the the", exact="the the"), id="mid surrogate"),
    ],
)
def test_offsets_that_cannot_be_a_selection_are_422(site, post_report, payload):
    before = row_counts()
    response = post_report(site, payload)
    assert response.status_code == 422
    assert error_code(response) == "invalid_position"
    assert row_counts() == before


def test_filled_honeypot_looks_accepted_but_is_stored_as_spam(site, editor_client, post_report):
    response = post_report(site, report_payload(website="https://cheap-pills.example"))
    assert response.status_code == 201
    assert response.json()["status"] == "received"
    report = Report.objects.get(public_id=response.json()["id"])
    assert report.spam_verdict == Report.SpamVerdict.SPAM
    assert report.issue is None
    assert not Issue.objects.exists()
    queue = editor_client.get("/desk/", {"status": ""})
    assert report.exact not in queue.content.decode()
    assert queue.context["issue_count"] == 0


def test_same_idempotency_key_twice_stores_one_report(site, post_report):
    payload = report_payload(idempotency_key="retry-from-localStorage-1")
    first = post_report(site, payload)
    second = post_report(site, payload)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert second.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert Report.objects.count() == 1
    assert Issue.objects.get().report_count == 1


def test_too_many_reports_from_one_client_are_429(site, post_report, settings):
    settings.REPORT_RATE_LIMIT = "3/m"
    for _ in range(3):
        assert post_report(site, report_payload()).status_code == 201
    before = row_counts()
    refused = post_report(site, report_payload())
    assert refused.status_code == 429
    assert error_code(refused) == "rate_limited"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert row_counts() == before

    other_client = post_report(site, report_payload(), REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 201
    assert Report.objects.count() == 4


def test_error_bodies_are_json_with_a_message(site, post_report):
    response = post_report(site, json.dumps({"url": "https://news.example.org/a"}))
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["message"]


@pytest.mark.parametrize("offset", ["3", True, 3.0])
def test_a_position_that_is_not_a_json_integer_is_refused(site, post_report, offset):
    payload = report_payload()
    payload["selector"][1]["start"] = offset
    response = post_report(site, payload)
    assert response.status_code == 422
    assert "selector" in response.json()["error"]["fields"][0]["field"]


def test_the_api_document_says_addresses_are_http_urls(client):
    document = client.get("/api/v1/openapi.json").json()
    report = document["components"]["schemas"]["ReportIn"]["properties"]
    assert report["url"]["format"] == "uri"
    assert report["url"]["pattern"].startswith("^[Hh][Tt][Tt][Pp]")
