"""Triage in the desk: the queue's filters and pages, the issue page, and the decisions."""

import html
import re

import pytest

from corrigenda.reports.models import Article, Comment, Event, Issue
from corrigenda.reports.services import add_member, change_status, comment_on_issue
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db
S = Issue.Status


def listed(response) -> list[int]:
    """Issue ids in the order the queue shows them."""
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'<li class="issue" data-issue-id="(\d+)"', response.text)]


def page_html(client, issue) -> str:
    response = client.get(f"/desk/issues/{issue.pk}/")
    assert response.status_code == 200
    return response.text


def html_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def messages_after(response) -> str:
    return " ".join(re.findall(r'<p class="msg [^"]*">(.*?)</p>', response.text))


@pytest.fixture
def three_issues(site, editor):
    typo = submit_report(site, "the the", kind="typo").issue
    factual = submit_report(site, "4 million euros", kind="factual").issue
    accepted = submit_report(site, "end of the month", kind="clarification").issue
    change_status(accepted, S.ACCEPTED, by=editor)
    return typo, factual, accepted


# The queue


def test_queue_shows_new_issues_by_default(editor_client, three_issues):
    typo, factual, accepted = three_issues
    assert set(listed(editor_client.get("/desk/"))) == {typo.pk, factual.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "accepted"}, {"accepted"}),
        ({"status": ""}, {"typo", "factual", "accepted"}),
        ({"status": "new", "kind": "factual"}, {"factual"}),
        ({"status": "", "kind": "clarification"}, {"accepted"}),
        ({"status": "rejected"}, set()),
    ],
)
def test_queue_filters_by_status_and_kind(editor_client, three_issues, query, expected):
    by_name = dict(zip(("typo", "factual", "accepted"), three_issues, strict=True))
    assert set(listed(editor_client.get("/desk/", query))) == {by_name[n].pk for n in expected}


def test_queue_filters_by_site_and_article(client, site, other_site):
    editor = make_editor("two-desks", site)
    add_member(other_site, editor)
    client.force_login(editor)
    here = submit_report(site).issue
    there = submit_report(other_site).issue
    other_article = submit_report(site, "the the", url="https://news.example.org/second").issue

    assert set(listed(client.get("/desk/"))) == {here.pk, there.pk, other_article.pk}
    assert set(listed(client.get("/desk/", {"site": other_site.key}))) == {there.pk}
    assert set(listed(client.get("/desk/", {"site": site.key}))) == {here.pk, other_article.pk}
    assert listed(client.get("/desk/", {"article": other_article.article_id})) == [other_article.pk]


def test_queue_sorts_newest_first_or_most_reported_first(editor_client, site):
    popular = submit_report(site, "the the").issue
    submit_report(site, "the the")
    submit_report(site, "the the")
    recent = submit_report(site, "4 million euros").issue

    assert listed(editor_client.get("/desk/")) == [recent.pk, popular.pk]
    assert listed(editor_client.get("/desk/", {"sort": "newest"})) == [recent.pk, popular.pk]
    most = editor_client.get("/desk/", {"sort": "most"})
    assert listed(most) == [popular.pk, recent.pk]
    assert "3 readers" in most.text


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("4 MILLION", "quote"),  # in the quoted passage, any case
        ("sinking", "comment"),  # in a reader's comment
        ("three million", "comment"),  # in a reader's suggestion
        ("nothing like this", None),
    ],
)
def test_queue_search_finds_quotes_and_reader_comments(editor_client, site, search, found):
    issues = {
        "quote": submit_report(site, "4 million euros").issue,
        "comment": submit_report(
            site, "the the", comment="The bridge is sinking", suggestion="three million"
        ).issue,
    }
    expected = [issues[found].pk] if found else []
    assert listed(editor_client.get("/desk/", {"q": search, "status": ""})) == expected


def test_queue_search_finds_desk_comments(editor_client, site, editor):
    issue = submit_report(site).issue
    submit_report(site, "4 million euros")
    comment_on_issue(issue, "Asked the city hall press office", by=editor)
    assert listed(editor_client.get("/desk/", {"q": "city hall"})) == [issue.pk]


def test_queue_pages_hold_25_issues(editor_client, site):
    issues = [
        submit_report(site, url=f"https://news.example.org/story-{n}").issue for n in range(26)
    ]
    first = editor_client.get("/desk/")
    assert len(listed(first)) == 25
    assert "Page 1 of 2 (26 issues)" in first.text
    assert 'rel="next"' in first.text
    second = editor_client.get("/desk/", {"page": 2})
    assert listed(second) == [issues[0].pk]
    assert set(listed(first)) | set(listed(second)) == {i.pk for i in issues}


def test_queue_keeps_filters_in_page_links(editor_client, site):
    for n in range(26):
        submit_report(site, url=f"https://news.example.org/story-{n}", kind="factual")
    first = editor_client.get("/desk/", {"kind": "factual", "status": "new"})
    next_link = re.search(r'href="\?([^"]*)" rel="next"', first.text).group(1)
    assert "kind=factual" in next_link
    assert "page=2" in next_link


