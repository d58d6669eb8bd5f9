"""The desk's figures for one site over a period: reports per day, how many issues were
accepted, how long triage and fixes took, and which sections and authors were corrected.

Counting happens in the database; only the medians are taken in Python, over one row per
issue of the period. Days are calendar days in the desk's time zone (`TIME_ZONE`).
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Issue, Report, Site

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# Issues the desk agreed were wrong: fixing and publishing follow acceptance (or an edit
# fixed the passage before anyone triaged it).
ACCEPTED_STATUSES = (Issue.Status.ACCEPTED, Issue.Status.FIXED, Issue.Status.PUBLISHED)


def period_from(value: str | None) -> int:
    """The period a query string asks for, in days; the default for anything else."""
    try:
        days = int(value or "")
    except ValueError:
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


@dataclass(frozen=True)
class Period:
    """The last `days` calendar days, today included, in the desk's time zone."""

    days: int
    first_day: date
    last_day: date

    @classmethod
    def ending_today(cls, days: int) -> "Period":
        today = timezone.localdate()
        return cls(days=days, first_day=today - timedelta(days=days - 1), last_day=today)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def dates(self) -> list[date]:
        return [self.first_day + timedelta(days=n) for n in range(self.days)]


@dataclass(frozen=True)
class DayCount:
    day: date
    reports: int


@dataclass(frozen=True)
class Corrected:
    """A section or an author, with what the desk corrected in it during the period."""

    name: str
    corrections: int
    accepted_issues: int


@dataclass(frozen=True)
class Triage:
    """Issues first reported during the period, and how the desk dealt with them."""

    opened: int
    triaged: int
    accepted: int
    to_triage: timedelta | None
    to_fix: timedelta | None
    fixed: int

    @property
    def accepted_share(self) -> float | None:
        """Accepted among the triaged; None before anything was triaged."""
        return self.accepted / self.triaged if self.triaged else None


@dataclass
class SiteMetrics:
    """A site's figures over a period, each computed when first read: a CSV of one table
    runs only that table's queries."""

    site: Site
    period: Period

    @cached_property
    def daily(self) -> list[DayCount]:
        return reports_per_day(self.site, self.period)

    @cached_property
    def triage(self) -> Triage:
        return triage_of(self.site, self.period)

    @cached_property
    def sections(self) -> list[Corrected]:
        return most_corrected(self.site, self.period, "section")

    @cached_property
    def authors(self) -> list[Corrected]:
        return most_corrected(self.site, self.period, "author")

    @property
    def reports(self) -> int:
        return sum(d.reports for d in self.daily)


def site_metrics(site: Site, days: int = DEFAULT_PERIOD) -> SiteMetrics:
    return SiteMetrics(site, Period.ending_today(days))


