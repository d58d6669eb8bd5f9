"""Open issues carried onto a new revision of their article: `reanchor_open_issues` on
real rows, the task a new revision starts, and grouping of reports that come after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corrigenda.reports import services
from corrigenda.reports.models import Event, Issue, Revision
from tests.factories import ARTICLE_TEXT, revision_and_created, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status
A = Issue.AnchorState

TYPO = "after the the repairs"
TYPO_FIXED_TEXT = ARTICLE_TEXT.replace(TYPO, "after the repairs")
COST = "4 million euros"
COST_SENTENCE = "The mayor said the works cost 4 million euros.\n"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def revise(article, text: str) -> Revision:
    """Store a new revision of the article and re-anchor its open issues, as the task does."""
    revision, created = revision_and_created(
        services.record_revision(article, text, Revision.Source.API)
    )
    assert created
    services.reanchor_open_issues(revision)
    return revision


def reloaded(issue: Issue) -> Issue:
    return Issue.objects.get(pk=issue.pk)


def placement(issue: Issue) -> tuple:
    issue = reloaded(issue)
    return (
        issue.revision_id,
        issue.start,
        issue.end,
        issue.exact,
        issue.anchor_state,
        issue.passage_before,
    )


def reanchored_events(issue: Issue) -> list[tuple[str, str]]:
    return [
        (event.detail["from"], event.detail["to"])
        for event in Event.objects.filter(issue=issue, action="issue.reanchored")
    ]


def test_a_revision_that_fixes_the_reported_typo_marks_the_issue_changed(site):
    issue = submit_report(site, TYPO).issue
    revision = revise(issue.article, TYPO_FIXED_TEXT)

    issue = reloaded(issue)
    assert issue.anchor_state == A.CHANGED
    assert (issue.passage_before, issue.exact) == (TYPO, "after the repairs")
    assert issue.revision_id == revision.pk
    assert TYPO_FIXED_TEXT[issue.start : issue.end] == "after the repairs"
    assert 0 < issue.anchor_confidence <= 1
    assert reanchored_events(issue) == [(A.ANCHORED, A.CHANGED)]


@pytest.mark.parametrize(
    ("new_text", "state"),
    [
        ("Updated on Tuesday.\n" + ARTICLE_TEXT, A.MOVED),
        (ARTICLE_TEXT.replace("The mayor said", "Mayor Ann Lee said"), A.MOVED),
        (ARTICLE_TEXT.replace("of the month.", "of the month, officials said."), A.ANCHORED),
    ],
    ids=["paragraph-added-before", "words-changed-before", "words-changed-after"],
)
def test_an_edit_beside_the_passage_carries_it_unchanged(site, new_text, state):
    issue = submit_report(site, COST).issue
    revision = revise(issue.article, new_text)

    issue = reloaded(issue)
    assert issue.anchor_state == state
    assert issue.revision_id == revision.pk
    assert new_text[issue.start : issue.end] == issue.exact == COST
    assert issue.passage_before == ""


def test_a_deleted_passage_orphans_the_issue_on_its_last_revision(site):
    report = submit_report(site, COST)
    revise(report.article, ARTICLE_TEXT.replace(COST_SENTENCE, ""))

    issue = reloaded(report.issue)
    assert issue.anchor_state == A.ORPHANED
    # Still where it was last seen, so the desk can show the passage as it read.
    assert issue.revision_id == report.revision_id
    assert (issue.exact, issue.start, issue.end) == (COST, report.start, report.end)
    assert reanchored_events(issue) == [(A.ANCHORED, A.ORPHANED)]


@pytest.mark.parametrize(
    "decisions",
    [[S.REJECTED], [S.DUPLICATE], [S.SPAM], [S.FIXED], [S.ACCEPTED, S.FIXED, S.PUBLISHED]],
    ids=lambda decisions: decisions[-1],
)
def test_closed_issues_stay_where_they_were(site, editor, decisions):
    closed = submit_report(site, TYPO).issue
    for status in decisions:
        services.change_status(closed, status, by=editor)
    still_open = submit_report(site, COST).issue
    services.change_status(still_open, S.ACCEPTED, by=editor)
    before = placement(closed)

    revision = revise(closed.article, "Updated on Tuesday.\n" + TYPO_FIXED_TEXT)

    assert placement(closed) == before
    assert reanchored_events(closed) == []
    assert reloaded(still_open).revision_id == revision.pk
    assert reloaded(still_open).anchor_state == A.MOVED


def test_reanchoring_onto_a_revision_that_is_no_longer_the_latest_does_nothing(site):
    issue = submit_report(site, TYPO).issue
    before = placement(issue)
    older, _ = revision_and_created(
        services.record_revision(issue.article, TYPO_FIXED_TEXT, Revision.Source.API)
    )
    newer, _ = revision_and_created(
        services.record_revision(
            issue.article, "Updated on Tuesday.\n" + TYPO_FIXED_TEXT, Revision.Source.API
        )
    )

    assert services.reanchor_open_issues(older) == 0
    assert placement(issue) == before

    assert services.reanchor_open_issues(newer) == 1
    assert reloaded(issue).revision_id == newer.pk
    assert reloaded(issue).anchor_state == A.CHANGED


def test_a_changed_passage_stays_changed_after_a_later_unrelated_edit(site):
    issue = submit_report(site, TYPO).issue
    revise(issue.article, TYPO_FIXED_TEXT)
    later_text = "Updated on Tuesday.\n" + TYPO_FIXED_TEXT
    later = revise(issue.article, later_text)

    issue = reloaded(issue)
    assert issue.anchor_state == A.CHANGED
    assert (issue.passage_before, issue.exact) == (TYPO, "after the repairs")
    assert issue.revision_id == later.pk
    assert later_text[issue.start : issue.end] == "after the repairs"
    assert reanchored_events(issue) == [(A.ANCHORED, A.CHANGED)]


def test_an_event_is_written_only_when_the_anchor_state_changes(site):
    issue = submit_report(site, COST).issue
    article = issue.article
    text = ARTICLE_TEXT.replace("of the month.", "of the month, officials said.")
    revise(article, text)  # anchored, in place
    revise(article, "Updated.\n" + text)  # moved
    moved_again = revise(article, "Updated on Tuesday.\n" + text)  # moved further
    gone = revise(article, "Updated on Tuesday.\n" + text.replace(COST_SENTENCE, ""))

    assert reanchored_events(issue) == [(A.ANCHORED, A.MOVED), (A.MOVED, A.ORPHANED)]
    assert reloaded(issue).revision_id == moved_again.pk
    events = Event.objects.filter(issue=issue, action="issue.reanchored")
    assert events.last().detail["revision"] == gone.pk


def test_a_report_on_a_new_article_text_reanchors_the_open_issues(
    site, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    typo = submit_report(site, TYPO).issue
    with django_capture_on_commit_callbacks(execute=True):
        # The widget sends the article as it reads now: the typo is fixed.
        cost_report = submit_report(site, COST, text=TYPO_FIXED_TEXT)

    typo = reloaded(typo)
    assert typo.anchor_state == A.CHANGED
    assert typo.revision_id == cost_report.revision_id
    assert (typo.passage_before, typo.exact) == (TYPO, "after the repairs")
    assert cost_report.issue_id != typo.pk


@pytest.mark.parametrize(
    ("new_text", "quote", "joins"),
    [
        ("Updated on Tuesday.\n" + ARTICLE_TEXT, "cost 4 million euros", True),
        ("Updated on Tuesday.\n" + ARTICLE_TEXT, "4 million", True),
        ("Updated on Tuesday.\n" + ARTICLE_TEXT, "the works cost 4", False),
        (ARTICLE_TEXT.replace("4 million", "4.2 million"), "4.2 million euros", True),
        (ARTICLE_TEXT.replace("4 million", "4.2 million"), "the end of the month", False),
    ],
)
def test_a_report_on_the_new_revision_joins_the_reanchored_issue_it_overlaps(
    site, new_text, quote, joins
):
    issue = submit_report(site, COST).issue
    revise(issue.article, new_text)
    assert reloaded(issue).anchor_state in (A.MOVED, A.CHANGED)

    report = submit_report(site, quote, text=new_text)

    assert (report.issue_id == issue.pk) is joins
    assert reloaded(issue).report_count == (2 if joins else 1)


def _article_with_open_issues(site, issues: int, url_suffix: str):
    """An article of `issues` sentences, each with one open issue on its figure."""
    text = "\n".join(f"Item {n} of the budget rose by {n + 10} per cent." for n in range(issues))
    url = f"https://news.example.org/budget-{url_suffix}"
    reported = [
        submit_report(site, f"{n + 10} per cent", text=text, url=url).issue for n in range(issues)
    ]
    return reported, text


@pytest.mark.parametrize("issues", [3, 30])
def test_reanchoring_writes_in_statements_that_do_not_grow_with_the_open_issues(
    site, issues, django_assert_max_num_queries
):
    reported, text = _article_with_open_issues(site, issues, str(issues))
    # The first figure reworded, the second's sentence deleted, the rest moved down a line.
    edited = text.replace("rose by 10 per cent", "rose by ten per cent").replace(
        "Item 1 of the budget rose by 11 per cent.\n", ""
    )
    revision, created = revision_and_created(
        services.record_revision(reported[0].article, "Updated.\n" + edited, Revision.Source.API)
    )
    assert created

    with django_assert_max_num_queries(8):
        assert services.reanchor_open_issues(revision) == issues

    states = [reloaded(issue).anchor_state for issue in reported]
    assert states == [A.CHANGED, A.ORPHANED] + [A.MOVED] * (issues - 2)
    assert [reanchored_events(issue) for issue in reported] == [
        [(A.ANCHORED, A.CHANGED)],
        [(A.ANCHORED, A.ORPHANED)],
    ] + [[(A.ANCHORED, A.MOVED)]] * (issues - 2)
    assert reloaded(reported[-1]).revision_id == revision.pk


def test_a_report_on_an_older_copy_costs_the_same_queries_however_many_issues_are_open(site):
    queries_per_report = []
    for issues in (3, 30):
        reported, text = _article_with_open_issues(site, issues, f"older-{issues}")
        revise(reported[0].article, "Updated.\n" + text)  # the issues move onto the new text
        # A reader whose page still shows the text before the update.
        with CaptureQueriesContext(connection) as queries:
            report = submit_report(
                site,
                f"{issues + 9} per cent",  # the last issue's: every one is looked at
                text=text,
                url=reported[0].article.canonical_url,
                published=False,
            )
        queries_per_report.append(len(queries))
        assert report.issue == reported[-1]

    assert queries_per_report[0] == queries_per_report[1]
