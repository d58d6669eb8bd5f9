"""The queue's filters, and views of them an editor saves and shares as links."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from corrigenda.desk.models import SavedView
from corrigenda.reports.models import Article, Issue
from corrigenda.reports.services import assign_issue
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'<li class="issue" data-issue-id="(\d+)"', response.text)]


@pytest.fixture
def desk_issues(site, editor):
    sport = submit_report(site, url="https://news.example.org/sport").issue
    Article.objects.filter(pk=sport.article_id).update(section="Sport", author="Ann Lee")
    local = submit_report(site, url="https://news.example.org/local", suggestion="4.5").issue
    Article.objects.filter(pk=local.article_id).update(section="Local", author="Bo Chen")
    old = submit_report(site, url="https://news.example.org/old").issue
    Issue.objects.filter(pk=old.pk).update(
        last_reported=timezone.now() - timedelta(days=10), anchor_state="orphaned"
    )
    assign_issue(local, editor, by=editor)
    assign_issue(old, make_editor("colleague", site), by=editor)
    return {"sport": sport, "local": local, "old": old}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"section": "Sport"}, {"sport"}),
        ({"author": "Bo Chen"}, {"local"}),
        ({"assignee": "mine"}, {"local"}),
        ({"assignee": "nobody"}, {"sport"}),
        ({"anchor": "orphaned"}, {"old"}),
        ({"reported_from": str(timezone.localdate() - timedelta(days=1))}, {"sport", "local"}),
        ({"reported_to": str(timezone.localdate() - timedelta(days=5))}, {"old"}),
    ],
)
def test_queue_filters(editor_client, desk_issues, query, expected):
    found = set(listed(editor_client.get("/desk/", query)))
    assert found == {desk_issues[name].pk for name in expected}


def test_each_row_shows_quote_first_suggestion_readers_age_assignee_and_anchor(
    editor_client, desk_issues
):
    html = editor_client.get("/desk/").text
    row = re.search(rf'data-issue-id="{desk_issues["local"].pk}"(.*?)</li>', html, re.S).group(1)
    assert '<q class="quote">the the</q>' in row
    assert '<span class="suggestion">4.5</span>' in row
    assert "1 reader<" in row
    assert "just now" in row and "0 minutes" not in row
    assert "assigned to eddie" in row
    assert ">Anchored</span>" in row


def test_a_saved_view_is_a_link_with_its_filters(editor_client, editor, desk_issues):
    response = editor_client.post(
        "/desk/views", {"name": "Sport, nobody", "query": "assignee=nobody&section=Sport"}
    )
    view = SavedView.objects.get(user=editor)
    assert (view.name, view.query) == ("Sport, nobody", "section=Sport&assignee=nobody")
    assert response.url == "/desk/?section=Sport&assignee=nobody"
    html = editor_client.get(response.url).text
    assert listed(editor_client.get(response.url)) == [desk_issues["sport"].pk]
    # Listed with its number key, marked as the view on show.
    assert re.search(
        r'<a href="\?section=Sport&amp;assignee=nobody" data-view-key="1" aria-current="page">'
        r'<kbd aria-hidden="true">1</kbd> Sport, nobody</a>',
        html,
    )


def test_a_colleague_opening_the_link_sees_the_same_filters(client, site, editor, desk_issues):
    colleague = make_editor("dana", site)
    client.force_login(colleague)
    found = listed(client.get("/desk/?section=Sport&assignee=nobody"))
    assert found == [desk_issues["sport"].pk]


def test_saved_views_are_the_users_own(client, site, editor):
    view = SavedView.objects.create(user=editor, name="Mine", query="assignee=mine")
    client.force_login(make_editor("dana", site))
    assert "Mine</a>" not in client.get("/desk/").text
    assert client.post(f"/desk/views/{view.pk}/delete").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_at_most_nine_saved_views(editor_client, editor):
    for n in range(9):
        editor_client.post("/desk/views", {"name": f"View {n}", "query": f"section=S{n}"})
    response = editor_client.post("/desk/views", {"name": "Tenth", "query": ""}, follow=True)
    assert "You have 9 saved views already" in response.text
    assert SavedView.objects.filter(user=editor).count() == 9