def reports_per_day(site: Site, period: Period) -> list[DayCount]:
    """Readers' reports (spam left out) per day, days without any included."""
    counts = dict(
        Report.objects.filter(
            site=site,
            spam_verdict=Report.SpamVerdict.HAM,
            created__gte=period.start,
            created__lt=period.end,
        )
        # The day in the desk's time zone, not UTC's: a report at 00:30 in Kyiv is today's.
        .annotate(day=TruncDate("created", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(reports=Count("id"))
        .values_list("day", "reports")
    )
    return [DayCount(day, counts.get(day, 0)) for day in period.dates()]


def _first_move(**detail) -> Min:
    lookups = {f"events__detail__{key}": value for key, value in detail.items()}
    return Min("events__created", filter=Q(events__action="issue.status", **lookups))


def triage_of(site: Site, period: Period) -> Triage:
    """Triage moves an issue out of "new"; the fix is its first move to "fixed" (or to
    "published", for issues whose correction came without an edit)."""
    rows = list(
        Issue.objects.filter(site=site, created__gte=period.start, created__lt=period.end)
        .annotate(
            triaged_at=_first_move(**{"from": Issue.Status.NEW}),
            fixed_at=_first_move(to=Issue.Status.FIXED),
            published_at=_first_move(to=Issue.Status.PUBLISHED),
        )
        .values_list("created", "status", "triaged_at", "fixed_at", "published_at")
    )
    to_triage = [triaged - created for created, _, triaged, _, _ in rows if triaged]
    to_fix = [
        (fixed or published) - created
        for created, _, _, fixed, published in rows
        if fixed or published
    ]
    return Triage(
        opened=len(rows),
        triaged=sum(1 for _, status, *_ in rows if status != Issue.Status.NEW),
        accepted=sum(1 for _, status, *_ in rows if status in ACCEPTED_STATUSES),
        to_triage=statistics.median(to_triage) if to_triage else None,
        to_fix=statistics.median(to_fix) if to_fix else None,
        fixed=len(to_fix),
    )


def most_corrected(site: Site, period: Period, field: str) -> list[Corrected]:
    """Sections (or authors) by corrections published during the period, then by issues
    first reported during the period that the desk accepted. "" is articles without one."""
    key = f"article__{field}"
    corrections = dict(
        Correction.objects.filter(
            site=site,
            state=Correction.State.PUBLISHED,
            published_at__gte=period.start,
            published_at__lt=period.end,
        )
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    )
    accepted = dict(
        Issue.objects.filter(
            site=site,
            status__in=ACCEPTED_STATUSES,
            created__gte=period.start,
            created__lt=period.end,
        )
        .values(key)
        .annotate(n=Count("id"))
        .values_list(key, "n")
    )
    rows = [
        Corrected(name, corrections.get(name, 0), accepted.get(name, 0))
        for name in corrections.keys() | accepted.keys()
    ]
    return sorted(rows, key=lambda r: (-r.corrections, -r.accepted_issues, r.name))


@dataclass(frozen=True)
class Table:
    """Figures as rows, for the table under each chart and for the CSV download."""

    header: tuple[str, ...]
    rows: list[tuple]

    @property
    def labels(self) -> list[str]:
        """The header as people read it: "corrections_published" is "Corrections published"."""
        return [str(COLUMN_LABELS.get(column, column)) for column in self.header]


# The CSV keeps the column names; the page shows these.
COLUMN_LABELS = {
    "day": _("Day"),
    "reports": _("Reports"),
    "section": _("Section"),
    "author": _("Author"),
    "corrections_published": _("Corrections published"),
    "accepted_issues": _("Accepted issues"),
    "figure": _("Figure"),
    "value": _("Value"),
}


TABLES = ("summary", "daily", "sections", "authors")


def _hours(duration: timedelta | None) -> str:
    return "" if duration is None else f"{duration.total_seconds() / 3600:.2f}"


def table_of(figures: SiteMetrics, name: str) -> Table:
    """One of `TABLES`; raises KeyError for any other name."""
    if name == "daily":
        return Table(("day", "reports"), [(d.day.isoformat(), d.reports) for d in figures.daily])
    if name in ("sections", "authors"):
        rows = figures.sections if name == "sections" else figures.authors
        return Table(
            (name[:-1], "corrections_published", "accepted_issues"),
            [(r.name, r.corrections, r.accepted_issues) for r in rows],
        )
    if name == "summary":
        triage, share = figures.triage, figures.triage.accepted_share
        return Table(
            ("figure", "value"),
            [
                ("first_day", figures.period.first_day.isoformat()),
                ("last_day", figures.period.last_day.isoformat()),
                ("reports", figures.reports),
                ("issues_opened", triage.opened),
                ("issues_triaged", triage.triaged),
                ("issues_accepted", triage.accepted),
                ("accepted_share", "" if share is None else f"{share:.3f}"),
                ("median_hours_to_triage", _hours(triage.to_triage)),
                ("issues_fixed", triage.fixed),
                ("median_hours_to_fix", _hours(triage.to_fix)),
            ],
        )
    raise KeyError(name)


def readable_duration(duration: timedelta | None) -> str:
    """Like "2 days 3 h", "3 h 20 min" or "12 min"; a dash when there is nothing to measure."""
    if duration is None:
        return "–"
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return ngettext("%(days)d day %(hours)d h", "%(days)d days %(hours)d h", days) % {
            "days": days,
            "hours": hours,
        }
    if hours:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return gettext("%(minutes)d min") % {"minutes": minutes}
