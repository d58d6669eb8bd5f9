"""Write operations on sites, reports and issues.

Each state change happens in exactly one function here, which also writes its `Event`.
"""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from corrigenda.anchoring import (
    AnchorState,
    Reanchored,
    Span,
    anchor,
    describe,
    reanchor_many,
)
from corrigenda.anchoring.quote_search import find_all
from corrigenda.anchoring.spans import spans_overlap_enough
from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
    utf16_to_codepoint_offset,
)
from corrigenda.checks import ALL_CHECKS, run_checks
from corrigenda.checks import StyleRule as CheckStyleRule
from corrigenda.checks.findings import Finding as CheckFinding
from corrigenda.notify import services as notify

from .errors import InvalidPosition, InvalidTransition, QuoteNotInText, ReportError
from .models import (
    ApiToken,
    Article,
    Comment,
    Event,
    Finding,
    Issue,
    Membership,
    Report,
    Revision,
    Site,
    StyleRule,
)

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
    # An edit may fix the passage before anyone triaged it: "fixed" from "new" too.
    Issue.Status.NEW: TRIAGE_STATUSES | {Issue.Status.FIXED},
    # A correction may be published before the article is fixed (a clarification, say).
    Issue.Status.ACCEPTED: TRIAGE_STATUSES | {Issue.Status.FIXED, Issue.Status.PUBLISHED},
    Issue.Status.FIXED: frozenset({Issue.Status.ACCEPTED, Issue.Status.PUBLISHED}),
    # Only by withdrawing its correction.
    Issue.Status.PUBLISHED: frozenset({Issue.Status.ACCEPTED}),
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
    section: str = ""
    author: str = ""


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
    text = normalize_article_text(submission.article_text)
    try:
        if submission.quote and not text:
            raise QuoteNotInText("A quote needs the article text it was taken from.")
        span = _locate_quote(submission.quote, submission.article_text, text)
    except ReportError:
        earlier = _report_by_key(site, submission.idempotency_key)
        if earlier is None:
            raise
        return earlier, False

    # Read before the transaction: on SQLite it holds the one write lock, so it stays short.
    stored_revision = _stored_revision(
        site,
        submission.canonical_url,
        text,
        submission.title,
        section=submission.section,
        author=submission.author,
    )
    candidate = (
        _matching_issue(stored_revision.article, stored_revision, span)
        if stored_revision is not None and not submission.is_spam
        else None
    )
    # A repeated key is rare, so it is caught by the unique constraint rather than looked
    # up first: the transaction rolls back and the first report is returned.
    try:
        with transaction.atomic():
            report = _store_report(site, submission, text, span, stored_revision, candidate)
            if submission.email and not submission.is_spam:
                # The reader hears back only once they confirm the address (double opt-in).
                transaction.on_commit(lambda: _enqueue_confirmation(report))
    except IntegrityError:
        earlier = _report_by_key(site, submission.idempotency_key)
        if earlier is None:
            raise
        return earlier, False
    return report, True


def _report_by_key(site: Site, key: str | None) -> Report | None:
    return Report.objects.filter(site=site, idempotency_key=key).first() if key else None


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
    occurrences = find_all(text, exact)
    if not occurrences:
        raise QuoteNotInText("The quoted passage does not occur in the article text.")
    if hint is None:
        best = _best_by_context(text, exact, occurrences, quote.prefix, quote.suffix)
    else:
        best = min(occurrences, key=lambda at: abs(at - hint))
    return best, best + len(exact)


def normalize_context(snippet: str) -> str:
    """A quote's prefix or suffix with whitespace folded as in the article text, but
    keeping the space or line break at its edges, which separates it from the quote."""
    # The sentinels stop normalize_article_text from trimming the edges.
    return normalize_article_text(f"\0{snippet}\0")[1:-1]


def _best_by_context(
    text: str, exact: str, occurrences: list[int], prefix: str, suffix: str
) -> int:
    prefix, suffix = normalize_context(prefix), normalize_context(suffix)

    def agreement(at: int) -> int:
        before = text[max(0, at - len(prefix)) : at]
        after = text[at + len(exact) : at + len(exact) + len(suffix)]
        return int(bool(prefix) and before.endswith(prefix)) + int(
            bool(suffix) and after.startswith(suffix)
        )

    return max(occurrences, key=agreement)


