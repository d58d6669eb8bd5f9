"""An unexpected failure in the API answers in the API's JSON error format, and is logged."""

import logging

from corrigenda.public import selectors


def test_an_unexpected_exception_answers_json_and_is_logged(client, site, monkeypatch, caplog):
    def broken(site_key):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(selectors, "public_site_or_404", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(f"/api/v1/sites/{site.key}/corrections")
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "server_error"
    assert "the disk is on fire" not in response.text
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert [r.getMessage() for r in logged] == [
        f"Internal Server Error: /api/v1/sites/{site.key}/corrections"
    ]
