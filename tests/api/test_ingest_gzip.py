"""Reports on long articles come gzip-compressed: stored whole, or refused without harm."""

import gzip
import json
import random
import tracemalloc

import pytest
from django.conf import settings

from corrigenda.api.schemas import ARTICLE_TEXT_MAX_LENGTH
from corrigenda.reports.models import Report
from tests.factories import long_ukrainian_article, report_payload, row_counts

pytestmark = pytest.mark.django_db


def gzipped(payload: dict | str) -> bytes:
    body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return gzip.compress(body.encode())


@pytest.fixture
def post_gzip(post_report):
    def post(site, body: bytes, encoding="gzip"):
        return post_report(site, body, HTTP_CONTENT_ENCODING=encoding)

    return post


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_long_cyrillic_article_sent_gzipped_is_stored_whole(site, post_gzip):
    text = long_ukrainian_article(150 * 1024)
    payload = report_payload(text=text, language="uk")
    body = gzipped(payload)
    assert len(json.dumps(payload, ensure_ascii=False).encode()) > 150 * 1024
    assert len(body) < settings.REPORT_MAX_BODY_BYTES

    response = post_gzip(site, body)

    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    report = Report.objects.get(public_id=response.json()["id"])
    assert report.revision.text == text
    assert report.exact == "the the"


def test_the_same_article_sent_plain_is_still_413(site, post_report):
    before = row_counts()
    response = post_report(site, report_payload(text=long_ukrainian_article(150 * 1024)))
    assert response.status_code == 413
    assert row_counts() == before


def test_body_over_64_kb_even_compressed_is_413(site, post_gzip):
    # Letters in no order hardly compress: about 100,000 of them stay over 64 KB.
    letters = random.Random(3).choices(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяABCDEFGHIJ0123456789", k=100_000
    )
    payload = report_payload(text="the the " + "".join(letters))
    body = gzipped(payload)
    assert len(body) > settings.REPORT_MAX_BODY_BYTES
    before = row_counts()

    response = post_gzip(site, body)

    assert response.status_code == 413
    assert error_code(response) == "body_too_large"
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert row_counts() == before


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """Under 64 KB compressed, about 60 MB inflated."""
    return gzip.compress(b"[" + b" " * 60_000_000 + b"]", compresslevel=9)


def test_gzip_bomb_is_413_without_inflating_it(site, post_gzip, gzip_bomb):
    assert len(gzip_bomb) < settings.REPORT_MAX_BODY_BYTES
    before = row_counts()

    tracemalloc.start()
    try:
        response = post_gzip(site, gzip_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 413
    assert error_code(response) == "body_too_large"
    assert "decompressed" in response.json()["error"]["message"]
    # Inflating it all would hold 60 MB at once.
    assert peak < 8 * 1024 * 1024
    assert row_counts() == before


def test_inflated_body_is_accepted_up_to_the_limit_and_refused_past_it(site, post_gzip):
    body = json.dumps(report_payload())
    # JSON may end in spaces: pad the body to exactly the limit.
    at_limit = body + " " * (settings.REPORT_MAX_TEXT_BYTES - len(body.encode()))
    assert post_gzip(site, gzipped(at_limit)).status_code == 201

    before = row_counts()
    response = post_gzip(site, gzipped(json.dumps(report_payload()) + " " * len(at_limit)))
    assert response.status_code == 413
    assert row_counts() == before


def _truncated(body: bytes) -> bytes:
    return body[: len(body) // 2]


def _bad_checksum(body: bytes) -> bytes:
    return body[:-8] + bytes([body[-8] ^ 0xFF]) + body[-7:]


def _trailing_bytes(body: bytes) -> bytes:
    return body + b"garbage"


def _plain_json(body: bytes) -> bytes:
    return gzip.decompress(body)


def _empty(body: bytes) -> bytes:
    return b""


@pytest.mark.parametrize(
    "corrupt", [_truncated, _bad_checksum, _trailing_bytes, _plain_json, _empty]
)
def test_corrupt_gzip_is_400(site, post_gzip, corrupt):
    before = row_counts()
    response = post_gzip(site, corrupt(gzipped(report_payload())))
    assert response.status_code == 400
    assert error_code(response) == "malformed_body"
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    assert row_counts() == before


def test_gzipped_body_that_is_not_json_is_400(site, post_gzip):
    before = row_counts()
    response = post_gzip(site, gzipped('{"url": "https://news.example.org/a",'))
    assert response.status_code == 400
    assert error_code(response) == "malformed_json"
    assert row_counts() == before


@pytest.mark.parametrize("encoding", ["br", "deflate", "gzip, gzip", "zstd"])
def test_other_content_encodings_are_415(site, post_gzip, encoding):
    before = row_counts()
    response = post_gzip(site, gzipped(report_payload()), encoding=encoding)
    assert response.status_code == 415
    assert error_code(response) == "unsupported_encoding"
    assert row_counts() == before


@pytest.mark.parametrize("encoding", ["identity", ""])
def test_identity_encoding_is_a_plain_body(site, post_report, encoding):
    response = post_report(site, report_payload(), HTTP_CONTENT_ENCODING=encoding)
    assert response.status_code == 201


def test_text_over_the_article_cap_is_422_naming_it(site, post_gzip):
    before = row_counts()
    payload = report_payload(text="the the " + "t" * ARTICLE_TEXT_MAX_LENGTH)
    response = post_gzip(site, gzipped(payload))
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["text"]
    assert row_counts() == before