def _store_report(
    site: Site,
    submission: ReportSubmission,
    text: str,
    span: tuple[int, int] | None,
    stored_revision: Revision | None,
    candidate: Issue | None,
) -> Report:
    """Write the report, in the issue found for it before the transaction (`candidate`)
    when that issue is still open, else in the one it matches now, else a new one."""
    article, revision = _article_and_revision(site, submission, text, stored_revision)

    quote = submission.quote
    exact = text[span[0] : span[1]] if span else ""
    start, end = span if span else (None, None)
    issue, events = None, []
    if not submission.is_spam:
        issue = candidate if candidate and _count_report_in(candidate) else None
        if issue is None and stored_revision is None:
            issue = _matching_issue(article, revision, span)
            if issue is not None:
                _count_report_in(issue)
        if issue is None:
            issue = Issue.objects.create(
                site=site,
                article=article,
                revision=revision,
                exact=exact,
                start=start,
                end=end,
                kind=submission.kind,
                report_count=1,
            )
            events.append(Event(site=site, issue=issue, action="issue.opened"))
            # One cached lookup when nobody listens; robust: telling must not fail the report.
            transaction.on_commit(partial(notify.issue_opened, issue), robust=True)
    # The issue is known first, so the report is written once, already in it.
    report = Report.objects.create(
        site=site,
        article=article,
        revision=revision,
        issue=issue,
        exact=exact,
        prefix=normalize_context(quote.prefix)[-200:] if quote else "",
        suffix=normalize_context(quote.suffix)[:200] if quote else "",
        start=start,
        end=end,
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
    detail = {"report": str(report.public_id)}
    if submission.is_spam:
        events.append(Event(site=site, action="report.spam", detail=detail))
    else:
        events.append(Event(site=site, issue=issue, action="report.received", detail=detail))
    Event.objects.bulk_create(events)
    return report


REVISION_CACHE_SECONDS = 3600


def _count_report_in(issue: Issue) -> bool:
    """Count one more report in the issue, if it is still open; whether it was."""
    # Runs inside the write transaction on every grouped report: written out, like
    # _matching_issue, because building it through the ORM cost more than running it.
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(Issue._meta.db_table)} SET {q('report_count')} = {q('report_count')} + 1, "
            f"{q('last_reported')} = %s WHERE {q('id')} = %s AND {q('status')} IN (%s, %s)",
            [
                connection.ops.adapt_datetimefield_value(timezone.now()),
                issue.pk,
                *OPEN_STATUSES,
            ],
        )
        return cursor.rowcount > 0


def _stored_revision(
    site: Site, canonical_url: str, text: str, title: str, *, section: str = "", author: str = ""
) -> Revision | None:
    """The revision already stored with this text, with its article; most reports find
    one. Revisions never change, so which one a text is, is kept in the shared cache
    (a title change is stored by the first report of the hour that misses it)."""
    if not text:
        return None
    digest = content_hash(text)
    key = f"revision:{site.pk}:{content_hash(canonical_url)}:{digest}"
    known = cache.get(key)
    if known is not None:
        revision_id, article_id = known
        article = Article(
            id=article_id,
            site=site,
            canonical_url=canonical_url,
            **_article_metadata(title, section, author),
        )
        revision = Revision(id=revision_id, article=article, text=text, content_hash=digest)
        for row in (article, revision):
            row._state.adding, row._state.db = False, "default"
        return revision
    try:
        revision = Revision.objects.select_related("article").get(
            article__site=site, article__canonical_url=canonical_url, content_hash=digest
        )
    except Revision.DoesNotExist:
        return None
    cache.set(key, (revision.pk, revision.article_id), REVISION_CACHE_SECONDS)
    return revision


