"""Readers' reports: placing the quote in the text the reader sent, and grouping
the report into an issue."""

from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from corrigenda.anchoring import (
    FoldedText,
    Span,
    anchor,
    describe,
    fold,
)
from corrigenda.anchoring.placement import SelectionNotPlaced, normalize_context, place_selection
from corrigenda.anchoring.selectors import Selector
from corrigenda.anchoring.text import (
    content_hash,
    normalize_article_text,
)
from corrigenda.notify import services as notify

from ..errors import UrlNotOnSite
from ..models import (
    OPEN_STATUSES,
    Article,
    Event,
    Issue,
    Report,
    Revision,
    Site,
)
from .articles import record_reader_copy, request_fetch


@dataclass(frozen=True)
class ReportSubmission:
    """What a reader's browser (or the no-JS form) sent: claims, each bounded by the API.
    `article_text` is the text that reader saw; it places their selection, and never
    becomes the article's text, title or metadata by itself."""

    page_url: str
    canonical_url: str
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


def receive_report(site: Site, submission: ReportSubmission) -> tuple[Report, bool]:
    """Store one reader report and group it into an issue.

    Returns the report and whether it was created; a repeated idempotency key
    returns the report stored the first time. Raises `SelectionNotPlaced` for a quote
    that cannot be placed in the article text, before anything is written.
    """
    if not site.allows_url(submission.canonical_url):
        raise UrlNotOnSite("The article's address is not on one of the site's allowed origins.")
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
    stored = _stored_revision(site, submission.canonical_url, text)
    if stored is None and span is not None:
        # A text the server does not have: where the confirmed text has the passage, the
        # report lands there and the reader's copy is not kept.
        stored, span = _placed_on_current_text(site, submission.canonical_url, text, span)
    candidate = (
        _matching_issue(stored.revision.article, stored.revision, span)
        if stored is not None and not submission.is_spam
        else None
    )
    # A repeated key is rare, so it is caught by the unique constraint rather than looked
    # up first: the transaction rolls back and the first report is returned.
    try:
        with transaction.atomic():
            if stored is not None and _dropped_meanwhile(stored):
                stored = candidate = None
            report = _store_report(site, submission, text, span, stored, candidate)
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
    stored: "StoredText | None",
    candidate: Issue | None,
) -> Report:
    """Write the report, in the issue found for it before the transaction (`candidate`)
    when that issue is still open, else in the one it matches now, else a new one."""
    article, revision = _article_and_revision(site, submission, text, stored)

    quote = submission.selection.quote if submission.selection else None
    # The span is on the revision the report lands on: the reader's text, or the current one.
    exact = span.of(revision.text) if span and revision else ""
    start, end = (span.start, span.end) if span else (None, None)
    issue, events = None, []
    if not submission.is_spam:
        issue = candidate if candidate and _count_report_in(candidate) else None
        if issue is None and stored is None:
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
READER_COPY_CACHE_SECONDS = 60


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


@dataclass(frozen=True)
class StoredText:
    revision: Revision
    # The article's current (confirmed) text, as far as the shared cache knows.
    current: bool


def _stored_revision(site: Site, canonical_url: str, text: str) -> StoredText | None:
    """The revision already stored with this text, with its article; most reports find
    one, the article's current text. Revisions never change, so which one a text is, is
    kept in the shared cache."""
    if not text:
        return None
    digest = content_hash(text)
    key = _revision_key(site.pk, canonical_url, digest)
    known = cache.get(key)
    if known is not None:
        revision_id, article_id, current = known
        article = Article(id=article_id, site=site, canonical_url=canonical_url)
        revision = Revision(id=revision_id, article=article, text=text, content_hash=digest)
        for row in (article, revision):
            row._state.adding, row._state.db = False, "default"
        return StoredText(revision, current)
    try:
        revision = Revision.objects.select_related("article").get(
            article__site=site, article__canonical_url=canonical_url, content_hash=digest
        )
    except Revision.DoesNotExist:
        return None
    revision.article.site = site
    current = revision.is_confirmed and revision.article.latest_revision == revision
    # A reader's copy may be confirmed later (by a push or fetch): cached briefly.
    seconds = REVISION_CACHE_SECONDS if current else READER_COPY_CACHE_SECONDS
    cache.set(key, (revision.pk, revision.article_id, current), seconds)
    return StoredText(revision, current)


