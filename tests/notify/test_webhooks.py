"""Webhooks: signed JSON to a real HTTP endpoint, retried with back-off, failures shown."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.notify import services
from corrigenda.notify.models import Delivery, Webhook
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.factories import run_worker, submit_report

from .conftest import PUBLIC_URL

pytestmark = pytest.mark.django_db(transaction=True)

ALL_EVENTS = list(Webhook.Event.values)


@pytest.fixture
def webhook(site, admin, endpoint):
    hook = services.add_webhook(site, endpoint.url, ALL_EVENTS, by=admin)
    endpoint.secret = hook.secret
    return hook


def test_a_new_issue_is_posted_signed_with_the_webhooks_secret(site, webhook, endpoint):
    report = submit_report(site, "the the", comment="Doubled word")
    run_worker()

    [call] = endpoint.calls
    assert call.signature_ok
    assert call.path == "/hooks/corrigenda"
    assert call.headers["Content-Type"] == "application/json"
    assert call.headers["X-Corrigenda-Event"] == "issue.opened"
    body = call.json
    issue_url = f"{PUBLIC_URL}/desk/issues/{report.issue_id}/"
    assert body["event"] == "issue.opened"
    assert body["site"] == {"key": site.key, "name": site.name}
    assert body["issue"]["id"] == report.issue_id
    assert body["issue"]["passage"] == "the the"
    assert body["issue"]["kind"] == "typo"
    assert body["issue"]["article"]["title"] == "Bridge reopens"
    assert body["url"] == issue_url
    assert body["text"].startswith(f"New typo issue on {site.name}: “the the”")
    assert body["text"].endswith(f"<{issue_url}|#{report.issue_id}>")
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.kind) == ("delivered", 1, "webhook")


def test_a_second_report_on_the_same_passage_posts_nothing_more(site, webhook, endpoint):
    submit_report(site, "the the")
    submit_report(site, "the the")
    run_worker()
    assert len(endpoint.calls) == 1


def test_a_wrong_secret_fails_the_endpoints_check(site, webhook, endpoint):
    endpoint.secret = "not-the-webhooks-secret"
    submit_report(site, "the the")
    run_worker()
    [call] = endpoint.calls
    assert not call.signature_ok
    assert Delivery.objects.get().last_error.startswith("HTTP 401")


def test_status_changes_and_published_corrections_are_posted(site, admin, endpoint):
    webhook = services.add_webhook(
        site,
        endpoint.url,
        [Webhook.Event.ISSUE_STATUS_CHANGED, Webhook.Event.CORRECTION_PUBLISHED],
        by=admin,
    )
    endpoint.secret = webhook.secret
    issue = submit_report(site, "the the").issue
    run_worker()
    assert endpoint.calls == []  # not subscribed to new issues

    change_status(issue, Issue.Status.ACCEPTED, by=admin)
    run_worker()
    [accepted] = [call.json for call in endpoint.calls]
    assert accepted["event"] == "issue.status_changed"
    assert (accepted["issue"]["status"], accepted["issue"]["previous_status"]) == (
        "accepted",
        "new",
    )
    assert accepted["by"] == "ada"
    assert "is now accepted (was new) by ada" in accepted["text"]

    wording = Wording(kind="correction", note="An earlier version repeated a word.")
    correction = draft_correction([Issue.objects.get(pk=issue.pk)], wording, by=admin)
    publish_correction(correction, by=admin)
    run_worker()
    events = sorted(call.json["event"] for call in endpoint.calls[1:])
    assert events == ["correction.published", "issue.status_changed"]
    published = next(c.json for c in endpoint.calls if c.json["event"] == "correction.published")
    assert published["correction"]["note"] == "An earlier version repeated a word."
    assert published["correction"]["issues"] == [issue.pk]
    assert published["correction"]["article"]["title"] == "Bridge reopens"
    assert "An earlier version repeated a word." in published["text"]
    assert all(call.signature_ok for call in endpoint.calls)


def test_slack_text_keeps_readers_words_from_becoming_mentions_or_links(site, webhook, endpoint):
    text = "The mayor said <!channel> & <https://evil.example|click> was fine."
    submit_report(site, "<!channel> & <https://evil.example|click>", text=text)
    run_worker()
    body = endpoint.calls[0].json
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in body["text"]
    assert "<!channel>" not in body["text"]
    # The JSON fields carry the words as they are.
    assert body["issue"]["passage"] == "<!channel> & <https://evil.example|click>"


def test_a_deactivated_webhook_is_sent_nothing(site, admin, webhook, endpoint):
    services.deactivate_webhook(webhook, by=admin)
    submit_report(site, "the the")
    run_worker()
    assert endpoint.calls == []
    assert not Delivery.objects.exists()


def test_a_failing_endpoint_is_retried_with_growing_waits_then_shown_as_failed(
    site, admin, webhook, endpoint, client
):
    endpoint.status = 500
    submit_report(site, "the the")
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "HTTP 500 Internal Server Error"

    waits = []
    for attempt in range(2, services.MAX_ATTEMPTS + 1):
        due = delivery.next_attempt_at
        waits.append(due - timezone.now())
        # Not before it is due: the retry waits in the queue.
        run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt - 1
        with time_machine.travel(due + timedelta(seconds=1), tick=False):
            run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert all(later > earlier * 2 for earlier, later in zip(waits, waits[1:], strict=False))
    assert waits[0] >= timedelta(seconds=25)

    assert (delivery.status, delivery.next_attempt_at) == ("failed", None)
    assert len(endpoint.calls) == services.MAX_ATTEMPTS
    assert all(call.signature_ok for call in endpoint.calls)
    # Every attempt carried the same body and delivery id.
    assert len({call.body for call in endpoint.calls}) == 1

    client.force_login(admin)
    page = client.get(reverse("notify:site", args=[site.key]))
    row = page.text.split(f'data-delivery-id="{delivery.pk}"')[1].split("</tr>")[0]
    assert "<strong>failed</strong>" in row
    assert "HTTP 500 Internal Server Error" in row
    assert f"<td>{services.MAX_ATTEMPTS}</td>" in row


def test_a_delivery_that_succeeds_on_retry_is_delivered(site, webhook, endpoint):
    endpoint.status = 503
    submit_report(site, "the the")
    run_worker()
    delivery = Delivery.objects.get()
    endpoint.status = 200
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 2, "")


def test_an_unreachable_endpoint_is_an_error_not_a_crash(site, admin, endpoint):
    endpoint.stop()
    services.add_webhook(site, endpoint.url, ALL_EVENTS, by=admin)
    submit_report(site, "the the")
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "ConnectError" in delivery.last_error


def test_a_delivery_left_pending_by_a_killed_worker_is_sent_later(site, webhook, endpoint):
    endpoint.status = 503
    submit_report(site, "the the")
    run_worker()
    delivery = Delivery.objects.get()
    # The retry task is lost (its worker was killed): only the row says it is due.
    DBTaskResult.objects.all().delete()
    endpoint.status = 200

    due = delivery.next_attempt_at
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert services.resume_stalled_deliveries() == 0  # late, not yet stalled
    with time_machine.travel(due + services.STALLED_AFTER + timedelta(minutes=1), tick=False):
        assert services.resume_stalled_deliveries() == 1
        run_worker()
        assert services.resume_stalled_deliveries() == 0

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert len(endpoint.calls) == 2
