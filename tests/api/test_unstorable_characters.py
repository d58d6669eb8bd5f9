"""NUL and unpaired surrogates, which no database stores as text, in every text field of a
report and of a publisher push: a 422 naming the field, or (in an article's text) removed."""

import json

import pytest

from corrigenda.reports.models import Article, Report
from tests.factories import articles_url, bearer, report_payload, row_counts

pytestmark = pytest.mark.django_db

UNSTORABLE = {"nul": "\x00", "lone surrogate": "\ud800"}


def body(payload: dict) -> str:
    # json.dumps writes both as \\u escapes, as a hostile client would.
    return json.dumps(payload)


def with_char(payload: dict, field: str, char: str) -> dict:
    if field.startswith("selector."):
        name = field.split(".")[-1]
        payload["selector"][0][name] = payload["selector"][0][name] + char
    else:
        payload[field] = f"{payload.get(field) or 'x'}{char}"
    return payload


REPORT_FIELDS = [
    "comment",
    "suggestion",
    "title",
    "section",
    "author",
    "language",
    "website",
    "selector.exact",
    "selector.prefix",
    "selector.suffix",
]


@pytest.mark.parametrize("char", UNSTORABLE.values(), ids=UNSTORABLE.keys())
@pytest.mark.parametrize("field", REPORT_FIELDS)
def test_a_report_field_holding_one_is_a_422_naming_it(site, post_report, field, char):
    before = row_counts()
    response = post_report(site, body(with_char(report_payload(), field, char)))
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/json")
    named = [f["field"] for f in response.json()["error"]["fields"]]
    assert named and named[0].startswith(field.split(".")[0])
    assert named[0].endswith(field.split(".")[-1])
    assert row_counts() == before


@pytest.mark.parametrize("field", ["url", "canonical_url", "email", "idempotency_key"])
def test_addresses_and_keys_holding_a_nul_are_refused(site, post_report, field):
    payload = report_payload(email="reader@example.org")
    payload[field] = payload[field][:8] + "\x00" + payload[field][8:]
    response = post_report(site, body(payload))
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]


@pytest.mark.parametrize("char", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_an_article_text_holding_one_is_stored_without_it(site, post_report, char):
    payload = report_payload()
    payload["text"] = payload["text"].replace("Traffic", f"Traf{char}fic")
    response = post_report(site, body(payload))
    assert response.status_code == 201
    stored = Report.objects.get().revision.text
    assert char not in stored and "Traffic will return" in stored


@pytest.mark.parametrize("char", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_a_publisher_push_refuses_it_in_the_title_and_drops_it_from_the_text(
    client, site, api_token, char
):
    push = {
        "canonical_url": "https://news.example.org/2024/bridge-reopens",
        "title": f"Bridge{char} reopens",
        "text": f"The bridge reopens{char} on Monday.",
    }
    headers = bearer(api_token[1])
    refused = client.post(articles_url(site), body(push), "application/json", headers=headers)
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["fields"]] == ["title"]
    assert not Article.objects.exists()

    push["title"] = "Bridge reopens"
    taken = client.post(articles_url(site), body(push), "application/json", headers=headers)
    assert taken.status_code == 201
    assert Article.objects.get().latest_revision.text == "The bridge reopens on Monday."
