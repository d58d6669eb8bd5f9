"""Telling editors: the hooks other services call on commit, and the worker's side
(who gets what, each attempt with its back-off, the daily digest).

The hooks run on the ingest path: when nobody listens to a site they cost one cached
lookup (`selectors.anyone_listening`) and nothing else.
"""

import logging
from datetime import datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from corrigenda.corrections.models import Correction
from corrigenda.desk import selectors as desk_selectors
from corrigenda.languages import site_language
from corrigenda.reports.models import Event, Issue, Site

from . import emails, selectors, webhooks
from .models import Delivery, NotificationPreference, Webhook

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=30)
BACKOFF_FACTOR = 4
DIGEST_WINDOW = timedelta(days=1)


# Hooks, called through transaction.on_commit by reports and corrections services.


def issue_opened(issue: Issue) -> None:
    """A report opened a new issue."""
    from . import tasks

    if selectors.anyone_listening(issue.site_id):
        tasks.announce_issue_opened.enqueue(issue.pk)


def issue_status_changed(issue: Issue, previous: str, by: AbstractBaseUser | None) -> None:
    from . import tasks

    if selectors.anyone_listening(issue.site_id):
        tasks.announce_status_change.enqueue(issue.pk, previous, by.pk if by else None)


def correction_published(correction: Correction) -> None:
    from . import tasks

    if selectors.anyone_listening(correction.site_id):
        tasks.announce_correction.enqueue(correction.pk)


# The worker's side: turn an event into deliveries, and attempt them.


def fan_out_issue_opened(issue: Issue) -> list[Delivery]:
    """A webhook call per subscribed webhook, an email per editor wanting each issue of
    this kind."""
    event = Webhook.Event.ISSUE_OPENED
    deliveries = _webhook_deliveries(issue.site, event, webhooks.issue_opened(issue))
    wanting = selectors.preferences_wanting(
        issue.site, NotificationPreference.Mode.EACH, issue.kind
    )
    messages: dict[str, dict] = {}
    for preference in wanting:
        language = editor_email_language(preference.user, issue.site)
        if language not in messages:
            messages[language] = emails.issue_opened(issue, language)
        deliveries.append(
            _queue(
                issue.site, Delivery.Kind.EMAIL, event, preference.user.email, messages[language]
            )
        )
    return deliveries


def editor_email_language(user: AbstractBaseUser, site: Site) -> str:
    """An editor's emails speak the language they picked for the desk, else their site's."""
    return desk_selectors.editor_language(user) or site_language(site)


def fan_out_status_change(
    issue: Issue, previous: str, by: AbstractBaseUser | None
) -> list[Delivery]:
    payload = webhooks.issue_status_changed(issue, previous, by)
    return _webhook_deliveries(issue.site, Webhook.Event.ISSUE_STATUS_CHANGED, payload)


def fan_out_correction(correction: Correction) -> list[Delivery]:
    payload = webhooks.correction_published(correction)
    return _webhook_deliveries(correction.site, Webhook.Event.CORRECTION_PUBLISHED, payload)


def _webhook_deliveries(site: Site, event: str, payload: dict) -> list[Delivery]:
    return [
        _queue(site, Delivery.Kind.WEBHOOK, event, hook.url, payload, webhook=hook)
        for hook in selectors.webhooks_for(site, event)
    ]


def _queue(
    site: Site, kind: str, event: str, target: str, payload: dict, *, webhook: Webhook | None = None
) -> Delivery:
    from . import tasks

    delivery = Delivery.objects.create(
        site=site,
        kind=kind,
        event=event,
        webhook=webhook,
        target=target,
        payload=payload,
        next_attempt_at=timezone.now(),
    )
    # Enqueued in the same transaction as the row when the queue is the database.
    tasks.deliver.enqueue(delivery.pk)
    return delivery


