"""The notifications page: each editor's emails; webhooks and deliveries for admins only."""

import pytest
from django.urls import reverse

from corrigenda.notify import services
from corrigenda.notify.models import Delivery, NotificationPreference, Webhook
from corrigenda.reports.models import Membership
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

HOOK_URL = "https://hooks.example.org/corrigenda"


def site_page(site) -> str:
    return reverse("notify:site", args=[site.key])


def test_an_editor_sets_their_emails_for_a_site(editor_client, editor, site, other_site):
    page = editor_client.get(site_page(site))
    assert page.status_code == 200
    # Nothing saved yet: no emails, every kind ticked for when they turn them on.
    assert 'value="none" required id="id_mode_0" checked' in page.text
    assert 'value="other" id="id_kinds_3" checked' in page.text

    response = editor_client.post(
        reverse("notify:preference-save", args=[site.key]),
        {"mode": "each", "kinds": ["typo", "factual"]},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=editor, site=site)
    assert (preference.mode, preference.kinds) == ("each", ["factual", "typo"])
    page = editor_client.get(site_page(site))
    assert 'value="each" required id="id_mode_1" checked' in page.text
    assert 'value="typo" id="id_kinds_0" checked' in page.text
    assert 'value="clarification" id="id_kinds_2" checked' not in page.text


def test_emails_need_at_least_one_kind(editor_client, editor, site):
    response = editor_client.post(
        reverse("notify:preference-save", args=[site.key]), {"mode": "daily"}
    )
    assert response.status_code == 400
    assert "Pick at least one kind" in response.text
    assert not NotificationPreference.objects.exists()


def test_the_overview_lists_the_users_sites(client, site, other_site):
    user = make_editor("two", site)
    Membership.objects.create(site=other_site, user=user)
    services.set_preference(user, other_site, mode="daily", kinds=["typo"])
    client.force_login(user)
    page = client.get(reverse("notify:overview"))
    assert page.status_code == 200
    assert site_page(site) in page.text and site_page(other_site) in page.text
    assert "A daily digest" in page.text


def test_an_editor_of_one_site_goes_straight_to_its_page(editor_client, site):
    response = editor_client.get(reverse("notify:overview"))
    assert response.status_code == 302
    assert response.url == site_page(site)


def test_the_site_page_links_to_notifications(editor_client, site):
    assert site_page(site) in editor_client.get(reverse("desk:site", args=[site.key])).text


def test_an_admin_adds_a_webhook_and_sees_its_secret(admin_client, site):
    response = admin_client.post(
        reverse("notify:webhook-add", args=[site.key]),
        {"url": HOOK_URL, "events": ["issue.opened", "correction.published"]},
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.site == site and webhook.active
    assert webhook.events == ["correction.published", "issue.opened"]
    assert len(webhook.secret) >= 40
    assert f'value="{webhook.secret}"' in response.text

    page = admin_client.get(site_page(site))
    assert HOOK_URL in page.text
    assert "Show secret" in page.text and webhook.secret in page.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.org/x", "not a url"])
def test_a_webhook_needs_a_web_address(admin_client, site, url):
    response = admin_client.post(
        reverse("notify:webhook-add", args=[site.key]), {"url": url, "events": ["issue.opened"]}
    )
    assert response.status_code == 400
    assert not Webhook.objects.exists()


def test_an_admin_tests_and_deactivates_a_webhook(admin_client, site):
    webhook = services.add_webhook(site, HOOK_URL, ["issue.opened"], by=None)
    response = admin_client.post(reverse("notify:webhook-test", args=[site.key, webhook.pk]))
    assert response.status_code == 302
    ping = Delivery.objects.get()
    assert (ping.event, ping.target, ping.payload["event"]) == ("ping", HOOK_URL, "ping")
    assert f'data-delivery-id="{ping.pk}"' in admin_client.get(site_page(site)).text

    admin_client.post(reverse("notify:webhook-deactivate", args=[site.key, webhook.pk]))
    webhook.refresh_from_db()
    assert not webhook.active
    admin_client.post(reverse("notify:webhook-test", args=[site.key, webhook.pk]))
    assert Delivery.objects.count() == 1


def test_editors_who_are_not_admins_see_no_webhooks(editor_client, site):
    webhook = services.add_webhook(site, HOOK_URL, ["issue.opened"], by=None)
    services.send_test(webhook, by=None)
    page = editor_client.get(site_page(site))
    assert page.status_code == 200
    assert HOOK_URL not in page.text
    assert webhook.secret not in page.text
    assert "Deliveries" not in page.text

    add = editor_client.post(
        reverse("notify:webhook-add", args=[site.key]),
        {"url": "https://evil.example.org/", "events": ["issue.opened"]},
    )
    deactivate = editor_client.post(
        reverse("notify:webhook-deactivate", args=[site.key, webhook.pk])
    )
    test = editor_client.post(reverse("notify:webhook-test", args=[site.key, webhook.pk]))
    assert (add.status_code, deactivate.status_code, test.status_code) == (403, 403, 403)
    webhook.refresh_from_db()
    assert webhook.active and Webhook.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_webhook_of_another_site_is_not_found(admin_client, site, other_site):
    theirs = services.add_webhook(other_site, HOOK_URL, ["issue.opened"], by=None)
    url = reverse("notify:webhook-deactivate", args=[site.key, theirs.pk])
    assert admin_client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_hostile_webhook_text_is_escaped_in_the_desk(admin_client, site):
    services.add_webhook(site, 'https://x.example.org/"><script>alert(1)</script>', [], by=None)
    page = admin_client.get(site_page(site))
    assert "<script>alert(1)</script>" not in page.text
