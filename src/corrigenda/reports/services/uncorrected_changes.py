"""Edits made without a correction: a new text of a published article that changes a
figure, a date, a name, a quotation or a negation, or adds or removes a sentence
(`checks.revision_changes.classify_changes`), waits the site's grace period
(`Site.uncorrected_change_grace`, hours) for a correction; if none is published for the
article by then, it becomes an open finding "changed without a correction".

Three state changes, one function each, each with its Event: the edit is noted
(`note_uncorrected_changes`, from the revision's task), a waiting one opens when its grace
is up (`open_due_uncorrected_changes`, a periodic task), and a published correction of the
article settles them (`settle_uncorrected_changes`, from `publish_correction`).
"""

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from corrigenda.checks import Words
from corrigenda.checks.findings import ngettext_noop
from corrigenda.checks.revision_changes import (
    Change,
    classify_changes,
    phrase_around,
    sentence_around,
)

from ..models import UNCORRECTED_CHANGE, Article, EditedPassage, Event, Finding, Revision
from .findings import finding_fingerprint

# A change the desk sees as one line: a sentence added is quoted whole, up to this long.
CHANGE_QUOTE_LIMIT = 300


def _previous_current(revision: Revision) -> Revision | None:
    """The text that was the article's current one just before `revision` became it."""
    return (
        Revision.objects.filter(
            article_id=revision.article_id, current_since__lt=revision.current_since
        )
        .exclude(pk=revision.pk)
        .order_by(*Revision.NEWEST_FIRST)
        .first()
    )


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CHANGE_QUOTE_LIMIT else text[: CHANGE_QUOTE_LIMIT - 1] + "…"


def _edited_passage(change: Change, before: Revision, after: Revision) -> EditedPassage:
    """The change as the desk shows it and the draft note quotes it: the changed words
    with a little context, and the sentences they stand in."""
    if change.kind == "sentence added":
        said, says = "", change.new_text
    elif change.kind == "sentence removed":
        said, says = change.old_text, ""
    else:
        said = phrase_around(before.text, change.old_span)
        says = phrase_around(after.text, change.new_span)
    return EditedPassage(
        kind=change.kind,
        why=change.why,
        why_words=change.why_words.as_json(),
        said=_clip(said),
        says=_clip(says),
        before=_clip(sentence_around(before.text, change.old_span)) if said else "",
        after=_clip(sentence_around(after.text, change.new_span)) if says else "",
    )


KIND_WORDS = {
    "number": gettext_noop("a figure"),
    "date": gettext_noop("a date"),
    "name": gettext_noop("a name"),
    "quotation": gettext_noop("words inside a quotation"),
    "negation": gettext_noop("a negation"),
    "sentence added": gettext_noop("a sentence added"),
    "sentence removed": gettext_noop("a sentence removed"),
}


def describe_changes(kinds: list[str]) -> Words:
    """ "a figure and a sentence added": what kinds of change an edit made, in words."""
    words = [Words(KIND_WORDS.get(kind, kind)) for kind in dict.fromkeys(kinds)]
    if len(words) == 1:
        return words[0]
    some = words[0]
    for word in words[1:-1]:
        some = Words(gettext_noop("%(some)s, %(next)s"), {"some": some, "next": word})
    return Words(gettext_noop("%(some)s and %(last)s"), {"some": some, "last": words[-1]})


def _published_since(article: Article, since: datetime) -> QuerySet:
    # Correction.State.PUBLISHED: the corrections app builds on this one, not the reverse.
    return article.corrections.filter(state="published", published_at__gte=since).order_by(
        "published_at", "pk"
    )


