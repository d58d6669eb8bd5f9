import json

import pytest

from corrigenda.reports.services import create_api_token
from tests.factories import reports_url


@pytest.fixture
def post_report(client):
    """POST a payload (a dict, or a raw body) to a site's reports endpoint the way the
    widget does: JSON, from the site's first allowed origin unless told otherwise."""

    def post(site, payload, *, origin=None, **extra):
        body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
        if origin is None:
            origin = site.allowed_origins[0] if hasattr(site, "allowed_origins") else ""
        headers = {"Origin": origin} if origin else {}
        return client.post(
            reports_url(site), body, content_type="application/json", headers=headers, **extra
        )

    return post


@pytest.fixture
def api_token(site):
    """A live publisher API token of `site`: (the stored row, the plaintext)."""
    return create_api_token(site, "CMS publish hook", by=None)
