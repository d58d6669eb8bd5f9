"""A NUL character in an address is refused with a 4xx before any lookup, on SQLite and on
PostgreSQL (whose text cannot hold one, so the lookup was a server error there)."""

import pytest

from corrigenda.reports.services import create_api_token
from tests.factories import bearer, note, submit_report

API_QUERIES = [
    ("/api/v1/sites/{key}/articles/corrections?url=%00", "url"),
    ("/api/v1/sites/{key}/articles/corrections?url=https://news.example.org/a%00b", "url"),
    ("/api/v1/sites/{key}/corrections?month=%00", "month"),
    ("/api/v1/sites/{key}/annotations?page=1&x%00=1", "x\\x00"),
    ("/api/v1/sites/{key}/annotations/5c4e3a1d-0000-4000-8000-00000000c0de?x=%00", "x"),
    ("/api/v1/sites/{key}/annotations/%00?page=2", None),
]
PAGES = [
    "/s/{key}/articles/corrections.html?url=%00",
    "/s/{key}/corrections/?month=2024-01%00",
    "/s/{key}/corrections/feed.atom?page=%00",
    "/s/{key}/suggest?url=https://news.example.org/%00",
    "/desk/?q=%00",
    "/desk/findings/?q=a%00",
    "/desk/corrections/?q=%00",
]


@pytest.fixture
def token(site, editor):
    submit_report(site)
    note(site, editor)
    return create_api_token(site, "CMS publish hook", by=None)[1]


@pytest.mark.parametrize(("address", "field"), API_QUERIES)
def test_the_api_names_the_query_parameter_holding_a_nul(client, site, token, address, field):
    response = client.get(address.format(key=site.key), headers=bearer(token))
    if field is None:  # the NUL is in the path: no such annotation
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        return
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_fields"
    assert error["fields"] == [{"field": field, "message": "must not contain NUL characters"}]


@pytest.mark.parametrize(
    "path", ["/api/v1/sites/%00/corrections", "/api/v1/sites/{key}%00/corrections"]
)
def test_a_site_key_with_a_nul_is_no_site(client, site, path):
    response = client.get(path.format(key=site.key))
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


@pytest.mark.parametrize("address", PAGES)
def test_pages_answer_a_nul_in_the_address_with_the_bad_request_page(client, site, editor, address):
    client.force_login(editor)
    response = client.get(address.format(key=site.key))
    assert response.status_code == 400
    assert "This request cannot be answered" in response.text


def test_addresses_without_nul_are_answered_as_before(client, site, token):
    response = client.get(f"/api/v1/sites/{site.key}/articles/corrections?url=x%01y")
    assert response.status_code == 200
