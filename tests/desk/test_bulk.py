"""Deciding for several ticked issues at once in the queue, and undoing it."""

import re

import pytest

from corrigenda.desk import views
from corrigenda.reports.models import Event, Issue
from corrigenda.reports.services import change_status
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status


def five_issues(site) -> list[Issue]:
    return [submit_report(site, url=f"https://news.example.org/story-{n}").issue for n in range(5)]


def statuses(issues) -> list[str]:
    return [Issue.objects.get(pk=i.pk).status for i in issues]


def test_bulk_accept_changes_each_issue_with_its_own_event(editor_client, site, editor):
    issues = five_issues(site)
    response = editor_client.post(
        "/desk/bulk", {"action": "accept", "issues": [i.pk for i in issues], "next": "/desk/"}
    )
    assert response.status_code == 302 and response.url == "/desk/"
    assert statuses(issues) == [S.ACCEPTED] * 5
    events = Event.objects.filter(action="issue.status", issue__in=issues)
    assert sorted(e.issue_id for e in events) == sorted(i.pk for i in issues)
    assert {(e.actor, e.detail["to"]) for e in events} == {(editor, "accepted")}
    queue = editor_client.get("/desk/").text
    assert "5 issues accepted." in queue
    assert 'action="/desk/undo"' in queue


def test_undo_puts_every_issue_back_and_the_history_says_so(editor_client, site, editor):
    issues = five_issues(site)
    change_status(issues[0], S.REJECTED, by=editor)
    editor_client.post("/desk/bulk", {"action": "spam", "issues": [i.pk for i in issues]})
    assert statuses(issues) == [S.SPAM] * 5

    response = editor_client.post("/desk/undo", {"next": "/desk/?status="}, follow=True)
    assert "Undone: 5 issues are back as they were (5 issues marked as spam)." in response.text
    assert statuses(issues) == [S.REJECTED] + [S.NEW] * 4
    undone = Event.objects.filter(action="issue.status", detail__undo=True)
    assert sorted((e.issue_id, e.detail["to"]) for e in undone) == sorted(
        [(issues[0].pk, "rejected")] + [(i.pk, "new") for i in issues[1:]]
    )
    history = editor_client.get(f"/desk/issues/{issues[1].pk}/").text
    assert "eddie marked this as spam" in history
    assert "eddie undid a change: this is new again" in history
    # Once is enough: the offer is gone.
    again = editor_client.post("/desk/undo", follow=True)
    assert "Too late to undo" in again.text
    assert statuses(issues) == [S.REJECTED] + [S.NEW] * 4


def test_undo_after_the_window_changes_nothing(editor_client, site, monkeypatch):
    issues = five_issues(site)
    editor_client.post("/desk/bulk", {"action": "reject", "issues": [i.pk for i in issues]})
    session = editor_client.session
    session[views.LAST_BULK]["at"] -= views.UNDO_SECONDS + 1
    session.save()
    assert 'action="/desk/undo"' not in editor_client.get("/desk/").text
    response = editor_client.post("/desk/undo", follow=True)
    assert "Too late to undo" in response.text
    assert statuses(issues) == [S.REJECTED] * 5


def test_undo_leaves_an_issue_someone_changed_since(editor_client, site, editor):
    issues = five_issues(site)[:2]
    editor_client.post("/desk/bulk", {"action": "accept", "issues": [i.pk for i in issues]})
    colleague = make_editor("colleague", site)
    change_status(Issue.objects.get(pk=issues[0].pk), S.REJECTED, by=colleague)
    response = editor_client.post("/desk/undo", follow=True)
    assert "Undone: 1 issue is back as it was" in response.text
    assert statuses(issues) == [S.REJECTED, S.NEW]


def test_bulk_assign_and_undo(editor_client, site, editor):
    issues = five_issues(site)[:3]
    colleague = make_editor("colleague", site)
    editor_client.post(
        "/desk/bulk",
        {"action": "assign", "assignee": colleague.pk, "issues": [i.pk for i in issues]},
    )
    assert {Issue.objects.get(pk=i.pk).assignee for i in issues} == {colleague}
    assert "3 issues assigned to colleague." in editor_client.get("/desk/").text
    editor_client.post("/desk/undo")
    assert {Issue.objects.get(pk=i.pk).assignee for i in issues} == {None}
    assert Event.objects.filter(action="issue.assigned", detail__undo=True).count() == 3


def test_bulk_skips_issues_that_cannot_change_that_way(editor_client, site, editor):
    issues = five_issues(site)[:2]
    change_status(issues[0], S.ACCEPTED, by=editor)
    change_status(issues[0], S.PUBLISHED, by=editor)
    response = editor_client.post(
        "/desk/bulk", {"action": "reject", "issues": [i.pk for i in issues]}, follow=True
    )
    assert statuses(issues) == [S.PUBLISHED, S.REJECTED]
    assert "1 issue rejected. 1 was left as it was" in response.text


def test_bulk_never_touches_another_sites_issues(editor_client, site, other_site):
    theirs = submit_report(other_site, url="https://gazette.example.com/x").issue
    mine = five_issues(site)[0]
    editor_client.post("/desk/bulk", {"action": "spam", "issues": [theirs.pk, mine.pk]})
    assert statuses([theirs, mine]) == [S.NEW, S.SPAM]
    assert not Event.objects.filter(issue=theirs, action="issue.status").exists()


def test_nothing_ticked_is_refused(editor_client, site):
    five_issues(site)
    response = editor_client.post("/desk/bulk", {"action": "accept"}, follow=True)
    assert "Tick at least one issue" in response.text
    assert not Event.objects.filter(action="issue.status").exists()


def test_every_queue_row_has_a_labelled_checkbox_for_the_bulk_form(editor_client, site):
    issues = five_issues(site)
    html = editor_client.get("/desk/").text
    for issue in issues:
        assert re.search(
            rf'<input type="checkbox" name="issues" value="{issue.pk}" id="pick-{issue.pk}" '
            r'form="bulk-form"',
            html,
        )
        assert (
            f'<label for="pick-{issue.pk}" class="sr-only">Tick issue #{issue.pk}</label>' in html
        )
