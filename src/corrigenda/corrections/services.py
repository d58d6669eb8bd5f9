"""Write operations on corrections: draft, publish, amend, withdraw.

Each one saves a `CorrectionVersion` when the wording changes and writes an `Event`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corrigenda.notify import services as notify
from corrigenda.reports.models import Article, Event, Issue
from corrigenda.reports.services import change_status, settle_uncorrected_changes

from .errors import CorrectionError
from .models import Correction, CorrectionVersion

# Issues a note can be written from: the desk accepted them, or they were fixed since.
CORRECTABLE_STATUSES = frozenset({Issue.Status.ACCEPTED, Issue.Status.FIXED})


@dataclass(frozen=True)
class Wording:
    """What a correction says: its kind, what the article said, what is right, the note."""

    kind: str
    note: str
    said: str = ""
    correct: str = ""

    def validate(self) -> None:
        if self.kind not in Correction.Kind.values:
            raise CorrectionError(_("Unknown kind %(kind)r.") % {"kind": self.kind})
        if not self.note.strip():
            raise CorrectionError(_("The note readers see cannot be empty."))


def draft_correction(
    issues: Iterable[Issue],
    wording: Wording,
    *,
    by: AbstractBaseUser,
    article: Article | None = None,
) -> Correction:
    """Start a correction covering `issues`, which must be accepted or fixed and all on
    one article. Written for an edit made without a correction (a finding, not a
    reader's issue), it names its `article` and may cover no issue."""
    issues = list(issues)
    if not issues and article is None:
        raise CorrectionError(_("A correction covers at least one issue."))
    articles = {issue.article_id for issue in issues} | ({article.pk} if article else set())
    if len(articles) > 1:
        raise CorrectionError(_("One correction covers issues of one article only."))
    for issue in issues:
        if issue.status not in CORRECTABLE_STATUSES:
            raise CorrectionError(
                _("Issue #%(number)s is %(status)s; only accepted or fixed issues get a note.")
                % {"number": issue.pk, "status": issue.get_status_display().lower()}
            )
    wording.validate()
    first = article or issues[0].article
    with transaction.atomic():
        correction = Correction.objects.create(
            site_id=first.site_id,
            article_id=first.pk,
            kind=wording.kind,
            said=wording.said,
            correct=wording.correct,
            note=wording.note,
            created_by=by,
        )
        correction.issues.set(issues)
        _save_version(correction, by=by)
        _event(correction, "correction.drafted", by=by)
    return correction


def edit_correction(
    correction: Correction, wording: Wording, *, by: AbstractBaseUser
) -> Correction:
    """Change the wording. On a published note this is an amendment the public log shows."""
    if correction.state == Correction.State.WITHDRAWN:
        raise CorrectionError(_("A withdrawn correction cannot be edited."))
    wording.validate()
    unchanged = (correction.kind, correction.said, correction.correct, correction.note) == (
        wording.kind,
        wording.said,
        wording.correct,
        wording.note,
    )
    if unchanged:
        return correction
    with transaction.atomic():
        correction.kind = wording.kind
        correction.said = wording.said
        correction.correct = wording.correct
        correction.note = wording.note
        amended = correction.state == Correction.State.PUBLISHED
        if amended:
            correction.amended_at = timezone.now()
        correction.save()
        _save_version(correction, by=by)
        _event(correction, "correction.amended" if amended else "correction.edited", by=by)
    return correction


def publish_correction(correction: Correction, *, by: AbstractBaseUser) -> Correction:
    """Make the note public; its issues become `published`."""
    if correction.state != Correction.State.DRAFT:
        raise CorrectionError(
            _("Only a draft can be published; this one is %(state)s.")
            % {"state": correction.get_state_display().lower()}
        )
    # An issue may have been rejected or reopened since the draft was written.
    for issue in correction.issues.exclude(status=Issue.Status.PUBLISHED):
        if issue.status not in CORRECTABLE_STATUSES:
            raise CorrectionError(
                _("Issue #%(number)s is %(status)s now; accept it again or leave it out.")
                % {"number": issue.pk, "status": issue.get_status_display().lower()}
            )
    with transaction.atomic():
        _move(correction, Correction.State.DRAFT, Correction.State.PUBLISHED, "published_at")
        for issue in correction.issues.exclude(status=Issue.Status.PUBLISHED):
            change_status(issue, Issue.Status.PUBLISHED, by=by)
        _event(correction, "correction.published", by=by)
        # Edits of the article waiting for a correction have one now.
        settle_uncorrected_changes(correction.article, correction_id=correction.pk, by=by)
        # Readers who reported the issues and confirmed their address are told, once each.
        transaction.on_commit(lambda: _tell_readers(correction))
        transaction.on_commit(lambda: notify.correction_published(correction), robust=True)
    return correction


def withdraw_correction(
    correction: Correction, *, by: AbstractBaseUser, reason: str = ""
) -> Correction:
    """Take a published note off the public surfaces; its issues go back to `accepted`."""
    if correction.state != Correction.State.PUBLISHED:
        raise CorrectionError(
            _("Only a published correction can be withdrawn; this one is %(state)s.")
            % {"state": correction.get_state_display().lower()}
        )
    with transaction.atomic():
        _move(correction, Correction.State.PUBLISHED, Correction.State.WITHDRAWN, "withdrawn_at")
        # An issue another published note still covers stays published.
        still_covered = Correction.objects.filter(state=Correction.State.PUBLISHED).exclude(
            pk=correction.pk
        )
        for issue in correction.issues.filter(status=Issue.Status.PUBLISHED).exclude(
            corrections__in=still_covered
        ):
            change_status(issue, Issue.Status.ACCEPTED, by=by)
        _event(correction, "correction.withdrawn", by=by, reason=reason)
    return correction


def _move(correction: Correction, from_state: str, to_state: str, stamp: str) -> None:
    """Change the state only if no one else changed it first (two editors pressing Publish
    at once): a conditional UPDATE, which both databases apply one at a time."""
    now = timezone.now()
    moved = Correction.objects.filter(pk=correction.pk, state=from_state).update(
        state=to_state, updated=now, **{stamp: now}
    )
    if not moved:
        correction.refresh_from_db(fields=["state"])
        raise CorrectionError(
            _("Someone else made this correction %(state)s just now.")
            % {"state": correction.get_state_display().lower()}
        )
    correction.state = to_state
    correction.updated = now
    setattr(correction, stamp, now)


def _tell_readers(correction: Correction) -> None:
    from corrigenda.readers.services import queue_correction_notices

    queue_correction_notices(correction)


def _save_version(correction: Correction, *, by: AbstractBaseUser) -> None:
    CorrectionVersion.objects.create(
        correction=correction,
        kind=correction.kind,
        said=correction.said,
        correct=correction.correct,
        note=correction.note,
        was_published=correction.state == Correction.State.PUBLISHED,
        edited_by=by,
    )


def _event(correction: Correction, action: str, *, by: AbstractBaseUser, **detail) -> None:
    Event.objects.create(
        site_id=correction.site_id,
        actor=by,
        action=action,
        detail={"correction": correction.pk, **detail},
    )
