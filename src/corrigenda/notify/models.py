"""Who is told what: editors' email preferences, sites' webhooks, and every delivery tried.

Changes go through `notify.services`; the worker sends deliveries (`notify.tasks`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corrigenda.reports.models import Report, Site


def all_report_kinds() -> list[str]:
    return list(Report.Kind.values)


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class NotificationPreference(models.Model):
    """What one editor wants to hear about one site by email."""

    class Mode(models.TextChoices):
        NONE = "none", _("No emails")
        EACH = "each", _("An email for each new issue")
        DAILY = "daily", _("A daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.NONE)
    kinds = models.JSONField(
        default=all_report_kinds, blank=True, help_text="Report kinds to be told about."
    )
    last_digest_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last daily digest was made for this editor."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "site"], name="one_preference_per_site")
        ]
        indexes = [models.Index(fields=["site", "mode"])]

    def __str__(self) -> str:
        return f"{self.user} on {self.site}: {self.mode}"


class Webhook(models.Model):
    """An address the site's events are posted to, signed with the webhook's secret."""

    class Event(models.TextChoices):
        ISSUE_OPENED = "issue.opened", _("New issue")
        ISSUE_STATUS_CHANGED = "issue.status_changed", _("Issue status changed")
        CORRECTION_PUBLISHED = "correction.published", _("Correction published")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    # Kept in the clear: every delivery is signed with it.
    secret = models.CharField(max_length=64, default=new_webhook_secret)
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["site", "active"])]

    def __str__(self) -> str:
        return f"webhook {self.url} on {self.site}"


class Delivery(models.Model):
    """One email or webhook call, with its attempts: failures stay visible in the desk."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event = models.CharField(max_length=40)
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    target = models.CharField(max_length=2000, help_text="Email address or webhook URL.")
    payload = models.JSONField(help_text="Webhook: the JSON body. Email: subject, text and html.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["site", "-created"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.event} to {self.target}: {self.status}"
