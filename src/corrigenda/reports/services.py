"""Write operations on sites, reports and issues.

Each state change happens in exactly one function here, which also writes its `Event`.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
    utf16_to_codepoint_offset,
)

from .errors import InvalidPosition, InvalidTransition, QuoteNotInText
from .models import Article, Comment, Event, Issue, Membership, Report, Revision, Site

OPEN_STATUSES = (Issue.Status.NEW, Issue.Status.ACCEPTED)
TRIAGE_STATUSES = frozenset(
    {
        Issue.Status.NEW,
        Issue.Status.ACCEPTED,
        Issue.Status.REJECTED,
        Issue.Status.DUPLICATE,
        Issue.Status.SPAM,
    }
)
# Triage decisions can be revised; fixing and publishing move forward from acceptance.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    **{status: TRIAGE_STATUSES for status in TRIAGE_STATUSES},
    Issue.Status.ACCEPTED: TRIAGE_STATUSES | {Issue.Status.FIXED},
    Issue.Status.FIXED: frozenset({Issue.Status.ACCEPTED, Issue.Status.PUBLISHED}),
    Issue.Status.PUBLISHED: frozenset(),
}


@dataclass(frozen=True)
class Quote:
    """The reader's selection: W3C TextQuoteSelector and, when known, the
    TextPositionSelector in UTF-16 code units as the browser counted it."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start_utf16: int | None = None
    end_utf16: int | None = None


@dataclass(frozen=True)
class ReportSubmission:
    page_url: str
    canonical_url: str
    title: str = ""
    language: str = ""
    article_text: str = ""
    quote: Quote | None = None
    kind: str = Report.Kind.OTHER
    suggestion: str = ""
    comment: str = ""
    email: str = ""
    idempotency_key: str | None = None
    client_hash: str = ""
    is_spam: bool = False


def create_site(
    name: str,
    *,
    allowed_origins: list[str] | None = None,
    article_selector: str = "article",
    language: str = "en",
    by: AbstractBaseUser | None = None,
) -> Site:
    with transaction.atomic():
        site = Site.objects.create(
            name=name,
            allowed_origins=[o.rstrip("/") for o in (allowed_origins or [])],
            article_selector=article_selector,
            language=language,
        )
        Event.objects.create(site=site, actor=by, action="site.created", detail={"name": name})
    return site


def add_member(
    site: Site, user: AbstractBaseUser, role: str = Membership.Role.EDITOR, *, by=None
) -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            site=site, user=user, defaults={"role": role}
        )
        Event.objects.create(
            site=site,
            actor=by,
            action="site.member_added",
            detail={"user": user.get_username(), "role": role},
        )
    return membership


def receive_report(site: Site, submission: ReportSubmission) -> tuple[Report, bool]:
    """Store one reader report and group it into an issue.

    Returns the report and whether it was created; a repeated idempotency key
    returns the report stored the first time. Raises a `ReportError` for a quote
    that cannot be placed in the article text, before anything is written.
    """
    if submission.idempotency_key:
        earlier = _report_by_key(site, submission.idempotency_key)
        if earlier:
            return earlier, False

    text = normalize_article_text(submission.article_text)
    if submission.quote and not text:
        raise QuoteNotInText("A quote needs the article text it was taken from.")
    span = _locate_quote(submission.quote, submission.article_text, text)

    try:
        with transaction.atomic():
            report = _store_report(site, submission, text, span)
    except IntegrityError:
        # Two deliveries of the same report raced; the first one won.
        earlier = _report_by_key(site, submission.idempotency_key or "")
        if earlier is None:
            raise
        return earlier, False
    return report, True


def _report_by_key(site: Site, key: str) -> Report | None:
    return Report.objects.filter(site=site, idempotency_key=key).first()


def _locate_quote(quote: Quote | None, raw_text: str, text: str) -> tuple[int, int] | None:
    """Code-point span of the quote in the normalised text."""
    if quote is None:
        return None
    exact = normalize_article_text(quote.exact)
    if not exact:
        raise QuoteNotInText("The quote is empty once whitespace is folded.")
    hint = None
    if quote.start_utf16 is not None and quote.end_utf16 is not None:
        if quote.end_utf16 <= quote.start_utf16:
            raise InvalidPosition("The selection must end after it starts.")
        start = utf16_to_codepoint_offset(raw_text, quote.start_utf16)
        end = utf16_to_codepoint_offset(raw_text, quote.end_utf16)
        if start is None or end is None:
            raise InvalidPosition("The selection's offsets lie outside the article text.")
        if raw_text == text and text[start:end] == exact:
            return start, end
        hint = start
    occurrences = _find_all(text, exact)
    if not occurrences:
        raise QuoteNotInText("The quoted passage does not occur in the article text.")
    if hint is None:
        best = _best_by_context(text, exact, occurrences, quote.prefix, quote.suffix)
    else:
        best = min(occurrences, key=lambda at: abs(at - hint))
    return best, best + len(exact)


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _best_by_context(
    text: str, exact: str, occurrences: list[int], prefix: str, suffix: str
) -> int:
    prefix, suffix = normalize_article_text(prefix), normalize_article_text(suffix)

    def agreement(at: int) -> int:
        before = text[max(0, at - len(prefix)) : at]
        after = text[at + len(exact) : at + len(exact) + len(suffix)]
        return int(bool(prefix) and before.endswith(prefix)) + int(
            bool(suffix) and after.startswith(suffix)
        )

    return max(occurrences, key=agreement)


