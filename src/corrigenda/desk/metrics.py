"""The desk's figures for one site over a period: reports per day, how many issues were
accepted, how long triage and fixes took, and which sections and authors were corrected.

Each day's figures are counted in the database through indexes bounded by its dates. A
finished day's are counted once and kept (`DailySiteFigures`, with every duration sample
so medians stay exact), so a 90-day view reads 90 small rows and counts only today live.
Days are calendar days in the desk's time zone (`TIME_ZONE`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from itertools import chain

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Event, Issue, Report, Site

from .models import DailySiteFigures

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# Issues the desk agreed were wrong: fixing and publishing follow acceptance (or an edit
# fixed the passage before anyone triaged it).
ACCEPTED_STATUSES = (Issue.Status.ACCEPTED, Issue.Status.FIXED, Issue.Status.PUBLISHED)
# A day is kept once it ended this long ago: a report stored a moment before midnight and
# committed just after it still counts.
KEPT_AFTER = timedelta(minutes=5)


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

    @classmethod
    def between(cls, first_day: date, last_day: date) -> "Period":
        return cls(days=(last_day - first_day).days + 1, first_day=first_day, last_day=last_day)


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
    """A site's figures over a period, each computed when first read: a CSV of sections
    or authors runs only that table's queries."""

    site: Site
    period: Period

    @cached_property
    def days(self) -> list[DailySiteFigures]:
        return daily_figures(self.site, self.period)

    @cached_property
    def daily(self) -> list[DayCount]:
        return [DayCount(d.day, d.reports) for d in self.days]

    @cached_property
    def triage(self) -> Triage:
        to_triage = list(chain.from_iterable(d.to_triage for d in self.days))
        to_fix = list(chain.from_iterable(d.to_fix for d in self.days))
        return Triage(
            opened=sum(d.opened for d in self.days),
            triaged=sum(d.triaged for d in self.days),
            accepted=sum(d.accepted for d in self.days),
            to_triage=_median(to_triage),
            to_fix=_median(to_fix),
            fixed=len(to_fix),
        )

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


def daily_figures(site: Site, period: Period) -> list[DailySiteFigures]:
    """Each day's figures: kept ones read, finished days without any counted and kept,
    the days since counted live (today, and yesterday for `KEPT_AFTER`)."""
    last_kept = min(
        period.last_day, timezone.localdate(timezone.now() - KEPT_AFTER) - timedelta(days=1)
    )
    by_day = {
        figures.day: figures
        for figures in DailySiteFigures.objects.filter(
            site=site, day__gte=period.first_day, day__lte=last_kept
        )
    }
    missing = [day for day in period.dates() if day not in by_day]
    if missing:
        # One count from the first missing day on: the days to keep and the live ones.
        counted = count_days(site, Period.between(missing[0], period.last_day))
        by_day.update((day, counted[day]) for day in missing)
        DailySiteFigures.objects.bulk_create(
            [counted[day] for day in missing if day <= last_kept], ignore_conflicts=True
        )
    return [by_day[day] for day in period.dates()]


def count_days(site: Site, period: Period) -> dict[date, DailySiteFigures]:
    """Each day's figures counted from the reports, issues and events (unsaved rows)."""
    figures = {
        d.day: DailySiteFigures(
            site=site, day=d.day, reports=d.reports, opened=0, triaged=0, accepted=0
        )
        for d in reports_per_day(site, period)
    }
    issues = Issue.objects.filter(site=site, created__gte=period.start, created__lt=period.end)
    day_of = {}
    for pk, created, status in issues.values_list("id", "created", "status"):
        day = day_of[pk] = timezone.localdate(created)
        figures[day].opened += 1
        figures[day].triaged += status != Issue.Status.NEW
        figures[day].accepted += status in ACCEPTED_STATUSES
    for day_figures in figures.values():
        day_figures.to_triage, day_figures.to_fix = [], []
    for pk, seconds in _first_moves(site, period, "from", [Issue.Status.NEW]):
        figures[day_of[pk]].to_triage.append(seconds)
    for pk, seconds in _first_moves(
        site, period, "to", [Issue.Status.FIXED, Issue.Status.PUBLISHED]
    ):
        figures[day_of[pk]].to_fix.append(seconds)
    for day_figures in figures.values():
        day_figures.to_triage.sort()
        day_figures.to_fix.sort()
    return figures