def _article_and_revision(
    site: Site, submission: ReportSubmission, text: str, revision: Revision | None
) -> tuple[Article, Revision | None]:
    """The reported article and its revision with this text, each created when new."""
    if revision is not None:
        article, created = revision.article, False
    else:
        article, created = Article.objects.get_or_create(
            site=site,
            canonical_url=submission.canonical_url,
            defaults=_article_metadata(submission.title, submission.section, submission.author),
        )
    if not created:
        _update_article_metadata(article, submission.title, submission.section, submission.author)

    if text and revision is None:
        revision, _ = record_revision(article, text, Revision.Source.WIDGET)
    return article, revision


def _article_metadata(title: str, section: str, author: str) -> dict[str, str]:
    return {"title": title[:500], "section": section[:200], "author": author[:200]}


def _update_article_metadata(article: Article, title: str, section: str, author: str) -> None:
    """Keep what the page or the CMS says now; a value it leaves out keeps the stored one.
    Writes only when something changed, which is rare."""
    given = _article_metadata(title, section, author)
    changed = [name for name, value in given.items() if value and getattr(article, name) != value]
    for name in changed:
        setattr(article, name, given[name])
    if changed:
        article.save(update_fields=changed)


def _matching_issue(
    article: Article, revision: Revision | None, span: tuple[int, int] | None
) -> Issue | None:
    """The open issue whose passage overlaps the new report's by at least half of
    the shorter of the two, on the same revision."""
    if revision is None or span is None:
        return None
    # On the same revision the offsets decide, so only issues that touch the span are read.
    # Ingest's hottest read, written out: the ORM took longer to build it than to run it.
    q = connection.ops.quote_name
    candidates = Issue.objects.raw(
        f"SELECT {q('id')}, {q('revision_id')}, {q('start')}, {q('end')} "
        f"FROM {q(Issue._meta.db_table)} "
        f"WHERE {q('article_id')} = %s AND {q('status')} IN (%s, %s) "
        f"AND {q('start')} IS NOT NULL AND (({q('start')} < %s AND {q('end')} > %s) "
        f"OR {q('revision_id')} IS NULL OR {q('revision_id')} <> %s) "
        f"ORDER BY {q('created')}",
        [article.pk, *OPEN_STATUSES, span[1], span[0], revision.pk],
    )
    for issue in candidates:
        issue_span = _issue_span_on(issue, revision)
        if issue_span and spans_overlap_enough(issue_span, span):
            return issue
    return None


def _issue_span_on(issue: Issue, revision: Revision) -> tuple[int, int] | None:
    """The issue's passage on `revision`, found by the anchoring core when the issue
    was last placed on another one (a reader on an older or newer copy of the page)."""
    if issue.revision_id == revision.pk:
        return issue.start, issue.end
    if issue.revision is None or issue.start is None or issue.end is None:
        return None
    selector = describe(issue.revision.text, Span(issue.start, issue.end))
    found = anchor(selector, revision.text)
    return (found.span.start, found.span.end) if found else None


def record_revision(article: Article, text: str, source: str) -> tuple[Revision, bool]:
    """The article's revision with this (normalised) text, created when new. A new text
    after the first re-anchors the article's open issues in the background."""
    revision, created = Revision.objects.get_or_create(
        article=article, content_hash=content_hash(text), defaults={"text": text, "source": source}
    )
    if created:
        _follow_current_text(revision)
    return revision, created


def _follow_current_text(revision: Revision) -> None:
    """Once committed, carry the open issues onto the article's now-current text and
    check it."""
    transaction.on_commit(lambda: _enqueue_reanchoring(revision))
    transaction.on_commit(lambda: _enqueue_checks(revision))


def _enqueue_reanchoring(revision: Revision) -> None:
    from .tasks import reanchor_article

    reanchor_article.enqueue(revision.pk)


def _enqueue_checks(revision: Revision) -> None:
    from .tasks import check_revision_task

    check_revision_task.enqueue(revision.pk)


def _enqueue_confirmation(report: Report) -> None:
    from corrigenda.readers.tasks import send_confirmation

    send_confirmation.enqueue(report.pk)


# Enough other articles to tell a site's page furniture from the article's own words.
SITE_HISTORY_ARTICLES = 50