def note_uncorrected_changes(revision: Revision) -> Finding | None:
    """Compare the revision with the article's text before it; when the edit made
    substantive changes, keep them as a finding that waits the site's grace period for a
    correction (or opens at once with a grace of 0). A correction of the article
    published since the edit's previous text became current (and within the grace) covers
    it: the finding is kept as corrected. None when there was no earlier text, no
    substantive change, the site does not run this check, or it was noted already; also
    when the edit brings back the text an earlier edit changed (a reverted edit), whose
    findings still waiting or open are then gone (`_undo`)."""
    article = Article.objects.select_related("site").get(pk=revision.article_id)
    site = article.site
    if UNCORRECTED_CHANGE not in site.checks_enabled or not revision.is_confirmed:
        return None
    before = _previous_current(revision)
    if before is None:
        return None
    substantive = [
        change
        for change in classify_changes(before.text, revision.text, site.language)
        if change.substantive
    ]
    fingerprint = finding_fingerprint(UNCORRECTED_CHANGE, f"{before.pk}>{revision.pk}", None, 0)
    if not substantive or Finding.objects.filter(article=article, fingerprint=fingerprint).exists():
        return None
    reverted = Finding.objects.filter(
        article=article, rule=UNCORRECTED_CHANGE, before_revision=revision
    )
    if reverted.exists():
        _undo(article, revision, reverted)
        return None
    now = timezone.now()
    grace = timedelta(hours=site.uncorrected_change_grace)
    covering = _published_since(article, max(before.current_since, now - grace)).first()
    first = substantive[0]
    kinds = describe_changes([change.kind for change in substantive])
    message = Words(gettext_noop("Changed without a correction: %(kinds)s."), {"kinds": kinds})
    hours = site.uncorrected_change_grace
    within = (
        Words.counted(ngettext_noop("within %(count)d hour", "within %(count)d hours"), hours)
        if hours
        else Words(gettext_noop("with it"))
    )
    whys = substantive[-1].why_words
    for change in reversed(substantive[:-1]):
        # Translators: two sentences, each saying what one change of an edit was.
        whys = Words(gettext_noop("%(first)s %(then)s"), {"first": change.why_words, "then": whys})
    reason = Words(
        gettext_noop(
            "An edit of the published article changed %(kinds)s, and no correction of the "
            "article was published %(within)s: %(changes)s"
        ),
        {"kinds": kinds, "within": within, "changes": whys},
    )
    state = Finding.State.WAITING
    if covering is not None:
        state = Finding.State.CORRECTED
    elif not grace:
        state = Finding.State.OPEN
    try:
        with transaction.atomic():
            finding = Finding.objects.create(
                site_id=site.pk,
                article=article,
                revision=revision,
                before_revision=before,
                rule=UNCORRECTED_CHANGE,
                start=first.new_span[0],
                end=first.new_span[1],
                text=first.new_text or first.old_text,
                message=str(message),
                reason=str(reason),
                wording={"message": message.as_json(), "reason": reason.as_json()},
                severity="error",
                state=state,
                changes=[
                    _edited_passage(change, before, revision).as_json() for change in substantive
                ],
                due=now + grace,
                decided_at=now if covering is not None else None,
                fingerprint=fingerprint,
                last_seen=now,
            )
            Event.objects.create(
                site_id=site.pk,
                action="finding.change_noted",
                detail={
                    "finding": finding.pk,
                    "article": article.pk,
                    "revision": revision.pk,
                    "before_revision": before.pk,
                    "kinds": [change.kind for change in substantive],
                    "state": state,
                    "covered_by": covering.pk if covering is not None else None,
                },
            )
    except IntegrityError:
        return None  # the same edit, noted a moment ago by a retried task
    return finding


def _undo(article: Article, revision: Revision, reverted: QuerySet[Finding]) -> None:
    """The article reads again as it did before earlier edits: those still waiting or open
    need no correction now. They are gone, counted neither right nor wrong."""
    with transaction.atomic():
        undone = list(
            reverted.filter(state__in=(Finding.State.WAITING, Finding.State.OPEN)).values_list(
                "pk", flat=True
            )
        )
        if not undone:
            return
        Finding.objects.filter(pk__in=undone).update(state=Finding.State.GONE)
        Event.objects.create(
            site_id=article.site_id,
            action="finding.changes_undone",
            detail={"findings": undone, "article": article.pk, "revision": revision.pk},
        )


def open_due_uncorrected_changes(now: datetime | None = None) -> int:
    """Open every waiting finding whose grace is up; returns how many. (A correction
    published in the meantime settled its findings already.)"""
    now = now or timezone.now()
    opened = 0
    due = Finding.objects.filter(state=Finding.State.WAITING, due__lte=now).order_by("pk")
    for finding in due.iterator():
        with transaction.atomic():
            # One UPDATE: of two workers, or a correction published this instant, one wins.
            if not Finding.objects.filter(pk=finding.pk, state=Finding.State.WAITING).update(
                state=Finding.State.OPEN
            ):
                continue
            Event.objects.create(
                site_id=finding.site_id,
                action="finding.change_opened",
                detail={"finding": finding.pk, "article": finding.article_id},
            )
        opened += 1
    return opened


def settle_uncorrected_changes(
    article: Article, *, correction_id: int, by: AbstractBaseUser | None
) -> int:
    """A correction of the article was published: its waiting and open findings of edits
    without a correction are corrected; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        pending = Finding.objects.filter(
            article=article,
            rule=UNCORRECTED_CHANGE,
            state__in=(Finding.State.WAITING, Finding.State.OPEN),
        )
        settled = list(pending.values_list("pk", flat=True))
        if not settled:
            return 0
        Finding.objects.filter(pk__in=settled).update(state=Finding.State.CORRECTED, decided_at=now)
        Event.objects.create(
            site_id=article.site_id,
            actor=by,
            action="finding.changes_corrected",
            detail={"findings": settled, "article": article.pk, "correction": correction_id},
        )
    return len(settled)