def _median(seconds: list[float]) -> timedelta | None:
    """The middle sample, or the mean of the two middle ones; to the millisecond, as
    SQLite's Julian days carry no finer."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    middle = (ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2
    return timedelta(seconds=round(middle, 3))


def reports_per_day(site: Site, period: Period) -> list[DayCount]:
    """Readers' reports (spam left out) per day, days without any included.

    One range of the (site, verdict, created) index per day, each day's bounds taken in
    the desk's time zone here (a report at 00:30 in Kyiv is today's), so the database
    compares stored values and converts none of them."""
    q = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    days = period.dates()
    bounds = [(day, _day_start(day), _day_start(day + timedelta(days=1))) for day in days]
    ranges = " UNION ALL ".join(
        ["SELECT %s AS number, %s AS first_moment, %s AS next_day"] * len(bounds)
    )
    params: list = []
    for number, (_day, first, after) in enumerate(bounds):
        params += [number, adapt(first), adapt(after)]
    table = q(Report._meta.db_table)
    sql = (
        f"SELECT days.number, COUNT(r.{q('id')}) FROM ({ranges}) AS days "
        f"JOIN {table} AS r ON r.{q('site_id')} = %s AND r.{q('spam_verdict')} = %s "
        f"AND r.{q('created')} >= days.first_moment AND r.{q('created')} < days.next_day "
        "GROUP BY days.number"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, site.pk, Report.SpamVerdict.HAM])
        counts = dict(cursor.fetchall())
    return [DayCount(day, counts.get(number, 0)) for number, day in enumerate(days)]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _first_moves(
    site: Site, period: Period, key: str, values: list[str]
) -> list[tuple[int, float]]:
    """Per issue first reported in the period that made such a move, the seconds from its
    first report to its first status change whose `key` ("from" or "to") is the first of
    `values` (else the next one). Triage moves an issue out of "new"; the fix is its first
    move to "fixed" (or to "published", for issues whose correction came without an edit).

    Written out: the JSON lookup and the difference of two moments are spelt differently
    in SQLite and PostgreSQL."""
    q = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor == "postgresql":
        detail = f"e.{q('detail')} ->> %s"
        seconds = "EXTRACT(EPOCH FROM ({moved} - i.{created}))"
    else:
        detail = f"json_extract(e.{q('detail')}, '$.' || %s)"
        seconds = "(julianday({moved}) - julianday(i.{created})) * 86400.0"
    firsts = ", ".join(f"MIN(CASE WHEN {detail} = %s THEN e.{q('created')} END)" for _ in values)
    moved = f"COALESCE({firsts})" if len(values) > 1 else firsts
    duration = seconds.format(moved=moved, created=q("created"))
    sql = (
        "SELECT id, seconds FROM ("
        f"  SELECT i.{q('id')} AS id, {duration} AS seconds"
        f"  FROM {q(Issue._meta.db_table)} AS i"
        f"  JOIN {q(Event._meta.db_table)} AS e ON e.{q('issue_id')} = i.{q('id')}"
        f"  WHERE i.{q('site_id')} = %s AND i.{q('created')} >= %s"
        f"  AND i.{q('created')} < %s AND e.{q('action')} = %s"
        f"  GROUP BY i.{q('id')}, i.{q('created')}"
        ") AS issue_moves WHERE seconds IS NOT NULL"
    )
    params: list = []
    for value in values:
        params += [key, value]
    params += [site.pk, adapt(period.start), adapt(period.end), "issue.status"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, float(seconds)) for pk, seconds in cursor.fetchall()]


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