def site_history_for(article: Article) -> list[str]:
    """The latest texts of the site's most recent other articles."""
    latest_text = Revision.objects.filter(article=OuterRef("pk")).order_by(*Revision.NEWEST_FIRST)
    texts = (
        Article.objects.filter(site_id=article.site_id)
        .exclude(pk=article.pk)
        .order_by("-created", "-id")
        .annotate(latest_text=Subquery(latest_text.values("text")[:1]))
        .values_list("latest_text", flat=True)[:SITE_HISTORY_ARTICLES]
    )
    return [text for text in texts if text is not None]


def _normalize_for_fingerprint(passage: str) -> str:
    return " ".join(passage.casefold().split())


def finding_fingerprint(rule: str, text: str, related_text: str | None, occurrence: int) -> str:
    """The same rule on the same words is the same finding in any revision; `occurrence`
    tells apart repeats of identical words within one text."""
    parts = [rule, _normalize_for_fingerprint(text)]
    if related_text is not None:
        parts.append(_normalize_for_fingerprint(related_text))
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _check_style_rules(site: Site) -> list[CheckStyleRule]:
    rules = []
    for stored in StyleRule.objects.filter(site=site).order_by("pk"):
        try:
            stored.clean()
        except ValidationError:
            continue  # one broken pattern must not stop every other check
        rules.append(style_rule_value(stored))
    return rules


@dataclass(frozen=True)
class CheckRun:
    """What one run of the checks on a revision changed."""

    opened: int
    seen_again: int
    gone: int


def check_revision(revision: Revision) -> CheckRun:
    """Run the site's checks on the revision and bring the article's findings up to date.

    New findings open; ones seen before move onto this revision and keep their state (a
    dismissed finding stays dismissed); open ones the checks no longer produce are gone.
    Does nothing when a newer revision of the article exists.
    """
    article = revision.article
    latest = article.latest_revision
    if latest is None or latest.pk != revision.pk:
        return CheckRun(opened=0, seen_again=0, gone=0)
    site = article.site
    produced = run_checks(
        revision.text,
        language=site.language,
        # A rule id saved before a check was renamed or removed must not stop the others.
        enabled=set(site.checks_enabled) & ALL_CHECKS,
        style_rules=_check_style_rules(site),
        accepted_words=site.accepted_words,
        site_history=site_history_for(article),
    )
    now = timezone.now()
    with transaction.atomic():
        # One run per article at a time: two runs would both create the same new findings.
        Article.objects.select_for_update().filter(pk=article.pk).first()
        existing = {f.fingerprint: f for f in Finding.objects.filter(article=article)}
        occurrences: Counter[str] = Counter()
        seen: set[str] = set()
        opened = seen_again = 0
        for found in produced:
            values = _finding_values(found, revision)
            key = (found.rule, values["text"], values["related_text"])
            fingerprint = finding_fingerprint(*key, occurrences[key])
            occurrences[key] += 1
            seen.add(fingerprint)
            finding = existing.get(fingerprint)
            if finding is None:
                Finding.objects.create(
                    site_id=article.site_id,
                    article=article,
                    fingerprint=fingerprint,
                    last_seen=now,
                    **values,
                )
                opened += 1
                continue
            for name, value in values.items():
                setattr(finding, name, value)
            finding.last_seen = now
            if finding.state == Finding.State.GONE:
                # The passage came back in a later edit.
                finding.state = Finding.State.OPEN
            finding.save()
            seen_again += 1
        gone = Finding.objects.filter(article=article, state=Finding.State.OPEN).exclude(
            fingerprint__in=seen
        )
        gone_count = gone.update(state=Finding.State.GONE)
        run = CheckRun(opened=opened, seen_again=seen_again, gone=gone_count)
        Event.objects.create(
            site_id=article.site_id,
            action="findings.checked",
            detail={
                "article": article.pk,
                "revision": revision.pk,
                "opened": run.opened,
                "seen_again": run.seen_again,
                "gone": run.gone,
            },
        )
    return run