def _store_report(
    site: Site, submission: ReportSubmission, text: str, span: tuple[int, int] | None
) -> Report:
    article, created = Article.objects.get_or_create(
        site=site,
        canonical_url=submission.canonical_url,
        defaults={"title": submission.title[:500]},
    )
    if not created and submission.title and article.title != submission.title[:500]:
        article.title = submission.title[:500]
        article.save(update_fields=["title"])

    revision = None
    if text:
        revision, _ = Revision.objects.get_or_create(
            article=article,
            content_hash=content_hash(text),
            defaults={"text": text, "source": Revision.Source.WIDGET},
        )

    quote = submission.quote
    report = Report.objects.create(
        site=site,
        article=article,
        revision=revision,
        exact=text[span[0] : span[1]] if span else "",
        prefix=normalize_article_text(quote.prefix)[-200:] if quote else "",
        suffix=normalize_article_text(quote.suffix)[:200] if quote else "",
        start=span[0] if span else None,
        end=span[1] if span else None,
        kind=submission.kind,
        suggestion=submission.suggestion,
        comment=submission.comment,
        email=submission.email,
        page_url=submission.page_url,
        language=submission.language,
        client_hash=submission.client_hash,
        idempotency_key=submission.idempotency_key,
        spam_verdict=Report.SpamVerdict.SPAM if submission.is_spam else Report.SpamVerdict.HAM,
    )
    if submission.is_spam:
        Event.objects.create(
            site=site, action="report.spam", detail={"report": str(report.public_id)}
        )
        return report

    issue = _matching_issue(article, revision, span)
    now = timezone.now()
    if issue is None:
        issue = Issue.objects.create(
            site=site,
            article=article,
            revision=revision,
            exact=report.exact,
            start=report.start,
            end=report.end,
            kind=report.kind,
            report_count=1,
        )
        Event.objects.create(site=site, issue=issue, action="issue.opened")
    else:
        Issue.objects.filter(pk=issue.pk).update(
            report_count=F("report_count") + 1, last_reported=now
        )
    report.issue = issue
    report.save(update_fields=["issue"])
    Event.objects.create(
        site=site, issue=issue, action="report.received", detail={"report": str(report.public_id)}
    )
    return report


def _matching_issue(
    article: Article, revision: Revision | None, span: tuple[int, int] | None
) -> Issue | None:
    """The open issue whose passage overlaps the new report's by at least half of
    the shorter of the two, on the same revision."""
    if revision is None or span is None:
        return None
    candidates = Issue.objects.filter(
        article=article, status__in=OPEN_STATUSES, start__isnull=False
    ).order_by("created")
    for issue in candidates:
        issue_span = _issue_span_on(issue, revision)
        if issue_span and spans_overlap_enough(issue_span, span):
            return issue
    return None


def _issue_span_on(issue: Issue, revision: Revision) -> tuple[int, int] | None:
    if issue.revision_id == revision.pk:
        return issue.start, issue.end
    occurrences = _find_all(revision.text, issue.exact) if issue.exact else []
    if not occurrences:
        return None
    at = min(occurrences, key=lambda o: abs(o - (issue.start or 0)))
    return at, at + len(issue.exact)


def spans_overlap_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return overlap > 0 and overlap * 2 >= shorter


def change_status(
    issue: Issue,
    status: str,
    *,
    by: AbstractBaseUser,
    duplicate_of: Issue | None = None,
) -> Issue:
    """Move an issue to a new status: the one way triage decisions are recorded."""
    if status not in ALLOWED_TRANSITIONS.get(issue.status, frozenset()):
        raise InvalidTransition(f"An issue that is {issue.status} cannot become {status}.")
    if duplicate_of is not None and (
        duplicate_of.site_id != issue.site_id or duplicate_of.pk == issue.pk
    ):
        raise InvalidTransition("An issue can only duplicate another issue of the same site.")
    with transaction.atomic():
        previous = issue.status
        issue.status = status
        issue.duplicate_of = duplicate_of if status == Issue.Status.DUPLICATE else None
        issue.save(update_fields=["status", "duplicate_of"])
        if status == Issue.Status.SPAM:
            issue.reports.update(spam_verdict=Report.SpamVerdict.SPAM)
        elif previous == Issue.Status.SPAM:
            issue.reports.update(spam_verdict=Report.SpamVerdict.HAM)
        detail = {"from": previous, "to": status}
        if issue.duplicate_of_id:
            detail["duplicate_of"] = issue.duplicate_of_id
        Event.objects.create(
            site_id=issue.site_id, issue=issue, actor=by, action="issue.status", detail=detail
        )
    return issue


def assign_issue(issue: Issue, assignee: AbstractBaseUser | None, *, by: AbstractBaseUser) -> Issue:
    with transaction.atomic():
        issue.assignee = assignee
        issue.save(update_fields=["assignee"])
        Event.objects.create(
            site_id=issue.site_id,
            issue=issue,
            actor=by,
            action="issue.assigned",
            detail={"assignee": assignee.get_username() if assignee else None},
        )
    return issue


def comment_on_issue(issue: Issue, body: str, *, by: AbstractBaseUser) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.create(issue=issue, author=by, body=body)
        Event.objects.create(
            site_id=issue.site_id,
            issue=issue,
            actor=by,
            action="issue.commented",
            detail={"comment": comment.pk},
        )
    return comment
