"""Reads, and the one place that decides who may see a site."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    UNCORRECTED_CHANGE,
    ApiToken,
    Article,
    Finding,
    Issue,
    Membership,
    Report,
    Site,
    StyleRule,
)

SITE_CACHE_SECONDS = 300


def site_cache_key(site_key: str) -> str:
    return f"site:{site_key}"


def public_site(site_key: str) -> Site | None:
    """The site a public request names, from the shared cache when possible: every
    report needs it, and a cache read costs less than building the query. Saving a
    site drops its entry (reports.signals)."""
    key = site_cache_key(site_key)
    site = cache.get(key)
    if site is None:
        site = Site.objects.filter(key=site_key).first()
        if site is not None:
            cache.set(key, site, SITE_CACHE_SECONDS)
    return site


def sites_for_user(user: AbstractBaseUser) -> QuerySet[Site]:
    """The sites whose desk this user may open. Nobody sees a site by default,
    not even staff: desk access is membership."""
    if not user.is_authenticated:
        return Site.objects.none()
    return Site.objects.filter(membership__user=user).distinct().order_by("name")


def site_for_user(user: AbstractBaseUser, site_key: str) -> Site:
    """The site, or 404 when it does not exist or the user is not on its desk
    (the two look the same, so keys of other sites are not revealed)."""
    site = sites_for_user(user).filter(key=site_key).first()
    if site is None:
        raise Http404(_("No such site."))
    return site


def is_site_admin(user: AbstractBaseUser, site: Site) -> bool:
    return Membership.objects.filter(site=site, user=user, role=Membership.Role.ADMIN).exists()


def site_for_admin(user: AbstractBaseUser, site_key: str, *, doing: str) -> Site:
    """The site, for its admins; 404 to users of other sites (as `site_for_user`), 403
    to its editors, with `doing` ("change its settings") saying what they may not do."""
    site = site_for_user(user, site_key)
    if not is_site_admin(user, site):
        raise PermissionDenied(_("Only the site's admins %(doing)s.") % {"doing": doing})
    return site


def live_api_token(plaintext: str) -> ApiToken | None:
    """The unrevoked token with this plaintext, with its site; None for any other string."""
    return (
        ApiToken.objects.select_related("site")
        .filter(digest=ApiToken.digest_of(plaintext), revoked__isnull=True)
        .first()
    )


def api_tokens_of(site: Site) -> QuerySet[ApiToken]:
    """Live tokens first, newest first."""
    return site.api_tokens.select_related("created_by").order_by(
        F("revoked").desc(nulls_first=True), "-created"
    )


# The export's `total` counts every report of the site: on PostgreSQL a parallel scan of
# the table at 200,000 reports. The count is kept in the cache; the services that store a
# report or change its spam verdict drop it (after their commit), so a new report counts
# at once. Only rows deleted with their site or article keep the old figure, for at most
# this long.
EXPORTED_COUNT_CACHE_SECONDS = 60


def exported_count_cache_key(site_id: int) -> str:
    return f"annotations:total:{site_id}"


def exported_report_count(site: Site) -> int:
    """How many reports `exported_reports` holds, from the cache when it has it."""
    key = exported_count_cache_key(site.pk)
    total = cache.get(key)
    if total is None:
        total = Report.objects.filter(site=site, spam_verdict=Report.SpamVerdict.HAM).count()
        cache.set(key, total, EXPORTED_COUNT_CACHE_SECONDS)
    return total


def forget_exported_report_count(site_id: int) -> None:
    cache.delete(exported_count_cache_key(site_id))


def exported_reports(site: Site) -> QuerySet[Report]:
    """The site's reports as the publisher API exports them: no spam, oldest first (so
    pages stay put as reports arrive), and without the readers' email addresses."""
    return (
        Report.objects.filter(site=site, spam_verdict=Report.SpamVerdict.HAM)
        .select_related("article")
        # Many reports share a revision; prefetching reads each revision's text once.
        .prefetch_related("revision")
        .defer("email", "client_hash")
        .order_by("created", "id")
    )


def issue_for_user(user: AbstractBaseUser, issue_id: int) -> Issue:
    issue = (
        Issue.objects.select_related("site", "article", "revision", "assignee")
        .filter(pk=issue_id, site__in=sites_for_user(user))
        .first()
    )
    if issue is None:
        raise Http404(_("No such issue."))
    return issue


def finding_for_user(user: AbstractBaseUser, finding_id: int) -> Finding:
    finding = Finding.objects.filter(pk=finding_id, site__in=sites_for_user(user)).first()
    if finding is None:
        raise Http404(_("No such finding."))
    return finding


def findings_of(article: Article) -> QuerySet[Finding]:
    """The article's findings in reading order, each with the revision its offsets count in."""
    return (
        Finding.objects.filter(article=article)
        .select_related("site", "style_rule")
        # Findings share a few revisions; prefetching reads each revision's text once.
        .prefetch_related("revision")
        .order_by("revision_id", "start", "id")
    )


