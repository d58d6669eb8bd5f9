import json

import pytest

from .payloads import reports_url


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
