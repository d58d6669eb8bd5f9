"""Reads, and the one place that decides who may see a site."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
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
    """The issues of the user's sites the filters leave. `assignee` is "mine", "nobody"
    or a user's id; the dates bound the latest report, in the desk's time zone, both
    days included."""
    issues = (
        Issue.objects.filter(site__in=sites_for_user(user))
        .select_related("site", "article", "assignee")
        .annotate(
            article_open_findings=_open_findings_of_article("article"),
            first_suggestion=_first_suggestion(),
        )
    )
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
    if site_key:
        issues = issues.filter(site__key=site_key)
    if status:
        issues = issues.filter(status=status)
    if kind:
        issues = issues.filter(kind=kind)
    if article_id:
        issues = issues.filter(article_id=article_id)
    if search:
        issues = issues.filter(
            Q(exact__icontains=search)
            # What readers quoted, even after an edit changed the passage.
            | Q(passage_before__icontains=search)
            | Q(reports__exact__icontains=search)
            | Q(reports__comment__icontains=search)
            | Q(reports__suggestion__icontains=search)
            | Q(comments__body__icontains=search)
        ).distinct()
    return issues.order_by(*SORTS.get(sort, SORTS["newest"]))


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
    articles = Article.objects.filter(site__in=sites_for_user(user))
    if site_key:
        articles = articles.filter(site__key=site_key)
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
