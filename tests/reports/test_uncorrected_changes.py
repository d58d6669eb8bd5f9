"""Edits made without a correction: a published article's new text that changes a fact
waits the site's grace period for a correction, then becomes an open finding; a
published correction of the article settles it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from corrigenda.corrections.models import Correction
from corrigenda.corrections.selectors import draft_for_changes
from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports import services
from corrigenda.reports.models import UNCORRECTED_CHANGE, Article, Event, Finding, Revision
from corrigenda.reports.tasks import check_revision_task
from tests.factories import make_editor

pytestmark = pytest.mark.django_db
F = Finding.State
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

TEXT = (
    "The bridge reopens on Monday after the repairs.\n"
    "The mayor said the works cost 4 million euros, paid by the city.\n"
    "Traffic will return to normal by the end of the month."
)


@pytest.fixture
def article(site):
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/bridge")
    services.record_revision(article, TEXT, Revision.Source.API)
    return article


def edit(article, text: str) -> Finding | None:
    """The publisher pushes a new text; the revision's task notes what it changed."""
    pushed = services.record_revision(article, text, Revision.Source.API)
    return services.note_uncorrected_changes(pushed.revision)


def test_a_changed_figure_waits_for_a_correction_then_opens(article, site):
    finding = edit(article, TEXT.replace("4 million", "4.5 million"))

    assert finding.state == F.WAITING
    assert finding.rule == UNCORRECTED_CHANGE
    assert timedelta(hours=23, minutes=59) < finding.due - finding.first_seen <= timedelta(hours=24)
    [change] = finding.edited_passages
    assert change.kind == "number"
    assert change.before == "The mayor said the works cost 4 million euros, paid by the city."
    assert change.after == "The mayor said the works cost 4.5 million euros, paid by the city."
    assert (change.said, change.says) == (
        "works cost 4 million euros",
        "works cost 4.5 million euros",
    )
    assert finding.message == "Changed without a correction: a figure."
    assert "no correction of the article was published within 24 hours" in finding.reason
    assert "A figure changed: “4” → “4.5”." in finding.reason
    assert Event.objects.get(action="finding.change_noted").detail["state"] == F.WAITING

    # Not yet: the grace is a day.
    assert services.open_due_uncorrected_changes(timezone.now() + timedelta(hours=23)) == 0
    assert services.open_due_uncorrected_changes(timezone.now() + timedelta(hours=25)) == 1
    finding.refresh_from_db()
    assert finding.state == F.OPEN
    event = Event.objects.get(action="finding.change_opened")
    assert event.detail == {"finding": finding.pk, "article": article.pk}
    # Once is enough.
    assert services.open_due_uncorrected_changes(timezone.now() + timedelta(hours=26)) == 0


def test_a_grace_of_zero_opens_it_at_once(article, site):
    site.uncorrected_change_grace = 0
    site.save()
    finding = edit(article, TEXT.replace("Monday", "Tuesday"))
    assert finding.state == F.OPEN
    assert finding.edited_passages[0].kind == "date"
    assert "no correction of the article was published with it: A date changed" in finding.reason


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("The bridge", "The  bridge"),
        ("4 million", "4\u00a0million"),
        ("end of the month", "End of the month"),
        ("Traffic will return", "Traffic should return"),
    ],
)
def test_a_cosmetic_edit_is_not_noted(article, old, new):
    assert edit(article, TEXT.replace(old, new)) is None
    assert not Finding.objects.filter(rule=UNCORRECTED_CHANGE).exists()


def test_a_first_text_is_no_edit(site):
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/new")
    pushed = services.record_revision(article, TEXT, Revision.Source.API)
    assert services.note_uncorrected_changes(pushed.revision) is None


def test_a_site_that_switched_the_check_off_gets_no_finding(article, site):
    services.switch_off_check(site, UNCORRECTED_CHANGE, by=None)
    site.refresh_from_db()
    assert edit(article, TEXT.replace("4 million", "5 million")) is None


def test_publishing_a_correction_settles_the_edit(article, site):
    editor = make_editor("eddie", site)
    finding = edit(article, TEXT.replace("4 million", "5 million"))
    correction = draft_correction([], Wording("correction", "A note."), by=editor, article=article)
    publish_correction(correction, by=editor)

    finding.refresh_from_db()
    assert finding.state == F.CORRECTED
    assert finding.decided_at is not None
    event = Event.objects.get(action="finding.changes_corrected")
    assert (event.actor, event.detail["findings"], event.detail["correction"]) == (
        editor,
        [finding.pk],
        correction.pk,
    )
    # The grace running out later opens nothing.
    assert services.open_due_uncorrected_changes(timezone.now() + timedelta(days=2)) == 0


