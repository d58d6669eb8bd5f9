"""Correction services: the states a note goes through, its kept wordings, and its issues."""

import pytest

from corrigenda.corrections.errors import CorrectionError
from corrigenda.corrections.models import Correction, CorrectionVersion
from corrigenda.corrections.services import (
    Wording,
    draft_correction,
    edit_correction,
    publish_correction,
    withdraw_correction,
)
from corrigenda.reports.models import Event, Issue
from corrigenda.reports.services import change_status
from tests.factories import submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status
C = Correction.State

FIRST = Wording(kind="correction", note="The works cost 4 million euros, not 40.")
SECOND = Wording(kind="correction", note="The works cost 4.2 million euros.", said="4 million")
OTHER_ARTICLE = "https://news.example.org/2024/other-story"


def issue_in(site, status, exact="4 million euros", *, by, url=None):
    extra = {"url": url} if url else {}
    issue = submit_report(site, exact, **extra).issue
    if status != S.NEW:
        change_status(issue, status, by=by)
    return issue


def actions(correction) -> list[str]:
    return list(
        Event.objects.filter(detail__correction=correction.pk).values_list("action", flat=True)
    )


def test_a_draft_keeps_its_first_wording_and_covers_its_issues(site, editor):
    money = issue_in(site, S.ACCEPTED, by=editor)
    typo = issue_in(site, S.FIXED, "the the", by=editor)

    correction = draft_correction([money, typo], FIRST, by=editor)

    assert correction.state == C.DRAFT
    assert (correction.site, correction.article) == (site, money.article)
    assert set(correction.issues.all()) == {money, typo}
    assert [(v.note, v.was_published, v.edited_by) for v in correction.versions.all()] == [
        (FIRST.note, False, editor)
    ]
    assert correction.published_at is None
    assert actions(correction) == ["correction.drafted"]
    assert Event.objects.get(detail__correction=correction.pk).actor == editor
    # Drafting alone changes nothing readers see.
    money.refresh_from_db()
    assert money.status == S.ACCEPTED


@pytest.mark.parametrize(
    ("state_before", "amended", "action"),
    [
        (C.DRAFT, False, "correction.edited"),
        (C.PUBLISHED, True, "correction.amended"),
    ],
)
def test_editing_keeps_every_wording_and_dates_only_amendments(
    site, editor, state_before, amended, action
):
    correction = draft_correction([issue_in(site, S.ACCEPTED, by=editor)], FIRST, by=editor)
    if state_before == C.PUBLISHED:
        publish_correction(correction, by=editor)

    edit_correction(correction, SECOND, by=editor)

    correction.refresh_from_db()
    assert (correction.note, correction.said) == (SECOND.note, SECOND.said)
    assert (correction.amended_at is not None) is amended
    versions = list(correction.versions.values_list("note", "was_published"))
    assert versions == [(FIRST.note, False), (SECOND.note, amended)]
    assert actions(correction)[-1] == action


def test_saving_the_same_wording_adds_no_version_and_no_amendment(site, editor):
    correction = draft_correction([issue_in(site, S.ACCEPTED, by=editor)], FIRST, by=editor)
    publish_correction(correction, by=editor)

    edit_correction(correction, FIRST, by=editor)

    correction.refresh_from_db()
    assert correction.amended_at is None
    assert correction.versions.count() == 1


def test_publishing_publishes_every_issue_it_covers(site, editor):
    money = issue_in(site, S.ACCEPTED, by=editor)
    typo = issue_in(site, S.FIXED, "the the", by=editor)
    correction = draft_correction([money, typo], FIRST, by=editor)

    publish_correction(correction, by=editor)

    correction.refresh_from_db()
    assert correction.state == C.PUBLISHED
    assert correction.published_at is not None
    assert set(Issue.objects.values_list("status", flat=True)) == {S.PUBLISHED}
    assert actions(correction) == ["correction.drafted", "correction.published"]
    moves = Event.objects.filter(issue=money, action="issue.status").last()
    assert (moves.detail, moves.actor) == ({"from": "accepted", "to": "published"}, editor)


def test_withdrawing_sends_issues_back_to_accepted_and_keeps_the_reason(site, editor):
    money = issue_in(site, S.ACCEPTED, by=editor)
    correction = draft_correction([money], FIRST, by=editor)
    publish_correction(correction, by=editor)

    withdraw_correction(correction, by=editor, reason="Our figure was right after all.")

    correction.refresh_from_db()
    money.refresh_from_db()
    assert correction.state == C.WITHDRAWN
    assert correction.withdrawn_at is not None
    assert money.status == S.ACCEPTED
    withdrawn = Event.objects.get(detail__correction=correction.pk, action="correction.withdrawn")
    assert (withdrawn.actor, withdrawn.detail["reason"]) == (
        editor,
        "Our figure was right after all.",
    )


