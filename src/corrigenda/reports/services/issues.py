"""Issues: triage decisions, assignment, comments, and carrying open issues onto an
article's new text."""

from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils.translation import gettext as _

from corrigenda.anchoring import (
    AnchorState,
    Reanchored,
    Span,
    describe,
    reanchor_many,
)
from corrigenda.notify import services as notify

from ..errors import InvalidTransition
from ..models import (
    OPEN_STATUSES,
    Comment,
    Event,
    Issue,
    Report,
    Revision,
)


def reanchor_open_issues(revision: Revision) -> int:
    """Carry every open issue of the article onto `revision`, its newest text.

    Issues are re-anchored from the revision each was last placed on; the revision diff
    is computed once per such revision. Every result is then written in one transaction,
    with an Event for each issue whose anchor state changed. Returns how many issues
    were looked at.
    """
    latest = revision.article.latest_revision
    if latest is None or latest.pk != revision.pk:
        return 0  # a newer text arrived meanwhile; its own task carries the issues there
    issues = (
        Issue.objects.filter(article_id=revision.article_id, status__in=OPEN_STATUSES)
        .exclude(revision=revision)
        .exclude(revision__isnull=True)
        .exclude(start__isnull=True)
    )
    by_old_revision: dict[int, list[Issue]] = {}
    for issue in issues:
        by_old_revision.setdefault(issue.revision_id, []).append(issue)
    placed: list[Issue] = []
    events: list[Event] = []
    # Each old text read once, not joined onto every issue.
    old_texts = dict(Revision.objects.filter(pk__in=by_old_revision).values_list("pk", "text"))
    for old_revision_id, group in by_old_revision.items():
        old_text = old_texts.get(old_revision_id)
        if old_text is None:
            continue  # a reader's copy dropped since the issues were read
        selectors = [describe(old_text, Span(issue.start, issue.end)) for issue in group]
        for issue, result in zip(
            group, reanchor_many(selectors, old_text, revision.text), strict=True
        ):
            previous = _place_issue(issue, revision, result)
            placed.append(issue)
            if issue.anchor_state != previous:
                events.append(
                    Event(
                        site_id=issue.site_id,
                        issue=issue,
                        action="issue.reanchored",
                        detail={
                            "from": previous,
                            "to": issue.anchor_state,
                            "revision": revision.pk,
                        },
                    )
                )
    # Computed first, written at once: on SQLite the transaction holds the one write lock.
    with transaction.atomic():
        _write_places(placed)
        Event.objects.bulk_create(events, batch_size=EVENT_BATCH)
    return len(placed)


REANCHORED_FIELDS = (
    "revision_id",
    "start",
    "end",
    "exact",
    "anchor_state",
    "anchor_confidence",
    "passage_before",
)
EVENT_BATCH = 500


def _write_places(issues: list[Issue]) -> None:
    """One UPDATE statement run for every issue (executemany: one round trip on
    PostgreSQL): Django's bulk_update builds a CASE per field and row, which took longer
    in Python than writing the rows one by one."""
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(name)} = %s" for name in REANCHORED_FIELDS)
    if not issues:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {q(Issue._meta.db_table)} SET {assignments} WHERE {q('id')} = %s",
            [[*(getattr(issue, name) for name in REANCHORED_FIELDS), issue.pk] for issue in issues],
        )


def _place_issue(issue: Issue, revision: Revision, result: Reanchored) -> str:
    """Set the issue's place on `revision` (not saved); returns its previous anchor state."""
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
    return previous


def change_status(
    issue: Issue,
    status: str,
    *,
    by: AbstractBaseUser,
    duplicate_of: Issue | None = None,
    undo: bool = False,
) -> Issue:
    """Move an issue to a new status: the one way triage decisions are recorded.
    `undo` says the desk is taking back its last change (the history says so)."""
    if not issue.can_become(status):
        raise InvalidTransition(
            _("An issue that is %(status)s cannot become %(new)s.")
            % {
                "status": Issue.Status(issue.status).label.lower(),
                "new": Issue.Status(status).label.lower(),
            }
        )
    if duplicate_of is not None and (
        duplicate_of.site_id != issue.site_id or duplicate_of.pk == issue.pk
    ):
        raise InvalidTransition(_("An issue can only duplicate another issue of the same site."))
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
        if undo:
            detail["undo"] = True
        Event.objects.create(
            site_id=issue.site_id, issue=issue, actor=by, action="issue.status", detail=detail
        )
        transaction.on_commit(
            partial(notify.issue_status_changed, issue, previous, by), robust=True
        )
    return issue


def assign_issue(
    issue: Issue, assignee: AbstractBaseUser | None, *, by: AbstractBaseUser, undo: bool = False
) -> Issue:
    with transaction.atomic():
        issue.assignee = assignee
        issue.save(update_fields=["assignee"])
        detail: dict = {"assignee": assignee.get_username() if assignee else None}
        if undo:
            detail["undo"] = True
        Event.objects.create(
            site_id=issue.site_id, issue=issue, actor=by, action="issue.assigned", detail=detail
        )
    return issue


@dataclass(frozen=True)
class IssueBefore:
    """An issue's triage state before a bulk change, and what the change made it: enough
    to undo it, and to see that nobody changed the issue since."""

    issue_id: int
    status: str
    duplicate_of_id: int | None
    assignee_id: int | None
    changed_to: str  # the status after the change ("" when only the assignee changed)


def decide_many(
    issues: list[Issue],
    *,
    by: AbstractBaseUser,
    status: str = "",
    assignee: AbstractBaseUser | None = None,
) -> list[IssueBefore]:
    """One decision for many issues (a status, or else an assignee), each through
    `change_status` or `assign_issue` with its own Event, all in one transaction.
    Issues that cannot take the status, or already have it, are left alone. Returns what
    each changed issue was before."""
    before = []
    with transaction.atomic():
        for issue in issues:
            previous = IssueBefore(
                issue.pk, issue.status, issue.duplicate_of_id, issue.assignee_id, status
            )
            if status:
                if issue.status == status or not issue.can_become(status):
                    continue
                change_status(issue, status, by=by)
            else:
                if issue.assignee_id == (assignee.pk if assignee else None):
                    continue
                assign_issue(issue, assignee, by=by)
            before.append(previous)
    return before


def undo_decisions(before: list[IssueBefore], *, by: AbstractBaseUser) -> list[Issue]:
    """Put each issue back as it was before `decide_many`, through the same service
    functions (each writes its Event, marked as an undo). An issue someone changed again
    since is left as they made it. Returns the issues put back."""
    put_back = []
    users = get_user_model().objects.in_bulk(
        {b.assignee_id for b in before if b.assignee_id is not None}
    )
    with transaction.atomic():
        issues = Issue.objects.select_for_update().in_bulk([b.issue_id for b in before])
        for previous in before:
            issue = issues.get(previous.issue_id)
            if issue is None:
                continue
            if previous.changed_to:
                if issue.status != previous.changed_to:
                    continue
                duplicate_of = (
                    Issue.objects.filter(pk=previous.duplicate_of_id).first()
                    if previous.duplicate_of_id
                    else None
                )
                change_status(issue, previous.status, by=by, duplicate_of=duplicate_of, undo=True)
            else:
                assign_issue(issue, users.get(previous.assignee_id), by=by, undo=True)
            put_back.append(issue)
    return put_back


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
