"""Reads for the public corrections surfaces: only published notes, and how fresh they are.

A draft was never public and a withdrawn note is public no more, so both stay out of
every list here.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Article, Site
from corrigenda.reports.selectors import public_site

PUBLISHED = Correction.State.PUBLISHED
LOG_PAGE_SIZE = 20
MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


@dataclass(frozen=True)
class Freshness:
    """What an HTTP cache needs to revalidate a public surface: its ETag (quoted) and
    when it last changed."""

    etag: str
    last_modified: datetime


def public_site_or_404(site_key: str) -> Site:
    site = public_site(site_key)
    if site is None:
        raise Http404("No such site.")
    return site


def published_corrections(site: Site) -> QuerySet[Correction]:
    """The site's public notes, newest first."""
    return (
        Correction.objects.filter(site=site, state=PUBLISHED)
        .select_related("article", "site")
        .order_by("-published_at", "-id")
    )


def corrections_log(site: Site, month: date | None = None) -> QuerySet[Correction]:
    """The public log, newest first; with `month` (its first day), that month's notes,
    months counted in the desk's time zone."""
    corrections = published_corrections(site)
    if month is None:
        return corrections
    start, end = _month_bounds(month)
    return corrections.filter(published_at__gte=start, published_at__lt=end)


def month_from(value: str | None) -> date | None:
    """`YYYY-MM` as the month's first day; None for no month; ValueError for anything else,
    including the calendar's first and last months, whose bounds do not fit a datetime."""
    if not value:
        return None
    match = MONTH.fullmatch(value)
    try:
        if not match:
            raise ValueError
        first_day = date(int(match["year"]), int(match["month"]), 1)
        _month_bounds(first_day)
    except (ValueError, OverflowError):
        raise ValueError(f"not a month: {value!r}") from None
    return first_day


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, in the desk's time zone; both in
    UTC too, as the database compares them (OverflowError at the calendar's ends)."""
    start = timezone.make_aware(datetime.combine(month, time.min))
    end = timezone.make_aware(datetime.combine(_next_month(month), time.min))
    return start.astimezone(UTC), end.astimezone(UTC)


def log_page(site: Site, month: str | None, page: str | int | None) -> tuple[date | None, Page]:
    """One page of the public log, of one month (`YYYY-MM`) or of all; Http404 saying
    what is wrong for a month or a page the log does not have."""
    try:
        first_day = month_from(month)
    except ValueError:
        raise Http404(f"“{month}” is not a month: months read like 2026-11.") from None
    paginator = Paginator(corrections_log(site, first_day), LOG_PAGE_SIZE)
    try:
        return first_day, paginator.page(page or 1)
    except InvalidPage:
        pages = paginator.num_pages
        raise Http404(
            f"There is no page “{page}” of this log: it has {pages} page{'s' * (pages != 1)}."
        ) from None


def months_with_corrections(site: Site) -> list[date]:
    """First days of the months that have public notes, newest first."""
    months = published_corrections(site).datetimes("published_at", "month", order="DESC")
    return [moment.date() for moment in months]


def article_at(site: Site, canonical_url: str) -> Article | None:
    return Article.objects.filter(site=site, canonical_url=canonical_url).first()


def article_corrections(article: Article | None) -> QuerySet[Correction]:
    """An article's public notes in the order they were published, as the article's
    corrections box lists them."""
    if article is None:
        return Correction.objects.none()
    return (
        Correction.objects.filter(article=article, state=PUBLISHED)
        .select_related("article", "site")
        .order_by("published_at", "id")
    )


def log_freshness(site: Site) -> Freshness:
    """Changes whenever a note of the site is published, amended or withdrawn."""
    return _freshness(site, Correction.objects.filter(site=site), site.name)


def article_freshness(site: Site, article: Article | None) -> Freshness:
    """Changes whenever a note of the article is published, amended or withdrawn, and
    when the site turns its widget note on or off."""
    corrections = Correction.objects.filter(article=article) if article else None
    title = article.title if article else ""
    return _freshness(site, corrections, site.show_corrections_in_widget, title)


def _freshness(site: Site, corrections: QuerySet[Correction] | None, *extra) -> Freshness:
    # Every change to a note that was ever public saves it, so its `updated` moves; the
    # counts catch a note deleted with its article.
    state = {"latest": None, "public": 0, "ever_public": 0}
    if corrections is not None:
        state = corrections.filter(published_at__isnull=False).aggregate(
            latest=Max("updated"),
            public=Count("id", filter=Q(state=PUBLISHED)),
            ever_public=Count("id"),
        )
    latest = state["latest"] or site.created
    fingerprint = "|".join(
        str(part)
        for part in (site.pk, latest.isoformat(), state["public"], state["ever_public"], *extra)
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return Freshness(etag=f'"{digest}"', last_modified=latest)


def _next_month(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1)
