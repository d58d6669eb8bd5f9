"""Webhooks go to public addresses only: a webhook pointing into the desk's own network
(the desk itself, Redis, a cloud metadata service) is refused when saved and when sent,
unless CORRIGENDA_WEBHOOK_ALLOWED_HOSTS names its host; an endpoint's answer is never
shown in the desk."""

import pytest
from django.urls import reverse

from corrigenda.notify import services
from corrigenda.notify.models import Delivery, Webhook
from corrigenda.notify.webhooks import is_internal
from tests.factories import run_worker, submit_report

ALL_EVENTS = list(Webhook.Event.values)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "fe80::1",
        "fc00::1",
        "100.64.0.1",  # shared address space (carrier NAT)
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "ff02::1",
        "240.0.0.1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_internal_addresses(address):
    assert is_internal(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses(address):
    assert not is_internal(address)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_webhook_to_the_desks_own_network_is_not_contacted(
    settings, site, admin, endpoint, client, host
):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    # Saved before the check existed, or its name pointed elsewhere when it was saved.
    url = endpoint.url.replace("127.0.0.1", host)
    hook = services.add_webhook(site, url, ALL_EVENTS, by=admin)
    endpoint.secret = hook.secret
    submit_report(site, "the the")
    run_worker()

    assert endpoint.calls == []
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "internal address" in delivery.last_error
    assert "CORRIGENDA_WEBHOOK_ALLOWED_HOSTS" in delivery.last_error

    client.force_login(admin)
    page = client.get(reverse("notify:site", args=[site.key]))
    assert "is an internal address" in page.text


@pytest.mark.django_db(transaction=True)
def test_a_host_named_in_the_setting_is_posted_to(settings, site, admin, endpoint):
    settings.WEBHOOK_ALLOWED_HOSTS = ["localhost"]
    url = endpoint.url.replace("127.0.0.1", "localhost")
    hook = services.add_webhook(site, url, ALL_EVENTS, by=admin)
    endpoint.secret = hook.secret
    submit_report(site, "the the")
    run_worker()

    [call] = endpoint.calls
    assert call.signature_ok
    assert call.headers["Host"] == f"localhost:{endpoint.server.server_port}"
    assert Delivery.objects.get().status == "delivered"


@pytest.mark.django_db(transaction=True)
def test_the_desk_shows_the_status_of_a_failed_call_never_its_body(site, admin, endpoint, client):
    endpoint.status = 500
    endpoint.error_body = b"redis_version:7.0.15\r\nrole:master\r\n"
    hook = services.add_webhook(site, endpoint.url, ALL_EVENTS, by=admin)
    endpoint.secret = hook.secret
    submit_report(site, "the the")
    run_worker()

    assert len(endpoint.calls) == 1
    assert Delivery.objects.get().last_error == "HTTP 500 Internal Server Error"
    client.force_login(admin)
    page = client.get(reverse("notify:site", args=[site.key]))
    assert "HTTP 500 Internal Server Error" in page.text
    assert "redis_version" not in page.text and "role:master" not in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://localhost:8000/desk/",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/hook",
    ],
)
def test_an_admin_cannot_save_a_webhook_into_the_desks_network(settings, admin_client, site, url):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    response = admin_client.post(
        reverse("notify:webhook-add", args=[site.key]), {"url": url, "events": ["issue.opened"]}
    )
    assert response.status_code == 400
    assert "points into the desk" in response.text
    assert "webhooks go to public addresses only" in response.text
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_an_admin_may_save_a_webhook_to_a_host_the_setting_names(settings, admin_client, site):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.internal", "localhost"]
    response = admin_client.post(
        reverse("notify:webhook-add", args=[site.key]),
        {"url": "http://localhost:9000/hook", "events": ["issue.opened"]},
    )
    assert response.status_code == 200
    assert Webhook.objects.get().url == "http://localhost:9000/hook"