def _dropped_meanwhile(stored: StoredText) -> bool:
    """Whether the reader's copy the report was to land on was dropped, past its caps,
    since it was read (the shared cache may still name it); then it is forgotten."""
    if stored.current or Revision.objects.filter(pk=stored.revision.pk).exists():
        return False
    article = stored.revision.article
    cache.delete(
        _revision_key(article.site_id, article.canonical_url, stored.revision.content_hash)
    )
    return True


def _revision_key(site_id: int, canonical_url: str, digest: str) -> str:
    return f"revision:v2:{site_id}:{content_hash(canonical_url)}:{digest}"


def _placed_on_current_text(
    site: Site, canonical_url: str, text: str, span: Span
) -> tuple[StoredText | None, Span]:
    """The article's current text and the reader's passage on it, when it is there (the
    reader's page differed elsewhere: an edit since, a personal greeting); else nothing
    and the span in the reader's own text."""
    article = Article.objects.filter(site=site, canonical_url=canonical_url).first()
    current = article.latest_revision if article else None
    if current is None:
        return None, span
    found = anchor(describe(text, span), current.text)
    if found is None:
        return None, span
    return StoredText(current, current=True), found.span


def _article_and_revision(
    site: Site, submission: ReportSubmission, text: str, stored: StoredText | None
) -> tuple[Article, Revision | None]:
    """The reported article, created when new, and the revision the report lands on: the
    stored one, or the reader's copy of the text (kept unconfirmed, within its caps). A
    text that is not the article's current one asks the worker to fetch the page."""
    if stored is not None:
        article, revision = stored.revision.article, stored.revision
    else:
        article, _ = Article.objects.get_or_create(
            site=site, canonical_url=submission.canonical_url
        )
        revision = record_reader_copy(article, text, submission.client_hash) if text else None
    if text and (stored is None or not stored.current):
        request_fetch(article)
    return article, revision


def _matching_issue(article: Article, revision: Revision | None, span: Span | None) -> Issue | None:
    """The open issue whose passage overlaps the new report's by at least half of
    the shorter of the two, on the same revision."""
    if revision is None or span is None:
        return None
    # On the same revision the offsets decide, so only issues that touch the span are read.
    # Ingest's hottest read, written out: the ORM took longer to build it than to run it.
    q = connection.ops.quote_name
    candidates = list(
        Issue.objects.raw(
            f"SELECT {q('id')}, {q('revision_id')}, {q('start')}, {q('end')} "
            f"FROM {q(Issue._meta.db_table)} "
            f"WHERE {q('article_id')} = %s AND {q('status')} IN (%s, %s) "
            f"AND {q('start')} IS NOT NULL AND (({q('start')} < %s AND {q('end')} > %s) "
            f"OR {q('revision_id')} IS NULL OR {q('revision_id')} <> %s) "
            f"ORDER BY {q('created')}",
            [article.pk, *OPEN_STATUSES, span.end, span.start, revision.pk],
        )
    )
    # Issues last placed on another revision (a reader on an older or newer copy of the
    # page) are found on this one by the anchoring core: each such text is read once.
    other_revisions = {issue.revision_id for issue in candidates} - {revision.pk, None}
    other_texts = (
        dict(Revision.objects.filter(pk__in=other_revisions).values_list("pk", "text"))
        if other_revisions
        else {}
    )
    folded = fold(revision.text) if other_texts else None
    for issue in candidates:
        issue_span = _issue_span_on(issue, revision, other_texts, folded)
        if issue_span and issue_span.overlaps_enough(span):
            return issue
    return None


def _issue_span_on(
    issue: Issue, revision: Revision, other_texts: dict[int, str], folded: FoldedText | None
) -> Span | None:
    """The issue's passage on `revision`; `other_texts` are the texts of the other
    revisions issues sit on, `folded` is `revision`'s folded text."""
    if issue.revision_id == revision.pk:
        return Span(issue.start, issue.end)
    old_text = other_texts.get(issue.revision_id)
    if old_text is None or issue.start is None or issue.end is None:
        return None
    selector = describe(old_text, Span(issue.start, issue.end))
    found = anchor(selector, revision.text, folded=folded)
    return found.span if found else None


def _enqueue_confirmation(report: Report) -> None:
    from corrigenda.readers.tasks import send_confirmation

    send_confirmation.enqueue(report.pk)
