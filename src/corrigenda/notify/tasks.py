"""Notification work for `corrigenda worker`: turning events into deliveries, sending
them (each attempt re-enqueues the next with a later `run_after`), the daily digest."""

from django.contrib.auth import get_user_model
from django_tasks import task

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Issue

from . import services
from .models import Delivery


def _issue(issue_id: int) -> Issue | None:
    return Issue.objects.select_related("site", "article").filter(pk=issue_id).first()


@task()
def announce_issue_opened(issue_id: int) -> int:
    """Queue the deliveries for a new issue; returns how many."""
    issue = _issue(issue_id)
    return len(services.fan_out_issue_opened(issue)) if issue else 0


@task()
def announce_status_change(issue_id: int, previous: str, by_id: int | None) -> int:
    issue = _issue(issue_id)
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    return len(services.fan_out_status_change(issue, previous, by)) if issue else 0


@task()
def announce_correction(correction_id: int) -> int:
    correction = (
        Correction.objects.select_related("site", "article").filter(pk=correction_id).first()
    )
    return len(services.fan_out_correction(correction)) if correction else 0


@task()
def deliver(delivery_id: int) -> str:
    """Attempt one delivery; returns its status afterwards."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery.status if delivery else "gone"
    return services.attempt_delivery(delivery).status


@task()
def send_daily_digests() -> int:
    """Queue the daily digests not sent yet today; run it every hour (PERIODIC_TASKS)."""
    return services.send_daily_digests()


@task()
def resume_stalled_deliveries() -> int:
    """Queue again the deliveries a dead worker left pending; run it every few minutes."""
    return services.resume_stalled_deliveries()
