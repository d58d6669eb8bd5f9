"""Publisher API tokens on the site's desk page: admins create and revoke, editors look."""

import re

import pytest
from django.urls import reverse

from corrigenda.reports.models import ApiToken, Event, Membership
from corrigenda.reports.services import create_api_token
from tests.factories import annotations_url, bearer, make_editor

pytestmark = pytest.mark.django_db


def site_page(site):
    return reverse("desk:site", args=[site.key])


def create_url(site):
    return reverse("desk:site-token-create", args=[site.key])


def revoke_url(site, token):
    return reverse("desk:site-token-revoke", args=[site.key, token.pk])


def _shown_token(page: str) -> str:
    match = re.search(r'id="api-token"[^>]*value="([^"]+)"', page)
    assert match, "the new token is not on the page"
    return match[1]


def test_an_admin_creates_a_token_and_sees_it_once(admin_client, site, admin):
    response = admin_client.post(create_url(site), {"name": "CMS publish hook"})

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    plaintext = _shown_token(response.text)
    assert "shown only this once" in response.text
    token = ApiToken.objects.get(site=site)
    assert (token.name, token.created_by, token.revoked) == ("CMS publish hook", admin, None)
    assert token.digest == ApiToken.digest_of(plaintext)
    assert plaintext.startswith(token.prefix)

    # Never again: not on the site page, not in the audit trail.
    later = admin_client.get(site_page(site))
    assert plaintext not in later.text
    assert token.prefix in later.text
    event = Event.objects.get(action="site.token_created")
    assert event.actor == admin
    assert plaintext not in str(event.detail)


def test_the_created_token_opens_the_api(admin_client, client, site):
    plaintext = _shown_token(admin_client.post(create_url(site), {"name": "CMS"}).text)
    admin_client.logout()
    assert client.get(annotations_url(site), headers=bearer(plaintext)).status_code == 200


def test_a_token_needs_a_name(admin_client, site):
    response = admin_client.post(create_url(site), {"name": "  "})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert "Name the token" in admin_client.get(response.url).text


def test_an_admin_revokes_a_token(admin_client, client, site, admin):
    token, plaintext = create_api_token(site, "Old CMS", by=admin)
    assert client.get(annotations_url(site), headers=bearer(plaintext)).status_code == 200

    response = admin_client.post(revoke_url(site, token))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert Event.objects.get(action="site.token_revoked").actor == admin
    assert client.get(annotations_url(site), headers=bearer(plaintext)).status_code == 401
    page = admin_client.get(response.url).text
    assert "is revoked" in page
    row = re.search(rf'<tr data-token-id="{token.pk}">.*?</tr>', page, re.S)[0]
    assert "revoked" in row and "Revoke" not in row


def test_revoking_twice_changes_nothing(admin_client, site, admin):
    token, _ = create_api_token(site, "CMS", by=admin)
    admin_client.post(revoke_url(site, token))
    token.refresh_from_db()
    first_revoked = token.revoked
    admin_client.post(revoke_url(site, token))
    token.refresh_from_db()
    assert token.revoked == first_revoked
    assert Event.objects.filter(action="site.token_revoked").count() == 1


def test_the_list_shows_name_prefix_and_use(admin_client, client, site, admin):
    used, plaintext = create_api_token(site, "CMS", by=admin)
    unused, _ = create_api_token(site, "Archive export", by=admin)
    client.get(annotations_url(site), headers=bearer(plaintext))

    page = admin_client.get(site_page(site)).text
    for token in (used, unused):
        assert token.name in page
        assert f"{token.prefix}…" in page
    used_row = re.search(rf'<tr data-token-id="{used.pk}">.*?</tr>', page, re.S)[0]
    unused_row = re.search(rf'<tr data-token-id="{unused.pk}">.*?</tr>', page, re.S)[0]
    assert "never" not in used_row and "live" in used_row
    assert "never" in unused_row
    assert 'action="' + create_url(site) + '"' in page
    assert 'action="' + revoke_url(site, used) + '"' in page


def test_token_names_are_escaped(admin_client, site):
    hostile = '<img src=x onerror="alert(1)">'
    created = admin_client.post(create_url(site), {"name": hostile}).text
    listed = admin_client.get(site_page(site)).text
    for page in (created, listed):
        assert hostile not in page
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_editors_see_the_tokens_but_cannot_manage_them(editor_client, site, admin):
    token, plaintext = create_api_token(site, "CMS", by=admin)

    page = editor_client.get(site_page(site)).text
    assert token.name in page and token.prefix in page
    assert create_url(site) not in page
    assert revoke_url(site, token) not in page

    assert editor_client.post(create_url(site), {"name": "mine"}).status_code == 403
    assert editor_client.post(revoke_url(site, token)).status_code == 403
    token.refresh_from_db()
    assert token.revoked is None
    assert ApiToken.objects.count() == 1


def test_users_of_other_sites_get_404(client, site, other_site, admin):
    token, _ = create_api_token(site, "CMS", by=admin)
    their_admin = make_editor("otto", other_site, role=Membership.Role.ADMIN)
    client.force_login(their_admin)
    assert client.post(create_url(site), {"name": "mine"}).status_code == 404
    assert client.post(revoke_url(site, token)).status_code == 404
    # Nor through their own site's URL with our token's id.
    own_site_url = reverse("desk:site-token-revoke", args=[other_site.key, token.pk])
    assert client.post(own_site_url).status_code == 404
    token.refresh_from_db()
    assert token.revoked is None
    assert ApiToken.objects.count() == 1


def test_only_post_changes_tokens(admin_client, site, admin):
    token, _ = create_api_token(site, "CMS", by=admin)
    assert admin_client.get(create_url(site)).status_code == 405
    assert admin_client.get(revoke_url(site, token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked is None