SORTS = {"newest": ("-last_reported", "-id"), "most": ("-report_count", "-last_reported", "-id")}


def issue_queue(
    user: AbstractBaseUser,
    *,
    site_key: str = "",
    status: str = "",
    kind: str = "",
    article_id: int | None = None,
    search: str = "",
    sort: str = "newest",
    section: str = "",
    author: str = "",
    assignee: str = "",
    anchor_state: str = "",
    reported_from: date | None = None,
    reported_to: date | None = None,
) -> QuerySet[Issue]:
    """The queue's issues of the user's sites the filters leave, in order, without what
    the page shows of each: `queue_rows` reads that for one page's issues. `assignee` is
    "mine", "nobody" or a user's id; the dates bound the latest report, in the desk's
    time zone, both days included."""
    issues = _of_sites(Issue.objects.all(), user, site_key)
    if section:
        issues = issues.filter(article__section=section)
    if author:
        issues = issues.filter(article__author=author)
    if assignee == "mine":
        issues = issues.filter(assignee=user)
    elif assignee == "nobody":
        issues = issues.filter(assignee__isnull=True)
    elif assignee.isdigit():
        issues = issues.filter(assignee_id=int(assignee))
    if anchor_state:
        issues = issues.filter(anchor_state=anchor_state)
    if reported_from:
        issues = issues.filter(last_reported__gte=_day_start(reported_from))
    if reported_to:
        issues = issues.filter(last_reported__lt=_day_start(reported_to + timedelta(days=1)))
    if status:
        issues = issues.filter(status=status)
    if kind:
        issues = issues.filter(kind=kind)
    if article_id:
        issues = issues.filter(article_id=article_id)
    if search:
        issues = matching(issues, search)
    return issues.order_by(*queue_ordering(sort))


def queue_rows(ids: list[int]) -> QuerySet[Issue]:
    """The issues as the queue shows them: article, assignee, site and the article's open
    findings, read for one page's ids only (no search or filter evaluated again)."""
    return (
        Issue.objects.filter(pk__in=ids)
        # The site is read apart: joined, SQLite loops over it first and sorts every issue.
        .select_related("article", "assignee")
        .prefetch_related("site")
        .annotate(
            article_open_findings=_open_findings_of_article("article"),
            first_suggestion=_first_suggestion(),
        )
    )


def _of_sites(rows: QuerySet, user: AbstractBaseUser, site_key: str = "") -> QuerySet:
    """`rows` of the user's sites (or of the one named), by site id: with one site (the
    usual desk) the database walks an index that starts with the site in the list's
    order and stops at the page's end, where a join or subquery makes it sort them all."""
    sites = sites_for_user(user)
    if site_key:
        sites = sites.filter(key=site_key)
    ids = list(sites.values_list("pk", flat=True))
    if len(ids) == 1:
        return rows.filter(site_id=ids[0])
    return rows.filter(site_id__in=ids)


def queue_ordering(sort: str) -> tuple[str, ...]:
    return SORTS.get(sort, SORTS["newest"])


SEARCH_WORD = re.compile(r"\w+")


def matching(issues: QuerySet[Issue], search: str) -> QuerySet[Issue]:
    """The issues whose text holds every word of `search`, each word also as the start
    of a longer one, case and accents aside ("zurich" finds "Zürich", "київ" "Київ").

    The text is the passage (and what it said before an edit changed it), what readers
    quoted, suggested and commented, and the desk's comments, read from the database's
    full-text index, which its triggers keep in step (migration reports 0010)."""
    words = SEARCH_WORD.findall(search)
    if not words:
        return issues.none()
    if connection.vendor == "sqlite":
        query = " ".join(f'"{word}"*' for word in words)
        found = RawSQL(
            "SELECT rowid FROM reports_issue_search WHERE reports_issue_search MATCH %s",
            [query],
        )
        return issues.filter(pk__in=found)
    if connection.vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        found = RawSQL(
            "reports_issue.search @@ to_tsquery('simple', corrigenda_fold(%s))",
            [query],
            output_field=BooleanField(),
        )
        return issues.filter(found)
    return issues.filter(exact__icontains=search)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _first_suggestion() -> Subquery:
    """The first reader's suggestion on the issue (spam left out), for the queue's rows."""
    first = (
        Report.objects.filter(
            issue=OuterRef("pk"), spam_verdict=Report.SpamVerdict.HAM, suggestion__gt=""
        )
        .order_by("created", "id")
        .values("suggestion")[:1]
    )
    return Subquery(first)


def queue_choices(user: AbstractBaseUser) -> dict[str, list]:
    """What the queue's filters offer: the sections, authors and desk members of the
    user's sites."""
    articles = Article.objects.filter(site__in=sites_for_user(user))
    return {
        "sections": list(
            articles.exclude(section="")
            .order_by("section")
            .values_list("section", flat=True)
            .distinct()
        ),
        "authors": list(
            articles.exclude(author="")
            .order_by("author")
            .values_list("author", flat=True)
            .distinct()
        ),
        "members": list(
            get_user_model()
            .objects.filter(membership__site__in=sites_for_user(user))
            .order_by("username")
            .distinct()
        ),
    }