def retry_delay(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: 30 s, 2 min, 8 min, 32 min."""
    return FIRST_RETRY * BACKOFF_FACTOR ** (attempts - 1)


def attempt_delivery(delivery: Delivery) -> Delivery:
    """Send a pending delivery once. A failure is recorded and retried later with a
    growing wait, up to MAX_ATTEMPTS; then the delivery is failed for good."""
    # Claimed with a conditional update, so a task run twice does not send twice.
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.PENDING, attempts=delivery.attempts
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return delivery
    delivery.attempts += 1
    now = timezone.now()
    try:
        _send(delivery)
    except (webhooks.WebhookFailed, OSError) as error:
        delivery.last_error = str(error)[:1000] or type(error).__name__
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
            _retry_later(delivery)
    else:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
        delivery.next_attempt_at, delivery.last_error = None, ""
    delivery.save(update_fields=["status", "next_attempt_at", "last_error", "delivered_at"])
    return delivery


def _send(delivery: Delivery) -> None:
    if delivery.kind == Delivery.Kind.EMAIL:
        emails.send(delivery.target, delivery.payload)
        return
    webhook = delivery.webhook
    if webhook is None or not webhook.active:
        raise webhooks.WebhookFailed("The webhook was deactivated or removed.")
    webhooks.post(webhook.url, webhook.secret, delivery.payload, delivery_id=delivery.pk)


def _retry_later(delivery: Delivery) -> None:
    from . import tasks

    if not tasks.deliver.get_backend().supports_defer:
        logger.warning(
            "The task backend cannot defer tasks: delivery %s is not retried.", delivery.pk
        )
        return
    tasks.deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


# A delivery whose attempt never finished (the worker was killed mid-send) or whose retry
# task was lost stays pending past its time; this long past it, nothing else will send it.
STALLED_AFTER = timedelta(minutes=15)


def resume_stalled_deliveries(now: datetime | None = None) -> int:
    """Queue again every pending delivery overdue by STALLED_AFTER; returns how many.
    Run every few minutes (PERIODIC_TASKS). The claim in `attempt_delivery` keeps a
    delivery that is merely late from being sent by two tasks at once."""
    from . import tasks

    now = now or timezone.now()
    stalled = list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lt=now - STALLED_AFTER
        ).values_list("pk", flat=True)
    )
    for delivery_id in stalled:
        logger.warning("Delivery %s was overdue; queued again.", delivery_id)
        tasks.deliver.enqueue(delivery_id)
    return len(stalled)


# The daily digest.


def send_daily_digests(now: datetime | None = None) -> int:
    """Queue today's digest for every editor who wants one and has not had it yet today
    (in the desk's time zone); returns how many were queued. Safe to run every hour."""
    now = now or timezone.now()
    start_of_day = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    due = (
        NotificationPreference.objects.filter(
            mode=NotificationPreference.Mode.DAILY,
            user__is_active=True,
            user__membership__site=F("site"),
        )
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=start_of_day))
        .exclude(user__email="")
        .select_related("user", "site")
    )
    queued = 0
    for preference in due:
        with transaction.atomic():
            # Claimed first: a second run, here or in another worker, finds it done.
            claimed = NotificationPreference.objects.filter(
                pk=preference.pk, last_digest_at=preference.last_digest_at
            ).update(last_digest_at=now)
            if not claimed:
                continue
            since = preference.last_digest_at or now - DIGEST_WINDOW
            message = _digest(preference, since, now)
            if message is not None:
                site = preference.site
                _queue(site, Delivery.Kind.EMAIL, "digest", preference.user.email, message)
                queued += 1
    return queued


def _digest(preference: NotificationPreference, since: datetime, now: datetime) -> dict | None:
    site = preference.site
    issues = [
        issue
        for issue in Issue.objects.filter(site=site, created__gt=since, created__lte=now)
        .exclude(status=Issue.Status.SPAM)
        .select_related("site", "article")
        .order_by("created", "id")
        if issue.kind in preference.kinds
    ]
    corrections = list(
        Correction.objects.filter(
            site=site,
            state=Correction.State.PUBLISHED,
            published_at__gt=since,
            published_at__lte=now,
        )
        .select_related("article")
        .order_by("published_at", "id")
    )
    if not issues and not corrections:
        return None
    language = editor_email_language(preference.user, site)
    return emails.daily_digest(site, issues, corrections, since, language)


# Editors' choices.


def set_preference(
    user: AbstractBaseUser, site: Site, *, mode: str, kinds: list[str]
) -> NotificationPreference:
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.update_or_create(
            user=user, site=site, defaults={"mode": mode, "kinds": sorted(kinds)}
        )
        Event.objects.create(
            site=site,
            actor=user,
            action="notify.preference_set",
            detail={"user": user.get_username(), "mode": mode, "kinds": sorted(kinds)},
        )
    return preference


def add_webhook(site: Site, url: str, events: list[str], *, by: AbstractBaseUser | None) -> Webhook:
    with transaction.atomic():
        webhook = Webhook.objects.create(site=site, url=url, events=sorted(events), created_by=by)
        Event.objects.create(
            site=site,
            actor=by,
            action="notify.webhook_added",
            detail={"webhook": webhook.pk, "url": url, "events": sorted(events)},
        )
    return webhook


def deactivate_webhook(webhook: Webhook, *, by: AbstractBaseUser | None) -> Webhook:
    """Stop posting to it; its deliveries stay listed. Deactivating again changes nothing."""
    if not webhook.active:
        return webhook
    with transaction.atomic():
        webhook.active = False
        webhook.save(update_fields=["active"])
        Event.objects.create(
            site_id=webhook.site_id,
            actor=by,
            action="notify.webhook_deactivated",
            detail={"webhook": webhook.pk, "url": webhook.url},
        )
    return webhook


def send_test(webhook: Webhook, *, by: AbstractBaseUser | None) -> Delivery:
    """Queue a `ping` to the webhook, to check the address and the signature."""
    return _queue(
        webhook.site,
        Delivery.Kind.WEBHOOK,
        "ping",
        webhook.url,
        webhooks.ping(webhook.site, by),
        webhook=webhook,
    )
