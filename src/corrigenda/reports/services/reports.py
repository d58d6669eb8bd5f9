"""Readers' reports: placing the quote in the text the reader sent, and grouping
the report into an issue."""

from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from corrigenda.anchoring import (
    Span,
    anchor,
    describe,
)
from corrigenda.anchoring.placement import SelectionNotPlaced, normalize_context, place_selection
from corrigenda.anchoring.selectors import Selector
from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
)
from corrigenda.notify import services as notify

from ..models import (
    OPEN_STATUSES,
    Article,
    Event,
    Issue,
    Report,
    Revision,
    Site,
)
from .articles import article_metadata, record_revision, update_article_metadata


@dataclass(frozen=True)
class ReportSubmission:
    page_url: str
    canonical_url: str
    title: str = ""
    language: str = ""
    article_text: str = ""
    # The reader's selection as the browser sent it: its position, if any, in UTF-16
    # code units of `article_text`.
    selection: Selector | None = None
    kind: str = Report.Kind.OTHER
    suggestion: str = ""
    comment: str = ""
    email: str = ""
    idempotency_key: str | None = None
    client_hash: str = ""
    is_spam: bool = False
    section: str = ""
    author: str = ""


def receive_report(site: Site, submission: ReportSubmission) -> tuple[Report, bool]:
    """Store one reader report and group it into an issue.

    Returns the report and whether it was created; a repeated idempotency key
    returns the report stored the first time. Raises `SelectionNotPlaced` for a quote
    that cannot be placed in the article text, before anything is written.
    """
    text = normalize_article_text(submission.article_text)
    try:
        span = (
            place_selection(submission.selection, submission.article_text, text)
            if submission.selection
            else None
        )
    except SelectionNotPlaced:
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


def _store_report(
    site: Site,
    submission: ReportSubmission,
    text: str,
    span: Span | None,
    stored_revision: Revision | None,
    candidate: Issue | None,
) -> Report:
    """Write the report, in the issue found for it before the transaction (`candidate`)
    when that issue is still open, else in the one it matches now, else a new one."""
    article, revision = _article_and_revision(site, submission, text, stored_revision)

    quote = submission.selection.quote if submission.selection else None
    exact = span.of(text) if span else ""
    start, end = (span.start, span.end) if span else (None, None)
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
            **article_metadata(title, section, author),
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
            defaults=article_metadata(submission.title, submission.section, submission.author),
        )
    if not created:
        update_article_metadata(article, submission.title, submission.section, submission.author)

    if text and revision is None:
        revision, _ = record_revision(article, text, Revision.Source.WIDGET)
    return article, revision


def _matching_issue(article: Article, revision: Revision | None, span: Span | None) -> Issue | None:
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
        [article.pk, *OPEN_STATUSES, span.end, span.start, revision.pk],
    )
    for issue in candidates:
        issue_span = _issue_span_on(issue, revision)
        if issue_span and issue_span.overlaps_enough(span):
            return issue
    return None


def _issue_span_on(issue: Issue, revision: Revision) -> Span | None:
    """The issue's passage on `revision`, found by the anchoring core when the issue
    was last placed on another one (a reader on an older or newer copy of the page)."""
    if issue.revision_id == revision.pk:
        return Span(issue.start, issue.end)
    if issue.revision is None or issue.start is None or issue.end is None:
        return None
    selector = describe(issue.revision.text, Span(issue.start, issue.end))
    found = anchor(selector, revision.text)
    return found.span if found else None


def _enqueue_confirmation(report: Report) -> None:
    from corrigenda.readers.tasks import send_confirmation

    send_confirmation.enqueue(report.pk)
