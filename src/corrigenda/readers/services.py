"""Write operations on readers' addresses: confirm, unsubscribe, tell, forget, erase.

Each state change writes an `Event`; none of them carries the address itself, so the
audit trail keeps no email once the address is forgotten or erased.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Event, Report, Site

from .emails import confirmation_email, correction_email
from .links import CONFIRM_LINK_MAX_AGE_SECONDS
from .models import CorrectionNotice, ReaderAddress
from .selectors import addresses_to_tell, mailbox_of, normalize_email, reports_with_email

# Anyone may type another person's address in many reports, on many sites: a mailbox gets
# one confirmation request a day at most, and none while an earlier one may still be
# confirmed, whichever site it came from.
CONFIRMATION_RESEND_AFTER = timedelta(days=1)
CONFIRMATION_PENDING_FOR = timedelta(seconds=CONFIRM_LINK_MAX_AGE_SECONDS)


def ask_to_confirm(report: Report) -> bool:
    """Email the reader who left an address on `report` a link to confirm it (double
    opt-in), unless it is confirmed already, unsubscribed, or its mailbox was asked
    recently by any site (see CONFIRMATION_RESEND_AFTER). The email carries nothing the
    reader wrote: the site, the article's title and the links. Returns whether one was sent."""
    if not report.email:
        return False  # forgotten or erased before the worker got to it
    email = normalize_email(report.email)
    mailbox = mailbox_of(email)
    address, _ = ReaderAddress.objects.get_or_create(site=report.site, email=email)
    now = timezone.now()
    if address.confirmed_at or address.unsubscribed_at:
        return False
    asked = ReaderAddress.objects.filter(mailbox=mailbox, confirmation_sent_at__isnull=False)
    if asked.filter(confirmation_sent_at__gte=now - CONFIRMATION_RESEND_AFTER).exists() or (
        asked.filter(
            confirmed_at__isnull=True, confirmation_sent_at__gte=now - CONFIRMATION_PENDING_FOR
        ).exists()
    ):
        return False
    confirmation_email(address, report).send()
    address.confirmation_sent_at = now
    address.save(update_fields=["confirmation_sent_at"])
    Event.objects.create(
        site=report.site,
        issue_id=report.issue_id,
        action="reader.confirmation_sent",
        detail={"report": str(report.public_id)},
    )
    return True


def confirm_address(address: ReaderAddress) -> ReaderAddress:
    """The reader confirmed their address: they will hear when a correction is published.
    Confirming again changes nothing."""
    if address.confirmed_at is not None:
        return address
    with transaction.atomic():
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at"])
        Event.objects.create(
            site_id=address.site_id, action="reader.confirmed", detail={"address": address.pk}
        )
    return address


def unsubscribe_address(address: ReaderAddress) -> ReaderAddress:
    """The reader wants no more email from this site; unsubscribing again changes nothing."""
    if address.unsubscribed_at is not None:
        return address
    with transaction.atomic():
        address.unsubscribed_at = timezone.now()
        address.save(update_fields=["unsubscribed_at"])
        Event.objects.create(
            site_id=address.site_id, action="reader.unsubscribed", detail={"address": address.pk}
        )
    return address


def queue_correction_notices(correction: Correction) -> int:
    """Queue one email to each reader to tell of a just-published correction; returns
    how many. Called once the publication is committed."""
    from .tasks import send_correction_notice

    address_ids = list(addresses_to_tell(correction).values_list("pk", flat=True))
    for address_id in address_ids:
        send_correction_notice.enqueue(address_id, correction.pk)
    return len(address_ids)


def tell_of_correction(address: ReaderAddress, correction: Correction) -> bool:
    """Email the reader the published note, once: a second call for the same address and
    correction sends nothing. Returns whether an email was sent."""
    if correction.state != Correction.State.PUBLISHED or not address.may_be_told:
        return False
    reports = list(
        reports_with_email(address.site, address.email)
        .filter(issue__corrections=correction)
        .select_related("article")
        .order_by("created")
    )
    if not reports:
        return False  # the address was forgotten or erased from these reports meanwhile
    try:
        with transaction.atomic():
            # Claimed before sending, so two workers cannot both send it.
            notice = CorrectionNotice.objects.create(address=address, correction=correction)
    except IntegrityError:
        return False
    try:
        correction_email(address, correction, reports).send()
    except Exception:
        # Not sent: give the claim back, so running the task again can send it.
        notice.delete()
        raise
    Event.objects.create(
        site_id=address.site_id,
        action="reader.told_of_correction",
        detail={"address": address.pk, "correction": correction.pk},
    )
    return True


@dataclass(frozen=True)
class Forgotten:
    reports: int
    addresses: int


def forget_expired_emails(now: datetime | None = None) -> Forgotten:
    """Blank the email on every report older than its site's retention period and delete
    the reader addresses no report carries any more. The reports themselves stay."""
    now = now or timezone.now()
    reports = addresses = 0
    for site in Site.objects.only("pk", "retention_days"):
        cutoff = now - timedelta(days=site.retention_days)
        with transaction.atomic():
            blanked = (
                Report.objects.filter(site=site, created__lt=cutoff)
                .exclude(email="")
                .update(email="")
            )
            deleted = _delete_unused_addresses(site, created_before=cutoff)
            if blanked or deleted:
                Event.objects.create(
                    site=site,
                    action="reader.emails_forgotten",
                    detail={
                        "reports": blanked,
                        "addresses": deleted,
                        "retention_days": site.retention_days,
                    },
                )
        reports += blanked
        addresses += deleted
    return Forgotten(reports=reports, addresses=addresses)


def _delete_unused_addresses(site: Site, *, created_before: datetime) -> int:
    """Addresses older than the cutoff that no report of the site carries any more."""
    in_use = {
        normalize_email(e)
        for e in Report.objects.filter(site=site).exclude(email="").values_list("email", flat=True)
    }
    stale = ReaderAddress.objects.filter(site=site, created__lt=created_before).exclude(
        email__in=in_use
    )
    _, deleted = stale.delete()
    return deleted.get(ReaderAddress._meta.label, 0)


@dataclass(frozen=True)
class Erased:
    reports: int
    addresses: int


def erase_reader_data(site: Site, email: str, *, by: AbstractBaseUser) -> Erased:
    """Everything the site stores for one address, on request: the address is blanked on
    its reports (which stay, as the newsroom's record) and its subscription is deleted."""
    email = normalize_email(email)
    with transaction.atomic():
        blanked = reports_with_email(site, email).update(email="")
        _, deleted_by_model = ReaderAddress.objects.filter(site=site, email=email).delete()
        deleted = deleted_by_model.get(ReaderAddress._meta.label, 0)
        Event.objects.create(
            site=site,
            actor=by,
            action="reader.data_erased",
            detail={"reports": blanked, "addresses": deleted},
        )
    return Erased(reports=blanked, addresses=deleted)


def record_export(site: Site, *, reports: int, by: AbstractBaseUser) -> None:
    """Audit that someone on the desk downloaded a reader's data."""
    Event.objects.create(
        site=site, actor=by, action="reader.data_exported", detail={"reports": reports}
    )