def _finding_values(found: CheckFinding, revision: Revision) -> dict:
    start, end = found.span
    related_start, related_end = found.related or (None, None)
    return {
        "revision": revision,
        "rule": found.rule,
        "start": start,
        "end": end,
        "text": revision.text[start:end],
        "related_start": related_start,
        "related_end": related_end,
        "related_text": (
            revision.text[related_start:related_end] if found.related is not None else None
        ),
        "message": found.message,
        "suggestion": found.suggestion or "",
        "severity": found.severity,
    }


def dismiss_finding(finding: Finding, *, by: AbstractBaseUser) -> Finding:
    """An editor decides a finding is no error; it stays dismissed in later revisions."""
    with transaction.atomic():
        previous = finding.state
        finding.state = Finding.State.DISMISSED
        finding.save(update_fields=["state"])
        Event.objects.create(
            site_id=finding.site_id,
            actor=by,
            action="finding.dismissed",
            detail={"finding": finding.pk, "rule": finding.rule, "from": previous},
        )
    return finding


def reanchor_open_issues(revision: Revision) -> int:
    """Carry every open issue of the article onto `revision`, its newest text.

    Issues are re-anchored from the revision each was last placed on; the revision diff
    is computed once per such revision. Returns how many issues were looked at.
    """
    latest = revision.article.latest_revision
    if latest is None or latest.pk != revision.pk:
        return 0  # a newer text arrived meanwhile; its own task carries the issues there
    issues = (
        Issue.objects.filter(article_id=revision.article_id, status__in=OPEN_STATUSES)
        .exclude(revision=revision)
        .exclude(revision__isnull=True)
        .exclude(start__isnull=True)
        .select_related("revision")
    )
    by_old_revision: dict[int, list[Issue]] = {}
    for issue in issues:
        by_old_revision.setdefault(issue.revision_id, []).append(issue)
    for group in by_old_revision.values():
        old_text = group[0].revision.text
        selectors = [describe(old_text, Span(issue.start, issue.end)) for issue in group]
        for issue, result in zip(
            group, reanchor_many(selectors, old_text, revision.text), strict=True
        ):
            _place_issue(issue, revision, result)
    return sum(len(group) for group in by_old_revision.values())


def _place_issue(issue: Issue, revision: Revision, result: Reanchored) -> None:
    previous = issue.anchor_state
    if result.state == AnchorState.ORPHANED or result.span is None:
        # Kept on the revision where it was last seen, so the desk can still show it.
        state = Issue.AnchorState.ORPHANED
    else:
        if result.state == AnchorState.CHANGED:
            state = Issue.AnchorState.CHANGED
            issue.passage_before = result.before
        elif previous == Issue.AnchorState.CHANGED:
            state = previous  # unchanged since it changed: still not what readers reported
        else:
            state = Issue.AnchorState.MOVED if result.moved else Issue.AnchorState.ANCHORED
        issue.revision = revision
        issue.start, issue.end = result.span.start, result.span.end
        issue.exact = result.after
    issue.anchor_state = state
    issue.anchor_confidence = result.confidence
    with transaction.atomic():
        issue.save(
            update_fields=[
                "revision",
                "start",
                "end",
                "exact",
                "anchor_state",
                "anchor_confidence",
                "passage_before",
            ]
        )
        if state != previous:
            Event.objects.create(
                site_id=issue.site_id,
                issue=issue,
                action="issue.reanchored",
                detail={"from": previous, "to": state, "revision": revision.pk},
            )


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
        transaction.on_commit(
            partial(notify.issue_status_changed, issue, previous, by), robust=True
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


def receive_article_revision(
    site: Site,
    *,
    canonical_url: str,
    title: str,
    text: str,
    via: ApiToken | None = None,
    section: str = "",
    author: str = "",
) -> "PushedText":
    """A publisher's current text of an article: stored (normalised) as a revision,
    created when new, which re-anchors the article's open issues in the background. An
    older text pushed again (a reverted edit) becomes the current revision once more and
    re-anchors them too."""
    text = normalize_article_text(text)
    with transaction.atomic():
        article, new_article = Article.objects.get_or_create(
            site=site,
            canonical_url=canonical_url,
            defaults=_article_metadata(title, section, author),
        )
        if not new_article:
            _update_article_metadata(article, title, section, author)
        revision, created = record_revision(article, text, Revision.Source.API)
        current_again = not created and article.latest_revision.pk != revision.pk
        if current_again:
            _make_current_again(revision, via=via)
        if created:
            Event.objects.create(
                site=site,
                action="article.revision_received",
                detail={
                    "article": article.pk,
                    "revision": revision.pk,
                    "token": via.prefix if via else None,
                },
            )
    return PushedText(revision, created, reanchoring=created or current_again)


@dataclass(frozen=True)
class PushedText:
    revision: Revision
    created: bool
    reanchoring: bool  # the article's open issues are being carried onto this text


def _make_current_again(revision: Revision, *, via: ApiToken | None) -> None:
    """The publisher's text is an older one again (an edit was reverted): it becomes the
    current revision, and open issues and checks follow it as for a new text."""
    revision.current_since = timezone.now()
    revision.save(update_fields=["current_since"])
    Event.objects.create(
        site_id=revision.article.site_id,
        action="article.revision_restored",
        detail={
            "article": revision.article_id,
            "revision": revision.pk,
            "token": via.prefix if via else None,
        },
    )
    _follow_current_text(revision)


def create_api_token(site: Site, name: str, *, by: AbstractBaseUser | None) -> tuple[ApiToken, str]:
    """A new publisher API token of the site, and its plaintext. Only a digest is
    stored, so the caller shows the plaintext once and it is never seen again."""
    prefix = f"cg_{secrets.token_hex(4)}"
    plaintext = f"{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            site=site,
            name=name,
            prefix=prefix,
            digest=ApiToken.digest_of(plaintext),
            created_by=by,
        )
        Event.objects.create(
            site=site,
            actor=by,
            action="site.token_created",
            detail={"token": token.pk, "name": name, "prefix": prefix},
        )
    return token, plaintext


