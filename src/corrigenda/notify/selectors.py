"""Reads for notifications, including the cached flag the ingest path checks."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import QuerySet

from corrigenda.reports.models import Site

from .models import Delivery, NotificationPreference, Webhook

# The flag is dropped whenever a preference or webhook changes; the timeout is a backstop.
LISTENING_CACHE_SECONDS = 3600
RECENT_DELIVERIES = 50


def listening_cache_key(site_id: int) -> str:
    return f"notify:listening:{site_id}"


def anyone_listening(site_id: int) -> bool:
    """Whether anything may need sending for the site's events: an active webhook or an
    editor who wants an email per issue. Digests are made from the database later."""
    key = listening_cache_key(site_id)
    listening = cache.get(key)
    if listening is None:
        listening = (
            Webhook.objects.filter(site_id=site_id, active=True).exists()
            or NotificationPreference.objects.filter(
                site_id=site_id, mode=NotificationPreference.Mode.EACH
            ).exists()
        )
        cache.set(key, listening, LISTENING_CACHE_SECONDS)
    return listening


def forget_listeners(site_id: int) -> None:
    cache.delete(listening_cache_key(site_id))


def preference_of(user: AbstractBaseUser, site: Site) -> NotificationPreference:
    """The editor's saved preference for the site, or the default (no emails), unsaved."""
    return NotificationPreference.objects.filter(user=user, site=site).first() or (
        NotificationPreference(user=user, site=site)
    )


def preferences_wanting(site: Site, mode: str, kind: str) -> list[NotificationPreference]:
    """Preferences of the site's current members in `mode` that include `kind` and have an
    address to write to."""
    preferences = NotificationPreference.objects.filter(
        site=site, mode=mode, user__membership__site=site, user__is_active=True
    ).select_related("user")
    # Filtered here: SQLite cannot search inside a JSON list.
    return [p for p in preferences if kind in p.kinds and p.user.email]


def webhooks_for(site: Site, event: str) -> list[Webhook]:
    return [w for w in Webhook.objects.filter(site=site, active=True) if event in w.events]


def webhooks_of(site: Site) -> QuerySet[Webhook]:
    """Active webhooks first, newest first."""
    return site.webhooks.select_related("created_by").order_by("-active", "-created")


def recent_deliveries(site: Site) -> QuerySet[Delivery]:
    return site.deliveries.order_by("-created", "-id")[:RECENT_DELIVERIES]


def webhook_of(site: Site, webhook_id: int) -> Webhook | None:
    return site.webhooks.filter(pk=webhook_id).first()
