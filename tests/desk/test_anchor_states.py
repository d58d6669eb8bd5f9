"""The desk after the article was edited: each issue's anchor state in the queue and on
the issue page, the word diff of a changed passage, and marking it fixed."""

import re

import pytest

from corrigenda.reports import services
from corrigenda.reports.models import Issue, Revision
from tests.factories import ARTICLE_TEXT, ARTICLE_URL, revision_and_created, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status

COST = "4 million euros"
COST_SENTENCE = "The mayor said the works cost 4 million euros.\n"
CHANGED_BOX = "The passage changed — probably fixed"
ORPHANED_BOX = "The passage is no longer in the article"
MOVED_NOTE = "The passage moved in a later revision of the article"
EDITS = {
    "changed": ARTICLE_TEXT.replace(COST, "5 million euros"),
    "moved": "Updated on Tuesday.\n" + ARTICLE_TEXT,
    "orphaned": ARTICLE_TEXT.replace(COST_SENTENCE, ""),
}


def issue_after_edit(site, state: str, *, text: str = ARTICLE_TEXT, edited: str = "") -> Issue:
    """An issue on COST in an article of its own, carried onto an edit that leaves it
    `state`."""
    issue = submit_report(site, COST, text=text, url=f"{ARTICLE_URL}-{state}").issue
    if state != "anchored":
        revision, _ = revision_and_created(
            services.record_revision(issue.article, edited or EDITS[state], Revision.Source.API)
        )
        services.reanchor_open_issues(revision)
    issue.refresh_from_db()
    assert issue.anchor_state == state
    return issue


def issue_page(client, issue) -> str:
    response = client.get(f"/desk/issues/{issue.pk}/")
    assert response.status_code == 200
    return response.text


def diff_block(html: str, name: str) -> str:
    """The inner HTML of the changed box's before or after passage."""
    found = re.search(rf'<dd class="passage-{name}">(.*?)</dd>', html, re.DOTALL)
    assert found, f"no {name} passage on the page"
    return found.group(1)


def queue_badges(client) -> dict[int, list[str]]:
    """The anchor badges of each issue in the queue, by issue id."""
    response = client.get("/desk/", {"status": ""})
    assert response.status_code == 200
    rows = re.findall(r'data-issue-id="(\d+)"(.*?)</li>', response.text, re.DOTALL)
    return {
        int(pk): re.findall(r'<span class="badge anchor-[a-z]+"[^>]*>([^<]*)</span>', row)
        for pk, row in rows
    }


@pytest.mark.parametrize("state", ["anchored", "moved", "changed", "orphaned"])
def test_queue_shows_the_anchor_state_of_an_edited_passage(editor_client, site, state):
    issue = issue_after_edit(site, state)
    # Every row says where its passage stands, "Anchored" included.
    assert queue_badges(editor_client) == {issue.pk: [state.capitalize()]}


def test_changed_passage_shows_before_and_after_with_the_words_that_changed(editor_client, site):
    issue = issue_after_edit(site, "changed")
    html = issue_page(editor_client, issue)
    assert CHANGED_BOX in html
    assert diff_block(html, "before") == "<del>4</del> million euros"
    assert diff_block(html, "after") == "<ins>5</ins> million euros"
    # The passage itself is shown as it reads now.
    assert '<mark class="quote">5 million euros</mark>' in html
    assert ORPHANED_BOX not in html and MOVED_NOTE not in html


def test_changed_passage_is_escaped_in_the_diff(editor_client, site):
    text = ARTICLE_TEXT.replace(COST, "<b>4 million</b> euros")
    issue = submit_report(site, "<b>4 million</b> euros", text=text).issue
    edited = text.replace("<b>4 million</b>", "<i>4 million</i>")
    revision, _ = revision_and_created(
        services.record_revision(issue.article, edited, Revision.Source.API)
    )
    services.reanchor_open_issues(revision)
    issue.refresh_from_db()
    assert issue.anchor_state == "changed"

    html = issue_page(editor_client, issue)
    assert "<b>4" not in html and "<i>4" not in html
    assert diff_block(html, "before") == "&lt;<del>b</del>&gt;4 million&lt;/<del>b</del>&gt; euros"
    assert diff_block(html, "after") == "&lt;<ins>i</ins>&gt;4 million&lt;/<ins>i</ins>&gt; euros"


def test_mark_fixed_button_sets_the_status_fixed(editor_client, site):
    issue = issue_after_edit(site, "changed")
    html = issue_page(editor_client, issue)
    form = re.search(r'<form method="post" action="([^"]+)">\s*<input[^>]+>\s*<button[^>]*>', html)
    assert form and 'value="fixed"' in form.group(0) and "Mark fixed" in html
    response = editor_client.post(form.group(1), {"status": "fixed"}, follow=True)
    assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.status == S.FIXED
    assert "Mark fixed" not in issue_page(editor_client, issue)


@pytest.mark.parametrize(
    ("decisions", "offered"),
    [([], True), ([S.ACCEPTED], True), ([S.REJECTED], False), ([S.SPAM], False)],
)
def test_mark_fixed_is_offered_only_when_the_issue_may_become_fixed(
    editor_client, site, editor, decisions, offered
):
    issue = issue_after_edit(site, "changed")
    for status in decisions:
        services.change_status(issue, status, by=editor)
    html = issue_page(editor_client, issue)
    assert CHANGED_BOX in html
    assert ("Mark fixed" in html) is offered
    assert ('data-action="fixed"' in html) is offered


def test_orphaned_passage_shows_the_last_known_passage(editor_client, site):
    issue = issue_after_edit(site, "orphaned")
    html = issue_page(editor_client, issue)
    assert ORPHANED_BOX in html
    assert "The last known passage" in html
    assert f'<mark class="quote">{COST}</mark>' in html
    assert CHANGED_BOX not in html and "Mark fixed" not in html


def test_moved_passage_gets_a_note_and_anchored_gets_none(editor_client, site):
    moved = issue_page(editor_client, issue_after_edit(site, "moved"))
    anchored = issue_page(editor_client, issue_after_edit(site, "anchored"))
    assert MOVED_NOTE in moved
    for html in (moved, anchored):
        assert f'<mark class="quote">{COST}</mark>' in html
        assert CHANGED_BOX not in html and ORPHANED_BOX not in html
    assert MOVED_NOTE not in anchored


def test_history_shows_the_reanchoring(editor_client, site):
    issue = issue_after_edit(site, "changed")
    assert "The article was edited; the passage changed · " in issue_page(editor_client, issue)


def test_keyboard_help_and_queue_hint_name_the_fixed_key(editor_client, site):
    issue = issue_after_edit(site, "changed")
    assert "<kbd>f</kbd></dt><dd>mark fixed" in issue_page(editor_client, issue)
    assert "<kbd>f</kbd> fixed" in editor_client.get("/desk/").text
