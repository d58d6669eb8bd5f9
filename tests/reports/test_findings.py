"""Automatic-check findings kept per article: `check_revision` on real rows, dismissals
that survive edits, fixed passages that become gone, and the task a new revision starts."""

import pytest
from django.core.exceptions import ValidationError

from corrigenda.reports import services
from corrigenda.reports.models import Article, Event, Finding, Revision, StyleRule
from tests.factories import make_editor, revision_and_created

pytestmark = pytest.mark.django_db
F = Finding.State
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros.\n"
    "Residents recieved a letter about the (new timetable."
)


@pytest.fixture
def article(site):
    return Article.objects.create(site=site, canonical_url="https://news.example.org/bridge")


def revise(article, text: str) -> Revision:
    """Store a new revision of the article and check it, as the task does."""
    revision, created = revision_and_created(
        services.record_revision(article, text, Revision.Source.API)
    )
    assert created
    services.check_revision(revision)
    return revision


def findings_of(article) -> dict[tuple[str, str], str]:
    """(rule, flagged text) -> state, for every finding of the article."""
    return {(f.rule, f.text): f.state for f in Finding.objects.filter(article=article)}


def test_a_new_revision_produces_open_findings(article):
    revision = revise(article, TEXT)
    assert findings_of(article) == {
        ("repeated-word", "the the"): F.OPEN,
        ("spelling", "recieved"): F.OPEN,
        ("unbalanced-bracket", "("): F.OPEN,
    }
    typo = Finding.objects.get(article=article, rule="repeated-word")
    assert (typo.revision, typo.site_id, typo.suggestion, typo.severity) == (
        revision,
        article.site_id,
        "the",
        "error",
    )
    assert revision.text[typo.start : typo.end] == "the the"
    event = Event.objects.get(action="findings.checked")
    assert event.detail["opened"] == 3


def test_a_dismissed_finding_stays_dismissed_on_the_next_revision(article, site):
    revise(article, TEXT)
    editor = make_editor("eddie", site)
    spelling = Finding.objects.get(article=article, rule="spelling")
    services.dismiss_finding(spelling, by=editor)

    # An edit elsewhere moves the flagged word; it is still the same finding.
    second = revise(article, "Updated at noon.\n" + TEXT)

    spelling.refresh_from_db()
    assert spelling.state == F.DISMISSED
    assert spelling.revision == second
    assert second.text[spelling.start : spelling.end] == "recieved"
    assert Finding.objects.filter(article=article).count() == 3
    event = Event.objects.get(action="finding.dismissed")
    assert (event.actor, event.detail["finding"]) == (editor, spelling.pk)


def test_a_fixed_passage_makes_its_finding_gone(article):
    revise(article, TEXT)
    revise(article, TEXT.replace("the the", "the"))
    assert findings_of(article) == {
        ("repeated-word", "the the"): F.GONE,
        ("spelling", "recieved"): F.OPEN,
        ("unbalanced-bracket", "("): F.OPEN,
    }
    assert Event.objects.filter(action="findings.checked").last().detail["gone"] == 1


def test_a_dismissed_finding_is_not_made_gone_or_reopened(article, site):
    revise(article, TEXT)
    bracket = Finding.objects.get(article=article, rule="unbalanced-bracket")
    services.dismiss_finding(bracket, by=make_editor("eddie", site))
    revise(article, TEXT.replace("(", ""))
    revise(article, TEXT + "\nMore later.")
    bracket.refresh_from_db()
    assert bracket.state == F.DISMISSED


def test_a_passage_that_comes_back_reopens_its_gone_finding(article):
    revise(article, TEXT)
    revise(article, TEXT.replace("the the", "the"))
    revise(article, TEXT + "\nMore later.")
    assert findings_of(article)[("repeated-word", "the the")] == F.OPEN


def test_repeats_of_the_same_words_are_separate_findings(article):
    revise(article, "It was the the first.\nIt was the the last.")
    assert Finding.objects.filter(article=article, rule="repeated-word").count() == 2
    revise(article, "It was the first.\nIt was the the last.")
    states = sorted(Finding.objects.filter(article=article).values_list("state", flat=True))
    assert states == [F.GONE, F.OPEN]


