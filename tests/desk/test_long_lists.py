"""The desk's lists at any length: pages that walk the whole list once, search through the
database's own full-text index in every script, and pages whose SQL does not grow with
the rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corrigenda.desk import views
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status, comment_on_issue
from tests.factories import submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'<li class="issue" data-issue-id="(\d+)"', response.text)]


def link(response, rel: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)" rel="{rel}"', response.text)
    return found.group(1).replace("&amp;", "&") if found else None


def new_issue(site, n: int) -> Issue:
    return submit_report(site, url=f"https://news.example.org/story-{n}").issue


def walk(client, path: str, start: str, between=None) -> list[int]:
    """Every issue the "Older" links lead through, calling `between` before each page."""
    response = client.get(path + start)
    seen = listed(response)
    while (following := link(response, "next")) is not None:
        if between:
            between()
        response = client.get(path + following)
        seen += listed(response)
    return seen


def test_older_links_walk_the_queue_once_while_reports_arrive(editor_client, site, monkeypatch):
    monkeypatch.setattr(views, "ISSUES_PER_PAGE", 3)
    issues = [new_issue(site, n) for n in range(10)]
    late = []
    seen = walk(
        editor_client,
        "/desk/",
        "?status=new",
        lambda: late.append(new_issue(site, 100 + len(late))),
    )
    # Issues opened meanwhile are newer than the page being read: they wait on page 1.
    assert seen == [i.pk for i in reversed(issues)]
    assert len(late) == 3
    assert listed(editor_client.get("/desk/")) == [i.pk for i in reversed(late)]


def test_most_reported_pages_hold_each_issue_once(editor_client, site, monkeypatch):
    monkeypatch.setattr(views, "ISSUES_PER_PAGE", 2)
    issues = [new_issue(site, n) for n in range(7)]
    for n in range(4):
        for _ in range(n % 2 + 1):
            submit_report(site, url=f"https://news.example.org/story-{n}")
    seen = walk(editor_client, "/desk/", "?sort=most")
    assert sorted(seen) == sorted(i.pk for i in issues)
    counts = dict(Issue.objects.values_list("pk", "report_count"))
    assert [counts[pk] for pk in seen] == sorted(counts.values(), reverse=True)


def test_newer_and_last_links_lead_back_and_to_the_end(editor_client, site, monkeypatch):
    monkeypatch.setattr(views, "ISSUES_PER_PAGE", 3)
    issues = [new_issue(site, n) for n in range(7)]
    first = editor_client.get("/desk/")
    second = editor_client.get("/desk/" + link(first, "next"))
    assert listed(editor_client.get("/desk/" + link(second, "prev"))) == listed(first)
    last = editor_client.get("/desk/" + link(first, "last"))
    assert listed(last) == [i.pk for i in reversed(issues[:3])]
    assert link(last, "next") is None
    assert "7 issues" in last.text


def test_a_garbled_cursor_shows_the_first_page(editor_client, site):
    issue = new_issue(site, 1)
    assert listed(editor_client.get("/desk/", {"cursor": "%%%garbage"})) == [issue.pk]


@pytest.mark.parametrize(
    ("comment", "search"),
    [
        ("Мер Києва сказав інше. Київ", "київ"),
        ("Мер Києва сказав інше", "КИЄВА"),
        ("The office is in Zürich, not Basel.", "Zürich"),
        ("The office is in Zürich, not Basel.", "zurich"),
        ("The office is in Zurich, not Basel.", "Zürich"),
        ("São Paulo had the figures.", "sao paulo"),
        ("The office is in Zürich, not Basel.", "Züri"),
    ],
)
def test_search_finds_every_script_with_or_without_accents(editor_client, site, comment, search):
    wanted = submit_report(site, comment=comment).issue
    new_issue(site, 2)
    assert listed(editor_client.get("/desk/", {"q": search, "status": ""})) == [wanted.pk]


def test_search_needs_every_word_and_misses_what_is_not_there(editor_client, site):
    issue = submit_report(site, comment="The office is in Zürich").issue
    query = {"status": ""}
    assert listed(editor_client.get("/desk/", {**query, "q": "office zurich"})) == [issue.pk]
    assert listed(editor_client.get("/desk/", {**query, "q": "office geneva"})) == []
    assert listed(editor_client.get("/desk/", {**query, "q": "—"})) == []


def test_search_finds_desk_comments_and_later_readers(editor_client, site, editor):
    issue = submit_report(site).issue
    comment_on_issue(issue, "Called the Київ bureau", by=editor)
    submit_report(site, suggestion="Dvořák")
    assert listed(editor_client.get("/desk/", {"q": "київ", "status": ""})) == [issue.pk]
    assert listed(editor_client.get("/desk/", {"q": "dvorak", "status": ""})) == [issue.pk]


def test_the_queue_reads_as_many_rows_in_as_many_statements_at_any_length(
    editor_client, site, editor
):
    def statements(query: dict) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get("/desk/", query).status_code == 200
        return len(queries)

    # Every list has rows from the start: an empty page skips reading its rows.
    change_status(new_issue(site, 0), S.ACCEPTED, by=editor)
    for n in range(1, 3):
        new_issue(site, n)
    queries = [{}, {"sort": "most"}, {"q": "the"}, {"status": "accepted"}]
    few = [statements(query) for query in queries]
    issues = [new_issue(site, n) for n in range(3, 40)]
    for issue in issues[:10]:
        change_status(issue, S.ACCEPTED, by=editor)
        comment_on_issue(issue, "checked", by=editor)
    assert [statements(query) for query in queries] == few


def test_the_issue_page_shows_the_newest_reports_and_pages_through_all(
    editor_client, site, monkeypatch
):
    monkeypatch.setattr(views, "REPORTS_SHOWN", 2)
    monkeypatch.setattr(views, "REPORTS_PER_PAGE", 2)
    reports = [submit_report(site, comment=f"reader number {n}.") for n in range(5)]
    issue = reports[0].issue
    page = editor_client.get(f"/desk/issues/{issue.pk}/").text
    assert "Show all 5 reports" in page
    assert re.findall(r"reader number (\d)", page) == ["3", "4"]

    response = editor_client.get(f"/desk/issues/{issue.pk}/", {"reports": "all"})
    seen = re.findall(r"reader number (\d)", response.text)
    while found := re.search(r'href="(\?[^"#]*)[^"]*" rel="next"', response.text):
        response = editor_client.get(
            f"/desk/issues/{issue.pk}/" + found.group(1).replace("&amp;", "&")
        )
        seen += re.findall(r"reader number (\d)", response.text)
    assert seen == ["0", "1", "2", "3", "4"]
    assert "Show all" not in response.text


def test_the_article_page_pages_its_open_issues(editor_client, site, monkeypatch):
    monkeypatch.setattr(views, "ARTICLE_ISSUES_PER_PAGE", 2)
    text = "One two three four five six seven eight nine ten."
    words = text.rstrip(".").split()
    issues = [submit_report(site, word, text=text).issue for word in words[:5]]
    article = issues[0].article
    response = editor_client.get(f"/desk/articles/{article.pk}/")
    seen = []
    while True:
        seen += [int(i) for i in re.findall(r'data-issue-id="(\d+)"', response.text)]
        found = re.search(r'href="(\?[^"#]*)[^"]*" rel="next"', response.text)
        if not found:
            break
        response = editor_client.get(f"/desk/articles/{article.pk}/" + found.group(1))
    assert "5 open issues" in editor_client.get(f"/desk/articles/{article.pk}/").text
    assert sorted(seen) == sorted(i.pk for i in issues)
    assert len(seen) == len(set(seen))