def test_queue_never_shows_spam_reports(editor_client, site):
    submit_report(site, "4 million euros", is_spam=True)
    assert listed(editor_client.get("/desk/", {"status": ""})) == []


# The issue page


def test_issue_page_marks_the_quote_inside_its_paragraph(editor_client, site):
    issue = submit_report(site, "the the").issue
    html = page_html(editor_client, issue)
    passage = re.search(r'<blockquote class="passage">(.*?)</blockquote>', html, re.S).group(1)
    assert (
        passage == 'The bridge reopens on Monday after <mark class="quote">the the</mark> repairs.'
    )


def test_issue_page_lists_every_report_with_its_suggestion_and_comment(editor_client, site):
    issue = submit_report(site, suggestion="the", comment="Doubled word").issue
    submit_report(site, suggestion="the repairs", comment="Typo in the first line")
    html = page_html(editor_client, issue)
    assert "2 readers flagged this" in html
    for text in ("Doubled word", "Typo in the first line", "the repairs"):
        assert text in html


def test_issue_page_hides_spam_reports(editor_client, site, editor):
    issue = submit_report(site, comment="A real reader").issue
    spam = submit_report(site, comment="Buy cheap pills").issue
    assert spam == issue  # grouped, then one of them is flagged by hand below
    issue.reports.filter(comment="Buy cheap pills").update(spam_verdict="spam")
    html = page_html(editor_client, issue)
    assert "A real reader" in html
    assert "Buy cheap pills" not in html


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_hostile_text_is_escaped_on_the_issue_page_and_in_the_queue(editor_client, site):
    text = f"Intro.\nThe quote {HOSTILE} sits here.\nOutro."
    issue = submit_report(
        site,
        HOSTILE,
        text=text,
        title=HOSTILE,
        suggestion=HOSTILE,
        comment=HOSTILE,
    ).issue
    submit_report(site, HOSTILE, text=text, title=HOSTILE, comment="second " + HOSTILE)
    html = page_html(editor_client, issue)
    queue = editor_client.get("/desk/").text
    for page in (html, queue):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert" in page
    assert f'<mark class="quote">{ESCAPED}</mark>' in html
    assert html.count(ESCAPED) >= 5  # quote, title, suggestion, two comments


# Decisions


def test_status_change_writes_an_event_with_actor_and_from_to(editor_client, site, editor):
    issue = submit_report(site).issue
    response = editor_client.post(f"/desk/issues/{issue.pk}/status", {"status": "accepted"})
    assert response.status_code == 302
    assert response.url == f"/desk/issues/{issue.pk}/"
    issue.refresh_from_db()
    assert issue.status == S.ACCEPTED
    event = issue.events.get(action="issue.status")
    assert (event.actor, event.detail) == (editor, {"from": "new", "to": "accepted"})

    html = editor_client.get(response.url).text
    assert "is now Accepted" in html
    # In words, never the event's code.
    assert "eddie accepted this · <time" in html
    assert "issue.status" not in html


def test_status_change_from_the_queue_returns_to_the_queue(editor_client, site):
    issue = submit_report(site).issue
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/status", {"status": "rejected", "next": "/desk/?kind=typo"}
    )
    assert response.url == "/desk/?kind=typo"


def test_status_change_does_not_redirect_off_site(editor_client, site):
    issue = submit_report(site).issue
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/status",
        {"status": "rejected", "next": "https://evil.example/phish"},
    )
    assert response.url == f"/desk/issues/{issue.pk}/"


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.SPAM, S.FIXED),
        (S.NEW, S.PUBLISHED),
        (S.REJECTED, S.FIXED),
        (S.PUBLISHED, S.NEW),
        (S.NEW, "deleted"),
    ],
)
def test_invalid_transition_shows_an_error_and_changes_nothing(
    editor_client, site, current, wanted
):
    issue = submit_report(site).issue
    Issue.objects.filter(pk=issue.pk).update(status=current)
    events_before = Event.objects.count()
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/status", {"status": wanted}, follow=True
    )
    assert response.status_code == 200
    assert 'class="msg error"' in response.text
    assert wanted in messages_after(response)
    issue.refresh_from_db()
    assert issue.status == current
    assert Event.objects.count() == events_before


def test_duplicate_of_an_issue_on_the_same_site(editor_client, site):
    original = submit_report(site, "4 million euros").issue
    issue = submit_report(site).issue
    editor_client.post(
        f"/desk/issues/{issue.pk}/status", {"status": "duplicate", "duplicate_of": original.pk}
    )
    issue.refresh_from_db()
    assert (issue.status, issue.duplicate_of) == (S.DUPLICATE, original)
    assert f'duplicate of <a href="/desk/issues/{original.pk}/">' in page_html(editor_client, issue)


def test_duplicate_of_another_sites_issue_is_404(editor_client, site, other_site):
    issue = submit_report(site).issue
    elsewhere = submit_report(other_site).issue
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/status", {"status": "duplicate", "duplicate_of": elsewhere.pk}
    )
    assert response.status_code == 404
    issue.refresh_from_db()
    assert (issue.status, issue.duplicate_of) == (S.NEW, None)


