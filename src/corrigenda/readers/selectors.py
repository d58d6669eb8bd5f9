"""Reads: readers' addresses, who to tell of a correction, and everything stored for one."""

from django.db.models import QuerySet

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Report, Site

from .models import ReaderAddress


def normalize_email(email: str) -> str:
    return email.strip().lower()


# Providers that deliver name@ and n.a.m.e@ to one mailbox under another domain name too.
_SAME_MAILBOX_DOMAINS = {"googlemail.com": "gmail.com"}


def mailbox_of(email: str) -> str:
    """The mailbox an address reaches, as far as anyone can tell from outside: letter case,
    a "+tag" and dots in the local part are dropped (dots matter to some providers; for
    a limit on what is sent, counting them as one mailbox only errs on the safe side)."""
    local, _, domain = normalize_email(email).rpartition("@")
    local = local.split("+", 1)[0].replace(".", "")
    return f"{local}@{_SAME_MAILBOX_DOMAINS.get(domain, domain)}"


def reports_with_email(site: Site, email: str) -> QuerySet[Report]:
    """The site's reports that carry this address (as typed, in any letter case)."""
    return Report.objects.filter(site=site, email__iexact=normalize_email(email))


def addresses_to_tell(correction: Correction) -> QuerySet[ReaderAddress]:
    """Confirmed, subscribed addresses of the readers who reported the correction's issues."""
    emails = (
        Report.objects.filter(issue__corrections=correction, spam_verdict=Report.SpamVerdict.HAM)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return ReaderAddress.objects.filter(
        site_id=correction.site_id,
        email__in={normalize_email(e) for e in emails},
        confirmed_at__isnull=False,
        unsubscribed_at__isnull=True,
    ).exclude(notices__correction=correction)


def reader_data(site: Site, email: str) -> dict:
    """What a reader may ask to see (GDPR art. 15): their reports, as they sent them and
    where they stand, and their subscription with the emails it was sent."""
    email = normalize_email(email)
    reports = reports_with_email(site, email).select_related("article", "issue").order_by("created")
    address = ReaderAddress.objects.filter(site=site, email=email).first()
    return {
        "site": site.name,
        "email": email,
        "reports": [
            {
                "id": str(report.public_id),
                "received": report.created.isoformat(),
                "article": {"url": report.article.canonical_url, "title": report.article.title},
                "page_url": report.page_url,
                "passage": report.exact,
                "kind": report.kind,
                "suggestion": report.suggestion,
                "comment": report.comment,
                "email": report.email,
                "language": report.language,
                "issue_status": report.issue.status if report.issue else None,
            }
            for report in reports
        ],
        "subscription": _subscription(address),
    }


def _subscription(address: ReaderAddress | None) -> dict | None:
    if address is None:
        return None

    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "created": when(address.created),
        "confirmation_sent": when(address.confirmation_sent_at),
        "confirmed": when(address.confirmed_at),
        "unsubscribed": when(address.unsubscribed_at),
        "corrections_told": [
            {"correction": notice.correction_id, "sent": when(notice.sent_at)}
            for notice in address.notices.order_by("sent_at")
        ],
    }
