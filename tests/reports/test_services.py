"""The write services called directly: idempotency, grouping, transitions, spam."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from corrigenda.anchoring import Selector, spans_overlap_enough
from corrigenda.reports import services
from corrigenda.reports.errors import InvalidPosition, InvalidTransition, QuoteNotInText
from corrigenda.reports.models import Comment, Event, Issue, Membership, Report
from corrigenda.reports.services import change_status
from tests.factories import ARTICLE_TEXT, row_counts, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status


def test_receive_report_returns_the_first_report_for_a_repeated_key(site):
    first = submit_report(site, idempotency_key="same-key-123")
    again, created = services.receive_report(
        site,
        services.ReportSubmission(
            page_url="https://news.example.org/x",
            canonical_url="https://news.example.org/x",
            comment="a different body under the same key",
            idempotency_key="same-key-123",
        ),
    )
    assert (again.pk, created) == (first.pk, False)
    assert Report.objects.count() == 1
    assert Issue.objects.get().report_count == 1


def test_idempotency_keys_are_per_site(site, other_site):
    submit_report(site, idempotency_key="shared-key-1")
    submit_report(other_site, idempotency_key="shared-key-1")
    assert Report.objects.count() == 2


def test_reports_without_a_key_are_all_stored(site):
    for _ in range(2):
        services.receive_report(
            site,
            services.ReportSubmission(
                page_url="https://news.example.org/x", canonical_url="https://news.example.org/x"
            ),
        )
    assert Report.objects.filter(idempotency_key=None).count() == 2


@pytest.mark.parametrize(
    ("quote", "text", "error"),
    [
        (Selector.of("the the"), "", QuoteNotInText),
        (Selector.of("bridge collapses"), ARTICLE_TEXT, QuoteNotInText),
        (Selector.of("the the", start=33, end=33), ARTICLE_TEXT, InvalidPosition),
        (Selector.of("the the", start=0, end=10**6), ARTICLE_TEXT, InvalidPosition),
    ],
)
def test_receive_report_refuses_a_quote_it_cannot_place_and_stores_nothing(
    site, quote, text, error
):
    before = row_counts()
    with pytest.raises(error):
        services.receive_report(
            site,
            services.ReportSubmission(
                page_url="https://news.example.org/a",
                canonical_url="https://news.example.org/a",
                article_text=text,
                selection=quote,
                idempotency_key="refused-key-1",
            ),
        )
    assert row_counts() == before


def test_stale_position_falls_back_to_the_nearest_occurrence(site):
    # The offsets point at the first "the" but the quote is "the the": the text wins.
    report, _ = services.receive_report(
        site,
        services.ReportSubmission(
            page_url="https://news.example.org/a",
            canonical_url="https://news.example.org/a",
            article_text=ARTICLE_TEXT,
            selection=Selector.of("the the", start=0, end=7),
        ),
    )
    at = ARTICLE_TEXT.index("the the")
    assert (report.start, report.end) == (at, at + 7)


def test_form_reports_without_a_quote_each_open_their_own_issue(site):
    first = submit_report(site, None, comment="The headline is wrong")
    second = submit_report(site, None, comment="So is the date")
    assert first.issue != second.issue
    assert (first.issue.exact, first.issue.start, first.revision) == ("", None, None)


def test_spam_submission_is_kept_out_of_issues(site):
    report = submit_report(site, is_spam=True)
    assert report.spam_verdict == Report.SpamVerdict.SPAM
    assert report.issue is None
    assert not Issue.objects.exists()
    assert Event.objects.filter(action="report.spam").count() == 1


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [
        ((0, 10), (0, 10), True),  # the same passage
        ((0, 10), (5, 15), True),  # half of each
        ((0, 10), (6, 15), False),  # 4 of 9: less than half of the shorter
        ((0, 20), (5, 9), True),  # one inside the other
        ((0, 4), (2, 40), True),  # half of the short one is enough
        ((0, 3), (2, 40), False),  # 1 of 3
        ((0, 10), (10, 20), False),  # touching is not overlapping
        ((0, 10), (30, 40), False),
        ((5, 6), (5, 6), True),  # a single character
    ],
)
def test_spans_overlap_enough(a, b, joined):
    assert spans_overlap_enough(a, b) is joined
    assert spans_overlap_enough(b, a) is joined


# Triage decisions can be revised; a new or accepted issue can be fixed (an edit may fix
# it before triage); an accepted or fixed one published by its correction, and a
# published one goes back to accepted only when that correction is withdrawn.
TRIAGE = {S.NEW, S.ACCEPTED, S.REJECTED, S.DUPLICATE, S.SPAM}
ALLOWED = {
    S.NEW: TRIAGE | {S.FIXED},
    S.ACCEPTED: TRIAGE | {S.FIXED, S.PUBLISHED},
    S.REJECTED: TRIAGE,
    S.DUPLICATE: TRIAGE,
    S.SPAM: TRIAGE,
    S.FIXED: {S.ACCEPTED, S.PUBLISHED},
    S.PUBLISHED: {S.ACCEPTED},
}


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(S.values, repeat=2)))
def test_change_status_transition_table(site, editor, current, wanted):
    issue = submit_report(site).issue
    Issue.objects.filter(pk=issue.pk).update(status=current)
    issue.refresh_from_db()
    events_before = Event.objects.filter(action="issue.status").count()

    if wanted in ALLOWED[current]:
        change_status(issue, wanted, by=editor)
        issue.refresh_from_db()
        assert issue.status == wanted
        event = Event.objects.filter(action="issue.status").last()
        assert (event.issue, event.actor, event.site) == (issue, editor, site)
        assert event.detail == {"from": current, "to": wanted}
    else:
        with pytest.raises(InvalidTransition):
            change_status(issue, wanted, by=editor)
        issue.refresh_from_db()
        assert issue.status == current
        assert Event.objects.filter(action="issue.status").count() == events_before


def test_duplicate_points_at_another_issue_of_the_same_site(site, editor):
    original = submit_report(site, "4 million euros").issue
    copy = submit_report(site, "the the").issue
    change_status(copy, S.DUPLICATE, by=editor, duplicate_of=original)
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    assert Event.objects.filter(action="issue.status").last().detail["duplicate_of"] == original.pk

    change_status(copy, S.NEW, by=editor)
    copy.refresh_from_db()
    assert copy.duplicate_of is None


def test_duplicate_of_another_site_or_itself_is_refused(site, other_site, editor):
    issue = submit_report(site).issue
    elsewhere = submit_report(other_site).issue
    for target in (elsewhere, issue):
        with pytest.raises(InvalidTransition):
            change_status(issue, S.DUPLICATE, by=editor, duplicate_of=target)
    issue.refresh_from_db()
    assert (issue.status, issue.duplicate_of) == (S.NEW, None)


def test_spam_marks_every_report_spam_and_undoing_it_restores_them(site, editor):
    issue = submit_report(site).issue
    submit_report(site)
    assert issue.reports.count() == 2

    change_status(issue, S.SPAM, by=editor)
    assert set(issue.reports.values_list("spam_verdict", flat=True)) == {"spam"}
    change_status(issue, S.NEW, by=editor)
    assert set(issue.reports.values_list("spam_verdict", flat=True)) == {"ham"}


def test_assign_and_comment_write_their_events(site, editor):
    issue = submit_report(site).issue
    services.assign_issue(issue, editor, by=editor)
    comment = services.comment_on_issue(issue, "Checking with the reporter.", by=editor)
    issue.refresh_from_db()
    assert issue.assignee == editor
    assert Comment.objects.get() == comment
    actions = list(issue.events.filter(actor=editor).values_list("action", "detail"))
    assert actions == [
        ("issue.assigned", {"assignee": editor.username}),
        ("issue.commented", {"comment": comment.pk}),
    ]


def test_create_site_and_add_member(django_user_model):
    site = services.create_site("Daily", allowed_origins=["https://daily.example/"])
    assert site.allowed_origins == ["https://daily.example"]
    assert site.allows_origin("https://daily.example/")
    assert not site.allows_origin("https://daily.example.evil")
    user = django_user_model.objects.create_user("rita")
    services.add_member(site, user)
    services.add_member(site, user, Membership.Role.ADMIN)
    assert Membership.objects.get(site=site, user=user).role == Membership.Role.ADMIN
    assert list(Event.objects.filter(site=site).values_list("action", flat=True)) == [
        "site.created",
        "site.member_added",
        "site.member_added",
    ]


def test_a_site_keeps_its_origins_and_language_in_one_spelling(db):
    site = services.create_site(
        "Courier",
        allowed_origins=["HTTPS://Courier.Example:443/", "https://courier.example"],
        language="en_gb",
    )
    assert site.allowed_origins == ["https://courier.example"]
    assert site.language == "en-GB"
    services.update_site_settings(
        site,
        name="Courier",
        allowed_origins=["http://Localhost:8001/"],
        article_selector="article",
        language="UK",
        retention_days=90,
        show_corrections_in_widget=False,
        by=None,
    )
    assert (site.allowed_origins, site.language) == (["http://localhost:8001"], "uk")
    with pytest.raises(ValidationError):
        services.create_site("Bad", allowed_origins=["news.example.org/path"])