def test_the_sites_settings_choose_the_checks(article, site):
    site.checks_enabled = ["repeated-word", "spelling", "style"]
    site.accepted_words = ["recieved"]
    site.save()
    StyleRule.objects.create(
        site=site, pattern="4 million euros", replacement="€4m", explanation="House style."
    )
    revise(article, TEXT)
    found = findings_of(article)
    assert set(found) == {("repeated-word", "the the"), ("style", "4 million euros")}
    style = Finding.objects.get(article=article, rule="style")
    assert style.suggestion == "€4m"


def test_a_broken_regex_rule_is_refused_and_skipped(article, site):
    broken = StyleRule(site=site, pattern="(unclosed", replacement="x", is_regex=True)
    with pytest.raises(ValidationError):
        broken.full_clean()
    broken.save()
    StyleRule.objects.create(
        site=site, pattern=r"(\d+) million euros", replacement=r"€\1m", is_regex=True
    )
    revise(article, TEXT)
    style = Finding.objects.get(article=article, rule="style")
    assert (style.text, style.suggestion) == ("4 million euros", "€4m")
    assert ("repeated-word", "the the") in findings_of(article)


def test_a_runaway_style_rule_is_switched_off_and_the_rest_still_run(article, site):
    # Stored before patterns were tried on the sample text: it backtracks over every way
    # of splitting a long sentence into words.
    runaway = StyleRule.objects.create(
        site=site, pattern=r"(\w+\s?)+$", replacement="x", is_regex=True
    )
    StyleRule.objects.create(
        site=site, pattern=r"(\d+) million euros", replacement=r"€\1m", is_regex=True
    )
    long_sentence = "The works went on " + "and on " * 300 + "until May."
    revision = revise(article, f"{TEXT}\n{long_sentence}")

    found = findings_of(article)
    assert ("style", "4 million euros") in found
    assert ("repeated-word", "the the") in found
    assert [rule for rule, _ in found].count("style") == 1
    runaway.refresh_from_db()
    reason = "took longer than 0.2 s on “https://news.example.org/bridge”"
    assert runaway.is_switched_off
    assert runaway.disabled_reason == reason
    event = Event.objects.get(action="style_rule.switched_off")
    assert event.detail == {
        "rule": runaway.pk,
        "pattern": r"(\w+\s?)+$",
        "reason": reason,
        "article": article.pk,
        "revision": revision.pk,
    }

    # Switched off, the rule is not run again: the next revision costs it nothing.
    revise(article, f"{TEXT}\n{long_sentence} Then June.")
    assert Event.objects.filter(action="style_rule.switched_off").count() == 1
    assert ("style", "4 million euros") in findings_of(article)


def test_switching_off_happens_once_and_not_to_a_rewritten_pattern(site):
    rule = StyleRule.objects.create(site=site, pattern="(a+)+$", replacement="a", is_regex=True)
    stale = StyleRule.objects.get(pk=rule.pk)
    assert services.switch_off_style_rule(rule, "took too long")
    assert not services.switch_off_style_rule(rule, "took too long again")

    StyleRule.objects.filter(pk=rule.pk).update(pattern="a+$", disabled_at=None)
    # A worker that read the old pattern must not switch off the rewritten one.
    assert not services.switch_off_style_rule(stale, "took too long")
    assert not StyleRule.objects.get(pk=rule.pk).is_switched_off
    assert Event.objects.filter(action="style_rule.switched_off").count() == 1


def test_an_older_revision_checked_late_changes_nothing(article):
    first, _ = revision_and_created(services.record_revision(article, TEXT, Revision.Source.API))
    revise(article, TEXT.replace("the the", "the"))
    services.check_revision(first)
    assert ("repeated-word", "the the") not in findings_of(article)


def test_lines_every_article_of_the_site_carries_are_flagged_as_boilerplate(article, site):
    furniture = "Subscribe to our newsletter for daily updates"
    for n in range(5):
        other = Article.objects.create(site=site, canonical_url=f"https://news.example.org/{n}")
        services.record_revision(other, f"Story number {n} here.\n{furniture}", "api")
    revise(article, TEXT + "\n" + furniture)
    assert ("boilerplate", furniture) in findings_of(article)


def test_a_new_revision_starts_the_checks(article, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        services.record_revision(article, TEXT, Revision.Source.API)
    assert ("repeated-word", "the the") in findings_of(article)