def test_duplicate_across_two_sites_of_one_editor_is_refused(client, site, other_site):
    editor = make_editor("two-desks", site)
    add_member(other_site, editor)
    client.force_login(editor)
    issue = submit_report(site).issue
    elsewhere = submit_report(other_site).issue
    response = client.post(
        f"/desk/issues/{issue.pk}/status",
        {"status": "duplicate", "duplicate_of": elsewhere.pk},
        follow=True,
    )
    assert "same site" in messages_after(response)
    issue.refresh_from_db()
    assert (issue.status, issue.duplicate_of) == (S.NEW, None)


def test_assign_to_a_member_of_the_site(editor_client, site, editor):
    colleague = make_editor("colleague", site)
    issue = submit_report(site).issue
    response = editor_client.post(f"/desk/issues/{issue.pk}/assign", {"assignee": colleague.pk})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.assignee == colleague
    event = issue.events.get(action="issue.assigned")
    assert (event.actor, event.detail) == (editor, {"assignee": "colleague"})
    assert "assigned to colleague" in editor_client.get("/desk/").text

    editor_client.post(f"/desk/issues/{issue.pk}/assign", {"assignee": ""})
    issue.refresh_from_db()
    assert issue.assignee is None


def test_assign_refuses_someone_not_on_the_sites_desk(editor_client, site, other_site):
    outsider = make_editor("outsider", other_site)
    issue = submit_report(site).issue
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/assign", {"assignee": outsider.pk}, follow=True
    )
    assert "Pick someone on this site" in messages_after(response)
    issue.refresh_from_db()
    assert issue.assignee is None
    assert not issue.events.filter(action="issue.assigned").exists()
    assert "outsider" not in page_html(editor_client, issue)


def test_comment_is_stored_with_an_event_and_shown_escaped(editor_client, site, editor):
    issue = submit_report(site).issue
    response = editor_client.post(
        f"/desk/issues/{issue.pk}/comment", {"body": "Called the mayor <b>twice</b>"}
    )
    assert response.url == f"/desk/issues/{issue.pk}/#comments"
    comment = Comment.objects.get()
    assert (comment.issue, comment.author) == (issue, editor)
    assert issue.events.get(action="issue.commented").detail == {"comment": comment.pk}
    assert "Called the mayor &lt;b&gt;twice&lt;/b&gt;" in page_html(editor_client, issue)


@pytest.mark.parametrize("body", ["", "x" * 4001])
def test_empty_or_long_comment_is_refused(editor_client, site, body):
    issue = submit_report(site).issue
    response = editor_client.post(f"/desk/issues/{issue.pk}/comment", {"body": body}, follow=True)
    assert "needs some text" in messages_after(response)
    assert not Comment.objects.exists()
    assert not issue.events.filter(action="issue.commented").exists()


def test_history_lists_events_in_order(editor_client, site, editor):
    colleague = make_editor("colleague", site)
    issue = submit_report(site).issue
    submit_report(site)
    base = f"/desk/issues/{issue.pk}/"
    editor_client.post(base + "status", {"status": "accepted"})
    editor_client.post(base + "assign", {"assignee": colleague.pk})
    editor_client.post(base + "comment", {"body": "On it"})
    editor_client.post(base + "status", {"status": "fixed"})

    page = page_html(editor_client, issue)
    history = re.search(r'<ol class="events">(.*?)</ol>', page, re.S).group(1)
    lines = [html_text(li) for li in history.split("<li>")[1:]]
    assert lines == [
        "A reader flagged this passage · just now",
        "A reader's report arrived · just now",
        "A reader's report arrived · just now",
        "eddie accepted this · just now",
        "eddie assigned this to colleague · just now",
        "eddie commented · just now",
        "eddie marked this fixed · just now",
    ]


def test_later_pages_keep_the_default_new_filter(editor_client, site, editor):
    for n in range(26):
        submit_report(site, url=f"https://news.example.org/story-{n}")
    rejected = submit_report(site, url="https://news.example.org/old-story").issue
    change_status(rejected, S.REJECTED, by=editor)

    first = editor_client.get("/desk/")
    next_link = re.search(r'href="(\?[^"]*)" rel="next"', first.text).group(1)
    second = editor_client.get("/desk/" + next_link.replace("&amp;", "&"))
    assert "Page 2 of 2 (26 issues)" in second.text
    assert rejected.pk not in listed(second)


def test_stored_titles_show_without_the_page_title_suffix(editor_client, site):
    issue = submit_report(site, title="Bridge reopens").issue
    # Stored before titles were cleaned on the way in.
    Article.objects.filter(pk=issue.article_id).update(title="Bridge reopens | Example News")
    for page in (editor_client.get("/desk/").text, page_html(editor_client, issue)):
        assert "Bridge reopens</a>" in page
        assert "| Example News" not in page


def test_a_title_sent_by_the_widget_is_stored_without_its_suffix(site):
    issue = submit_report(site, title="Bridge reopens | Example News").issue
    assert Article.objects.get(pk=issue.article_id).title == "Bridge reopens"
