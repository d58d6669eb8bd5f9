"""How many reports the ingest takes: per client (its address, not headers it picks), per
article and per site however many clients send, and who the client is behind proxies."""

import pytest

from corrigenda.reports.models import Report
from tests.factories import article_url, report_payload

pytestmark = pytest.mark.django_db


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_a_new_user_agent_is_not_a_new_client(site, post_report, settings):
    settings.REPORT_RATE_LIMIT = "30/h"
    answers = [
        post_report(site, report_payload(), HTTP_USER_AGENT=f"Browser/{n}").status_code
        for n in range(40)
    ]
    assert answers.count(201) == 30
    assert answers[30:] == [429] * 10
    assert Report.objects.count() == 30


def test_one_article_takes_at_most_its_ceiling_from_any_number_of_clients(
    site, post_report, settings
):
    settings.ARTICLE_REPORT_RATE_LIMIT = "5/h"
    answers = [post_report(site, report_payload(), REMOTE_ADDR=f"198.51.100.{n}") for n in range(8)]
    assert [a.status_code for a in answers] == [201] * 5 + [429] * 3
    assert error_code(answers[-1]) == "article_rate_limited"
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 3600
    # Another article of the site is not held back by it.
    other = article_url(site, "-2")
    response = post_report(site, report_payload(url=other, canonical_url=other))
    assert response.status_code == 201


def test_a_site_takes_at_most_its_ceiling_from_any_number_of_clients(site, post_report, settings):
    settings.SITE_REPORT_RATE_LIMIT = "6/h"
    answers = [
        post_report(
            site,
            report_payload(url=article_url(site, f"-{n}"), canonical_url=None),
            REMOTE_ADDR=f"198.51.100.{n}",
        ).status_code
        for n in range(8)
    ]
    assert answers == [201] * 6 + [429] * 2


def test_the_no_js_form_keeps_the_article_ceiling_too(client, site, settings):
    settings.ARTICLE_REPORT_RATE_LIMIT = "2/h"
    form = {"url": article_url(site), "kind": "typo", "comment": "Wrong figure"}
    statuses = [
        client.post(f"/s/{site.key}/suggest", form, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert Report.objects.count() == 2


def test_without_trusted_proxies_a_forwarded_for_header_changes_nothing(
    site, post_report, settings
):
    settings.REPORT_RATE_LIMIT = "2/h"
    answers = [
        post_report(site, report_payload(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert answers == [201, 201, 429]


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(
    site, post_report, settings
):
    settings.REPORT_RATE_LIMIT = "2/h"
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def send(forwarded_for: str) -> int:
        return post_report(
            site, report_payload(), HTTP_X_FORWARDED_FOR=forwarded_for, **proxy
        ).status_code

    # Two readers behind the one proxy are two clients.
    assert [send("198.51.100.1"), send("198.51.100.1"), send("198.51.100.1")] == [201, 201, 429]
    assert send("198.51.100.2") == 201
    # What the client writes to the left of the proxy's entry is never read.
    assert send("6.6.6.6, 198.51.100.1") == 429
    assert send("7.7.7.7, 198.51.100.1") == 429


def test_the_edge_of_a_window_lets_no_burst_through(site, post_report, settings):
    import time_machine
    from django.utils import timezone

    settings.REPORT_RATE_LIMIT = "5/h"
    now = timezone.now()
    edge = now.replace(minute=59, second=58, microsecond=0)
    with time_machine.travel(edge, tick=False):
        first = [post_report(site, report_payload()).status_code for _ in range(5)]
    with time_machine.travel(edge + timezone.timedelta(seconds=4), tick=False):
        after_the_edge = [post_report(site, report_payload()).status_code for _ in range(5)]
    assert first == [201] * 5
    assert after_the_edge == [429] * 5
