"""The issue page is laid out for deciding: passage, what readers said, the decision."""

import re

import pytest

from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.factories import submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status


def issue_page(client, issue) -> str:
    response = client.get(f"/desk/issues/{issue.pk}/")
    assert response.status_code == 200
    return response.text


def test_passage_then_readers_then_the_decision(editor_client, site):
    issue = submit_report(site, "4 million euros", kind="factual", suggestion="4.5 million").issue
    html = issue_page(editor_client, issue)
    order = [html.index(marker) for marker in ('id="passage-title"', 'id="reports-title"')]
    assert order == sorted(order)
    # The decision panel sits beside them (and stays in view: CSS sticky).
    assert '<aside class="decide"' in html


def test_decisions_are_verbs_and_destructive_ones_look_different(editor_client, site):
    html = issue_page(editor_client, submit_report(site).issue)
    buttons = re.findall(
        r'<button type="submit" name="status" value="(\w+)" data-action="\w+" class="(\w+)"'
        r"[^>]*>([^<]+)",
        html,
    )
    assert [(value, cls, label.strip()) for value, cls, label in buttons] == [
        ("accepted", "primary", "Accept"),
        ("rejected", "destructive", "Reject"),
        ("spam", "destructive", "Spam"),
        ("duplicate", "secondary", "Mark duplicate"),
    ]


def test_published_is_never_offered_nor_taken_by_hand(editor_client, site, editor):
    issue = submit_report(site).issue
    change_status(issue, S.ACCEPTED, by=editor)
    html = issue_page(editor_client, issue)
    assert 'value="published"' not in html
    editor_client.post(f"/desk/issues/{issue.pk}/status", {"status": "published"})
    issue.refresh_from_db()
    assert issue.status == S.ACCEPTED


def test_equal_suggestions_are_grouped_with_a_count_most_first(editor_client, site):
    issue = submit_report(site, "4 million euros", suggestion="4.5 million euros").issue
    submit_report(site, "4 million euros", suggestion="4.5  Million euros ")
    submit_report(site, "4 million euros", suggestion="5 million euros")
    html = issue_page(editor_client, issue)
    suggestions = re.search(r'<ul class="suggestions">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'<span class="suggestion">([^<]+)</span>', suggestions) == [
        "4.5 million euros",
        "5 million euros",
    ]
    assert '<span class="badge suggestion-count">2 readers</span>' in suggestions
