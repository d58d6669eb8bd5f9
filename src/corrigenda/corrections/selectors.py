"""Reads of corrections for the desk; who may see them is decided by `reports.selectors`."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from corrigenda.reports.models import Event, Finding, Issue, Report, Site
from corrigenda.reports.selectors import sites_for_user

from .models import Correction, CorrectionVersion
from .services import CORRECTABLE_STATUSES

# The desk works on drafts first, then sees what is public, then what was taken down.
_STATE_ORDER = Case(
    When(state=Correction.State.DRAFT, then=Value(0)),
    When(state=Correction.State.PUBLISHED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def correction_for_user(user: AbstractBaseUser, correction_id: int) -> Correction:
    """The correction, or 404 when it does not exist or belongs to a site the user is not on."""
    correction = (
        Correction.objects.select_related("site", "article", "created_by")
        .filter(pk=correction_id, site__in=sites_for_user(user))
        .first()
    )
    if correction is None:
        raise Http404(_("No such correction."))
    return correction


def desk_corrections(user: AbstractBaseUser, site: Site | None = None) -> QuerySet[Correction]:
    """Corrections of the user's sites (or of one of them): drafts first, then published,
    then withdrawn; newest first within each."""
    corrections = Correction.objects.filter(site__in=sites_for_user(user))
    if site is not None:
        corrections = corrections.filter(site=site)
    return (
        corrections.select_related("site", "article")
        .annotate(issue_count=Count("issues"))
        .order_by(_STATE_ORDER, "-published_at", "-created", "-id")
    )


def corrections_of_issue(issue: Issue) -> QuerySet[Correction]:
    return issue.corrections.order_by(_STATE_ORDER, "-created")


def correctable_issues_of(issue: Issue) -> QuerySet[Issue]:
    """The other accepted or fixed issues of the issue's article: one note may cover them too."""
    return (
        Issue.objects.filter(article_id=issue.article_id, status__in=CORRECTABLE_STATUSES)
        .exclude(pk=issue.pk)
        .order_by("start", "id")
    )


def what_it_said(issue: Issue) -> str:
    """The passage as readers flagged it, even if an edit has changed it since."""
    if issue.anchor_state == Issue.AnchorState.CHANGED and issue.passage_before:
        return issue.passage_before
    return issue.exact


def most_suggested(issue: Issue) -> str:
    """The reader suggestion most reports on the issue agree on ("" when none suggested)."""
    top = (
        issue.reports.filter(spam_verdict=Report.SpamVerdict.HAM)
        .exclude(suggestion="")
        .values("suggestion")
        .annotate(times=Count("id"))
        .order_by("-times", "suggestion")
        .first()
    )
    return top["suggestion"].strip() if top else ""


def correction_events(correction: Correction) -> QuerySet[Event]:
    """The audit trail of the note itself (its issues keep their own)."""
    return (
        Event.objects.filter(site_id=correction.site_id, detail__correction=correction.pk)
        .select_related("actor")
        .order_by("created", "id")
    )


def wording_history(correction: Correction) -> list[tuple[CorrectionVersion, bool]]:
    """Every wording, oldest first, each with whether readers ever saw it: it was the
    current wording at some time while the note was public."""
    versions = list(correction.versions.select_related("edited_by"))
    if correction.published_at is None:
        return [(version, False) for version in versions]
    public_until = correction.withdrawn_at
    history = []
    for version, successor in zip(versions, [*versions[1:], None], strict=True):
        current_until = successor.created if successor else None
        seen = (current_until is None or current_until > correction.published_at) and (
            public_until is None or version.created < public_until
        )
        history.append((version, seen))
    return history


# Stripped from the ends of a quoted fragment, so the note never reads “…euros.”. or ““…”.
_QUOTE_EDGES = " \t\n.,;:!?…\"'“”„«»‘’()"


def _quoted(fragments: list[str]) -> str:
    """“a”, “b” and “c”."""
    quoted = [f"“{fragment.strip(_QUOTE_EDGES)}”" for fragment in fragments]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def draft_for_changes(finding: Finding) -> dict[str, str]:
    """The correction editor's starting wording for an edit made without a correction:
    what the article said and says now, quoting the changed words (not whole sentences),
    and a note readers could see as it is."""
    passages = finding.edited_passages
    replaced = [p for p in passages if p.said and p.says]
    removed = [p.said for p in passages if p.said and not p.says]
    added = [p.says for p in passages if p.says and not p.said]
    sentences = []
    if replaced:
        sentences.append(
            f"An earlier version of this article said {_quoted([p.said for p in replaced])}. "
            f"It should have said {_quoted([p.says for p in replaced])}."
        )
    if removed:
        which = "a sentence that has" if len(removed) == 1 else "sentences that have"
        sentences.append(
            f"An earlier version of this article included {which} been removed: {_quoted(removed)}."
        )
    if added:
        sentences.append(f"This article has been updated to add {_quoted(added)}.")
    return {
        "kind": Correction.Kind.CORRECTION if replaced or removed else Correction.Kind.UPDATE,
        "said": "\n".join(p.said.strip(_QUOTE_EDGES) for p in passages if p.said),
        "correct": "\n".join(p.says.strip(_QUOTE_EDGES) for p in passages if p.says),
        "note": " ".join(sentences),
    }


def issues_of_article(article_id: int) -> QuerySet[Issue]:
    """The article's accepted or fixed issues: a note written from a finding may cover them."""
    return Issue.objects.filter(article_id=article_id, status__in=CORRECTABLE_STATUSES).order_by(
        "start", "id"
    )
