"""The notes readers see when an article was wrong, and every wording they ever had.

State changes go through `corrections.services`, which also writes the audit `Event`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corrigenda.reports.models import Article, Issue, Site


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="corrections")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    issues = models.ManyToManyField(Issue, related_name="corrections", blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    said = models.TextField(blank=True, help_text="What the article said.")
    correct = models.TextField(blank=True, help_text="What is right.")
    note = models.TextField(help_text="The wording readers see.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, help_text="First published.")
    amended_at = models.DateTimeField(
        null=True, blank=True, help_text="Last change to the wording after it was published."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["site", "state", "-published_at"]),
            models.Index(fields=["article", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.article}"


class CorrectionVersion(models.Model):
    """One wording of a correction, kept so a published note is never silently rewritten."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=20, choices=Correction.Kind.choices)
    said = models.TextField(blank=True)
    correct = models.TextField(blank=True)
    note = models.TextField()
    was_published = models.BooleanField(
        help_text="The correction was public when this wording was saved."
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"version of correction {self.correction_id} at {self.created:%Y-%m-%d %H:%M}"
