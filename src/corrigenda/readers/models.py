"""Readers' email addresses and what they were told.

The address a reader typed stays on their `Report`; a `ReaderAddress` records, once per
site, whether the reader confirmed it and whether they asked to hear no more. State
changes go through `readers.services`, which also writes the audit `Event` (never with
the address in it).
"""

from django.db import models

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Site


class ReaderAddress(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="reader_addresses")
    email = models.EmailField(help_text="Lower-cased, as the reader typed it otherwise.")
    mailbox = models.CharField(
        max_length=254,
        db_index=True,
        help_text="The mailbox the address reaches (readers.selectors.mailbox_of), on any site.",
    )
    created = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "email"], name="one_reader_address_per_site")
        ]
        verbose_name_plural = "reader addresses"

    def __str__(self) -> str:
        return f"reader address {self.pk} on {self.site}"

    def save(self, *args, **kwargs) -> None:
        from .selectors import mailbox_of

        self.mailbox = mailbox_of(self.email)
        super().save(*args, **kwargs)

    @property
    def may_be_told(self) -> bool:
        """Confirmed (double opt-in) and not unsubscribed since."""
        return self.confirmed_at is not None and self.unsubscribed_at is None


class CorrectionNotice(models.Model):
    """One reader told of one correction; the constraint makes sure it happens once."""

    address = models.ForeignKey(ReaderAddress, on_delete=models.CASCADE, related_name="notices")
    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["address", "correction"], name="one_notice_per_reader_and_correction"
            )
        ]

    def __str__(self) -> str:
        return f"notice of correction {self.correction_id} to reader address {self.address_id}"