def _open_findings_of_article(article_field: str) -> Coalesce:
    """How many open findings the article named by `article_field` has; a subquery, so
    joining it to issues does not multiply rows."""
    counts = (
        Finding.objects.filter(article=OuterRef(article_field), state=Finding.State.OPEN)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def articles_with_open_findings(user: AbstractBaseUser, *, site_key: str = "") -> QuerySet[Article]:
    """The user's sites' articles that automatic checks flagged and nobody has looked at
    yet: most errors first, then most findings, then the latest flagged."""
    articles = _of_sites(Article.objects.all(), user, site_key)
    is_open = Q(findings__state=Finding.State.OPEN)
    return (
        articles.annotate(
            open_findings=Count("findings", filter=is_open),
            open_errors=Count(
                "findings", filter=is_open & Q(findings__severity=StyleRule.Severity.ERROR)
            ),
            open_warnings=Count(
                "findings", filter=is_open & Q(findings__severity=StyleRule.Severity.WARNING)
            ),
        )
        .filter(open_findings__gt=0)
        .select_related("site")
        .order_by("-open_errors", "-open_warnings", "-open_findings", "-id")
    )


def flagged_article_count(user: AbstractBaseUser, *, site_key: str = "") -> int:
    """How many articles `articles_with_open_findings` lists, counted from the findings."""
    sites = sites_for_user(user)
    if site_key:
        sites = sites.filter(key=site_key)
    findings = Finding.objects.filter(site__in=sites.values("pk"), state=Finding.State.OPEN)
    return findings.values("article").distinct().count()


def article_for_user(user: AbstractBaseUser, article_id: int) -> Article:
    article = (
        Article.objects.select_related("site")
        .filter(pk=article_id, site__in=sites_for_user(user))
        .first()
    )
    if article is None:
        raise Http404(_("No such article."))
    return article


def style_rules_of(site: Site) -> QuerySet[StyleRule]:
    """The site's house style in alphabetical order, as the desk lists and exports it."""
    return site.style_rules.order_by("pattern", "pk")


def open_uncorrected_changes(article_ids: list[int]) -> dict[int, list[Finding]]:
    """The open findings of edits made without a correction, per article."""
    found: dict[int, list[Finding]] = {}
    for finding in Finding.objects.filter(
        article_id__in=article_ids, rule=UNCORRECTED_CHANGE, state=Finding.State.OPEN
    ).order_by("first_seen", "pk"):
        found.setdefault(finding.article_id, []).append(finding)
    return found


PRECISION_DAYS = 90


@dataclass(frozen=True)
class RulePrecision:
    """How often editors found a rule right: findings fixed by an edit, corrected or
    dismissed as meant, against those dismissed as no error."""

    rule: str
    right: int
    wrong: int

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong)


def rule_precision(site: Site, days: int = PRECISION_DAYS) -> list[RulePrecision]:
    """Each rule's findings that editors or edits settled in the last `days` days, in
    one aggregate query; rules with none are left out."""
    dismissed = Q(state=Finding.State.DISMISSED)
    rows = (
        Finding.objects.filter(site=site, decided_at__gte=timezone.now() - timedelta(days=days))
        .order_by()
        .values("rule")
        .annotate(
            wrong=Count("pk", filter=dismissed & Q(dismissal=Finding.Dismissal.WRONG)),
            right=Count(
                "pk",
                filter=Q(state__in=(Finding.State.GONE, Finding.State.CORRECTED))
                | (dismissed & Q(dismissal=Finding.Dismissal.INTENDED)),
            ),
        )
        .order_by("rule")
    )
    return [
        RulePrecision(row["rule"], row["right"], row["wrong"])
        for row in rows
        if row["right"] + row["wrong"]
    ]


def suggestions_of(issue: Issue) -> list[tuple[str, int]]:
    """What readers suggested the passage should say, most agreed first: suggestions equal
    but for case and spacing count as one, shown as the first reader wrote it."""
    grouped: dict[str, list] = {}
    reports = issue.reports.filter(spam_verdict=Report.SpamVerdict.HAM).exclude(suggestion="")
    for suggestion in reports.order_by("created", "id").values_list("suggestion", flat=True):
        key = " ".join(suggestion.split()).casefold()
        grouped.setdefault(key, [suggestion.strip(), 0])[1] += 1
    return sorted(((text, count) for text, count in grouped.values()), key=lambda pair: -pair[1])


def findings_on_passage(issue: Issue, findings: list[Finding]) -> list[Finding]:
    """Of `findings`, those whose flagged words overlap the issue's passage (on the text
    the issue is placed on)."""
    if issue.start is None or issue.end is None or issue.revision_id is None:
        return []
    return [
        finding
        for finding in findings
        if finding.revision_id == issue.revision_id
        and finding.start < issue.end
        and finding.end > issue.start
    ]