def revoke_api_token(token: ApiToken, *, by: AbstractBaseUser | None) -> ApiToken:
    """Stop a token from working, for good. Revoking it again changes nothing."""
    if token.revoked is not None:
        return token
    with transaction.atomic():
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        Event.objects.create(
            site_id=token.site_id,
            actor=by,
            action="site.token_revoked",
            detail={"token": token.pk, "name": token.name, "prefix": token.prefix},
        )
    return token


API_TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def note_api_token_use(token: ApiToken) -> None:
    """Keep `last_used` to the minute: a busy integration does not write on every call."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= API_TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


def _style_rule_fields(rule: CheckStyleRule) -> dict:
    return {
        "pattern": rule.pattern,
        "replacement": rule.replacement,
        "explanation": rule.explanation,
        "severity": rule.severity,
        "is_regex": rule.kind == "regex",
    }


def style_rule_value(stored: StyleRule) -> CheckStyleRule:
    """The stored rule as the checks read it (and as its CSV row is written)."""
    return CheckStyleRule(
        pattern=stored.pattern,
        replacement=stored.replacement,
        explanation=stored.explanation,
        severity=stored.severity,
        kind="regex" if stored.is_regex else "word",
    )


def create_style_rule(
    site: Site, rule: CheckStyleRule, *, by: AbstractBaseUser | None
) -> StyleRule:
    """A new house-style rule of the site; raises ValidationError for a broken pattern."""
    stored = StyleRule(site=site, **_style_rule_fields(rule))
    stored.full_clean()
    with transaction.atomic():
        stored.save()
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rule.created",
            detail={"rule": stored.pk, "pattern": rule.pattern, "replacement": rule.replacement},
        )
    return stored


def update_style_rule(
    stored: StyleRule, rule: CheckStyleRule, *, by: AbstractBaseUser | None
) -> StyleRule:
    """Rewrite a rule; raises ValidationError for a broken pattern and keeps the old one."""
    before = style_rule_value(stored)
    for name, value in _style_rule_fields(rule).items():
        setattr(stored, name, value)
    stored.full_clean()
    with transaction.atomic():
        stored.save()
        Event.objects.create(
            site_id=stored.site_id,
            actor=by,
            action="style_rule.updated",
            detail={
                "rule": stored.pk,
                "before": {"pattern": before.pattern, "replacement": before.replacement},
                "pattern": rule.pattern,
                "replacement": rule.replacement,
            },
        )
    return stored


def delete_style_rule(stored: StyleRule, *, by: AbstractBaseUser | None) -> None:
    with transaction.atomic():
        Event.objects.create(
            site_id=stored.site_id,
            actor=by,
            action="style_rule.deleted",
            detail={
                "rule": stored.pk,
                "pattern": stored.pattern,
                "replacement": stored.replacement,
            },
        )
        stored.delete()


@dataclass(frozen=True)
class StyleRuleImport:
    added: int
    updated: int


def import_style_rules(
    site: Site, rules: list[CheckStyleRule], *, by: AbstractBaseUser | None
) -> StyleRuleImport:
    """Add the rules to the site's house style, all or none. A rule whose pattern (and
    kind) the site already has replaces it, so importing an export again changes nothing."""
    added = updated = 0
    with transaction.atomic():
        existing = {
            (stored.pattern, stored.is_regex): stored
            for stored in StyleRule.objects.select_for_update().filter(site=site)
        }
        for rule in rules:
            fields = _style_rule_fields(rule)
            stored = existing.get((rule.pattern, fields["is_regex"]))
            if stored is None:
                stored = StyleRule(site=site, **fields)
                added += 1
            else:
                for name, value in fields.items():
                    setattr(stored, name, value)
                updated += 1
            stored.full_clean()
            stored.save()
            existing[(rule.pattern, fields["is_regex"])] = stored
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rules.imported",
            detail={"added": added, "updated": updated},
        )
    return StyleRuleImport(added=added, updated=updated)


def change_check_settings(
    site: Site,
    *,
    checks_enabled: list[str],
    accepted_words: list[str],
    by: AbstractBaseUser | None,
) -> Site:
    """Which automatic checks run on the site's new revisions, and the words its spelling
    check accepts. Saving the site also drops its cached copy (reports.signals)."""
    unknown = set(checks_enabled) - ALL_CHECKS
    if unknown:
        raise ValidationError(f"Unknown checks: {', '.join(sorted(unknown))}.")
    before_checks, before_words = set(site.checks_enabled), set(site.accepted_words)
    with transaction.atomic():
        site.checks_enabled = sorted(set(checks_enabled))
        # Unique, in the order the desk wrote them.
        site.accepted_words = list(dict.fromkeys(accepted_words))
        site.save(update_fields=["checks_enabled", "accepted_words"])
        Event.objects.create(
            site=site,
            actor=by,
            action="site.checks_changed",
            detail={
                "checks_on": sorted(set(site.checks_enabled) - before_checks),
                "checks_off": sorted(before_checks - set(site.checks_enabled)),
                "words_added": sorted(set(site.accepted_words) - before_words),
                "words_removed": sorted(before_words - set(site.accepted_words)),
            },
        )
    return site


def update_site_settings(
    site: Site,
    *,
    name: str,
    allowed_origins: list[str],
    article_selector: str,
    language: str,
    retention_days: int,
    show_corrections_in_widget: bool,
    by: AbstractBaseUser | None,
) -> Site:
    """The site's name, the origins that may send reports, where the article text is, its
    language, how long reporters' addresses are kept and whether the widget shows
    corrections; the values come checked (desk.forms.SiteSettingsForm). Saving the site
    drops its cached copy (reports.signals), so the next report meets the new origins."""
    after = {
        "name": name,
        "allowed_origins": allowed_origins,
        "article_selector": article_selector,
        "language": language,
        "retention_days": retention_days,
        "show_corrections_in_widget": show_corrections_in_widget,
    }
    changed = {
        field: {"before": getattr(site, field), "after": value}
        for field, value in after.items()
        if getattr(site, field) != value
    }
    if not changed:
        return site
    with transaction.atomic():
        for field, values in changed.items():
            setattr(site, field, values["after"])
        site.save(update_fields=list(changed))
        Event.objects.create(
            site=site, actor=by, action="site.settings_changed", detail={"changed": changed}
        )
    return site
