"""Error pages say what went wrong, in the product's words, with untrusted text escaped."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_unknown_address_is_a_readable_not_found_page(client):
    response = client.get("/s/no-such-site/corrections/")
    assert response.status_code == 404
    assert "<h1>Nothing here</h1>" in response.text
    assert "No such site." in response.text
    assert "<code>/s/no-such-site/corrections/</code>" in response.text


def test_an_editor_told_why_a_site_setting_is_refused(client, site, editor):
    client.force_login(editor)
    response = client.post(reverse("desk:site-settings", args=[site.key]), {"name": "X"})
    assert response.status_code == 403
    assert "<h1>You may not do this</h1>" in response.text
    assert "Only the site&#x27;s admins change its settings." in response.text