def test_an_issue_another_published_note_covers_stays_published(site, editor):
    money = issue_in(site, S.ACCEPTED, by=editor)
    typo = issue_in(site, S.ACCEPTED, "the the", by=editor)
    first = draft_correction([money], FIRST, by=editor)
    second = draft_correction([money, typo], SECOND, by=editor)
    publish_correction(first, by=editor)
    publish_correction(second, by=editor)

    withdraw_correction(second, by=editor, reason="Merged into the first note.")

    money.refresh_from_db()
    typo.refresh_from_db()
    assert (money.status, typo.status) == (S.PUBLISHED, S.ACCEPTED)


def _draft(site, editor):
    return draft_correction([issue_in(site, S.ACCEPTED, by=editor)], FIRST, by=editor)


def _published(site, editor):
    correction = _draft(site, editor)
    publish_correction(correction, by=editor)
    return correction


def _withdrawn(site, editor):
    correction = _published(site, editor)
    withdraw_correction(correction, by=editor)
    return correction


def _draft_of_rejected_issue(site, editor):
    correction = _draft(site, editor)
    change_status(correction.issues.get(), S.REJECTED, by=editor)
    return correction


@pytest.mark.parametrize(
    ("make", "change", "message"),
    [
        (_published, lambda c, by: publish_correction(c, by=by), "Only a draft"),
        (_withdrawn, lambda c, by: publish_correction(c, by=by), "Only a draft"),
        (_draft, lambda c, by: withdraw_correction(c, by=by), "Only a published"),
        (_withdrawn, lambda c, by: withdraw_correction(c, by=by), "Only a published"),
        (_withdrawn, lambda c, by: edit_correction(c, SECOND, by=by), "withdrawn"),
        (
            _published,
            lambda c, by: edit_correction(c, Wording(kind="correction", note="  \n"), by=by),
            "cannot be empty",
        ),
        (
            _draft,
            lambda c, by: edit_correction(c, Wording(kind="retraction", note="x"), by=by),
            "Unknown kind",
        ),
        (_draft_of_rejected_issue, lambda c, by: publish_correction(c, by=by), "is rejected now"),
    ],
    ids=[
        "publish-published",
        "publish-withdrawn",
        "withdraw-draft",
        "withdraw-withdrawn",
        "edit-withdrawn",
        "empty-note",
        "unknown-kind",
        "publish-with-rejected-issue",
    ],
)
def test_changes_refused_in_the_wrong_state(site, editor, make, change, message):
    correction = make(site, editor)
    before = (
        Correction.objects.values_list("state", "note", "amended_at").get(pk=correction.pk),
        list(Issue.objects.values_list("pk", "status").order_by("pk")),
        CorrectionVersion.objects.count(),
        Event.objects.count(),
    )

    with pytest.raises(CorrectionError, match=message):
        change(correction, editor)

    assert before == (
        Correction.objects.values_list("state", "note", "amended_at").get(pk=correction.pk),
        list(Issue.objects.values_list("pk", "status").order_by("pk")),
        CorrectionVersion.objects.count(),
        Event.objects.count(),
    )


@pytest.mark.parametrize(
    ("statuses", "other_article", "wording", "message"),
    [
        ([], False, FIRST, "at least one issue"),
        ([S.ACCEPTED], False, Wording(kind="correction", note=" "), "cannot be empty"),
        ([S.ACCEPTED, S.ACCEPTED], True, FIRST, "one article only"),
        ([S.NEW], False, FIRST, "only accepted or fixed"),
        ([S.ACCEPTED, S.REJECTED], False, FIRST, "only accepted or fixed"),
        ([S.SPAM], False, FIRST, "only accepted or fixed"),
    ],
    ids=["no-issues", "empty-note", "two-articles", "new-issue", "rejected-issue", "spam"],
)
def test_drafts_refused(site, editor, statuses, other_article, wording, message):
    quotes = ["4 million euros", "the the"]
    issues = [
        issue_in(
            site,
            status,
            quotes[i],
            by=editor,
            url=OTHER_ARTICLE if other_article and i else None,
        )
        for i, status in enumerate(statuses)
    ]
    with pytest.raises(CorrectionError, match=message):
        draft_correction(issues, wording, by=editor)
    assert not Correction.objects.exists()
    assert not CorrectionVersion.objects.exists()


def test_a_second_editor_publishing_a_stale_copy_is_refused(site, editor):
    issue = issue_in(site, S.ACCEPTED, by=editor)
    correction = draft_correction([issue], FIRST, by=editor)
    stale = Correction.objects.get(pk=correction.pk)  # the other editor's open page

    publish_correction(correction, by=editor)
    with pytest.raises(CorrectionError, match="just now"):
        publish_correction(stale, by=editor)

    assert actions(correction) == ["correction.drafted", "correction.published"]
    withdraw_correction(correction, by=editor, reason="wrong figure")
    stale = Correction.objects.get(pk=correction.pk)
    stale.state = C.PUBLISHED  # a page loaded before the withdrawal
    with pytest.raises(CorrectionError, match="just now"):
        withdraw_correction(stale, by=editor)
    assert actions(correction).count("correction.withdrawn") == 1