def test_a_correction_published_just_before_the_edit_covers_it(article, site):
    editor = make_editor("eddie", site)
    correction = draft_correction([], Wording("correction", "A note."), by=editor, article=article)
    publish_correction(correction, by=editor)

    finding = edit(article, TEXT.replace("4 million", "5 million"))

    assert finding.state == F.CORRECTED
    assert Event.objects.get(action="finding.change_noted").detail["covered_by"] == correction.pk


def test_an_old_correction_does_not_cover_a_new_edit(article, site):
    editor = make_editor("eddie", site)
    correction = draft_correction([], Wording("correction", "A note."), by=editor, article=article)
    publish_correction(correction, by=editor)
    Correction.objects.filter(pk=correction.pk).update(
        published_at=timezone.now() - timedelta(days=3)
    )
    assert edit(article, TEXT.replace("4 million", "5 million")).state == F.WAITING


def test_the_next_check_run_leaves_the_edit_open(article, site):
    site.uncorrected_change_grace = 0
    site.save()
    finding = edit(article, TEXT.replace("4 million", "5 million"))
    pushed = services.record_revision(
        article, TEXT.replace("4 million", "5 million") + "\nMore.", "api"
    )
    services.check_revision(pushed.revision)
    finding.refresh_from_db()
    assert finding.state == F.OPEN


def test_the_revision_task_notes_the_edit(
    article, site, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        services.record_revision(
            article, TEXT.replace("said the works", "denied the works"), Revision.Source.API
        )
    finding = Finding.objects.get(rule=UNCORRECTED_CHANGE)
    assert finding.edited_passages[0].kind == "negation"
    # Run again (a retried task): the edit is noted once.
    check_revision_task.call(finding.revision_id)
    assert Finding.objects.filter(rule=UNCORRECTED_CHANGE).count() == 1


def test_the_draft_note_quotes_the_changed_words_cleanly(article, site):
    finding = edit(article, TEXT.replace("4 million", "4.5 million").replace("Monday", "Tuesday"))
    draft = draft_for_changes(finding)
    assert draft["note"] == (
        "An earlier version of this article said “reopens on Monday after the” and "
        "“works cost 4 million euros”. It should have said “reopens on Tuesday after the” "
        "and “works cost 4.5 million euros”."
    )
    assert draft["kind"] == "correction"
    assert draft["said"] == "reopens on Monday after the\nworks cost 4 million euros"
    assert draft["correct"] == "reopens on Tuesday after the\nworks cost 4.5 million euros"
    for doubled in ("..", ".”.", ",”", "““", "””"):
        assert doubled not in draft["note"]


def test_an_added_sentence_is_quoted_once_in_the_draft(article, site):
    finding = edit(article, TEXT + "\nThe mayor has since resigned over the cost.")
    assert finding.edited_passages[0].kind == "sentence added"
    draft = draft_for_changes(finding)
    assert draft["note"] == (
        "This article has been updated to add “The mayor has since resigned over the cost”."
    )
    assert draft["kind"] == "update"


def test_a_removed_sentence_is_named_in_the_draft(article, site):
    finding = edit(
        article, TEXT.replace("\nTraffic will return to normal by the end of the month.", "")
    )
    assert finding.edited_passages[0].kind == "sentence removed"
    assert draft_for_changes(finding)["note"] == (
        "An earlier version of this article included a sentence that has been removed: "
        "“Traffic will return to normal by the end of the month”."
    )


def test_a_reverted_edit_needs_no_correction(article, site):
    finding = edit(article, TEXT.replace("4 million", "5 million"))
    assert edit(article, TEXT) is None  # the first text, brought back

    finding.refresh_from_db()
    assert finding.state == F.GONE
    assert finding.decided_at is None  # neither right nor wrong for the rule's precision
    event = Event.objects.get(action="finding.changes_undone")
    assert event.detail["findings"] == [finding.pk]
    assert Finding.objects.filter(rule=UNCORRECTED_CHANGE).count() == 1
