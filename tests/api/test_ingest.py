"""The happy path of a reader's report, and what an editor or the widget would notice."""

import pytest

from corrigenda.reports.models import Article, Issue, Report, Revision
from corrigenda.reports.services import change_status
from tests.factories import ARTICLE_TEXT, ARTICLE_URL, report_payload, reports_url, utf16_len

pytestmark = pytest.mark.django_db


def test_preflight_from_an_allowed_origin_is_204_echoing_it(client, site):
    origin = site.allowed_origins[0]
    response = client.options(
        reports_url(site),
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,content-encoding",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    # Long articles' reports come gzip-compressed.
    allowed = {
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {"content-type", "content-encoding"} <= allowed
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert "Origin" in response.headers["Vary"]


def test_report_is_stored_and_answered_with_cors_header(site, post_report):
    response = post_report(site, report_payload(kind="typo", suggestion="the", comment="Doubled"))
    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == site.allowed_origins[0]
    body = response.json()
    assert body["status"] == "received"
    assert body["kind"] == "typo"

    report = Report.objects.get(public_id=body["id"])
    at = ARTICLE_TEXT.index("the the")
    assert (report.exact, report.start, report.end) == ("the the", at, at + len("the the"))
    assert ARTICLE_TEXT[:at].endswith(report.prefix)
    assert report.prefix and ARTICLE_TEXT[at + 7 :].startswith(report.suffix)
    assert (report.suggestion, report.comment) == ("the", "Doubled")
    assert report.page_url == ARTICLE_URL + "?utm_source=feed"

    article = Article.objects.get()
    # No title until the publisher pushes the article or the server fetches its page.
    assert (article.site, article.canonical_url, article.title) == (site, ARTICLE_URL, "")
    assert report.revision.text == ARTICLE_TEXT
    assert report.revision.article == article
    # The reader's text places the report; it is not the article's text.
    assert not report.revision.is_confirmed
    assert article.latest_revision is None
    issue = report.issue
    assert (issue.site, issue.article, issue.status) == (site, article, Issue.Status.NEW)
    assert (issue.exact, issue.start, issue.end, issue.report_count) == ("the the", at, at + 7, 1)


def test_report_without_canonical_url_files_under_the_page_url(site, post_report):
    payload = report_payload(canonical_url=None, url="https://news.example.org/b")
    assert post_report(site, payload).status_code == 201
    assert Article.objects.get().canonical_url == "https://news.example.org/b"


def test_reports_on_the_same_text_share_one_revision(site, post_report):
    assert post_report(site, report_payload("the the")).status_code == 201
    assert post_report(site, report_payload("4 million")).status_code == 201
    assert Revision.objects.count() == 1
    assert Article.objects.count() == 1

    changed = ARTICLE_TEXT.replace("the the", "the")
    assert post_report(site, report_payload("4 million", text=changed)).status_code == 201
    assert Article.objects.count() == 1
    assert sorted(Revision.objects.values_list("text", flat=True)) == sorted(
        [ARTICLE_TEXT, changed]
    )


def test_widget_text_is_stored_normalised(site, post_report):
    # What a browser's textContent can hold; the revision keeps the folded form.
    raw = "  The bridge\u00a0reopens   on Monday.\r\n\r\n  The mayor  spoke.  "
    payload = report_payload("reopens", text=raw)
    payload["selector"] = payload["selector"][:1]
    assert post_report(site, payload).status_code == 201
    report = Report.objects.get()
    assert report.revision.text == "The bridge reopens on Monday.\nThe mayor spoke."
    assert report.revision.text[report.start : report.end] == "reopens"


EMOJI_TEXT = (
    "Привіт 👋🏽 світ! Emoji 🎉 before the quote: Київ is the capital.\nДругий 🇺🇦 абзац, 👋🏽 світ."
)


@pytest.mark.parametrize(
    ("exact", "occurrence"),
    [
        ("Київ is the capital", 0),  # after several astral characters
        ("🎉 before", 0),  # starting with one
        ("світ! Emoji 🎉", 0),  # containing one
        ("🇺🇦", 0),  # a flag: two astral characters
        ("👋🏽 світ", 1),  # the second of two occurrences
    ],
)
def test_emoji_and_cyrillic_offsets_are_converted_from_utf16_to_code_points(
    site, post_report, exact, occurrence
):
    at = (
        EMOJI_TEXT.index(exact, EMOJI_TEXT.index(exact) + 1)
        if occurrence
        else EMOJI_TEXT.index(exact)
    )
    browser_start = len(EMOJI_TEXT[:at].encode("utf-16-le")) // 2
    browser_end = browser_start + len(exact.encode("utf-16-le")) // 2
    payload = report_payload(exact, text=EMOJI_TEXT, occurrence=occurrence)
    assert payload["selector"][1] == {
        "type": "TextPositionSelector",
        "start": browser_start,
        "end": browser_end,
    }
    assert post_report(site, payload).status_code == 201

    report = Report.objects.get()
    assert (report.start, report.end) == (at, at + len(exact))
    assert report.revision.text == EMOJI_TEXT
    assert report.revision.text[report.start : report.end] == exact
    assert report.exact == exact
    assert (report.issue.start, report.issue.end) == (report.start, report.end)


def test_emoji_make_browser_and_python_offsets_differ():
    # Guards the test above: were the counts equal, it would not test the conversion.
    at = EMOJI_TEXT.index("Київ")
    assert utf16_len(EMOJI_TEXT[:at]) == at + 3  # 👋🏽 is two astral characters, 🎉 one


def test_position_picks_the_occurrence_the_reader_selected(site, post_report):
    text = "the cat and the dog and the cat again"
    second = text.index("the cat", 1)
    assert post_report(site, report_payload("the cat", text=text, occurrence=1)).status_code == 201
    report = Report.objects.get()
    assert (report.start, report.end) == (second, second + 7)


def test_without_position_the_context_picks_the_occurrence(site, post_report):
    text = "the cat and the dog and the cat again"
    second = text.index("the cat", 1)
    payload = report_payload("the cat", text=text, occurrence=1)
    payload["selector"] = payload["selector"][:1]
    assert post_report(site, payload).status_code == 201
    assert Report.objects.get().start == second


def test_overlapping_quotes_join_one_issue(site, post_report, editor_client):
    assert post_report(site, report_payload("after the the repairs")).status_code == 201
    # "the the repairs" covers 15 of the 21 chars: more than half of the shorter quote.
    response = post_report(site, report_payload("the the repairs", kind="factual"))
    assert response.status_code == 201
    issue = Issue.objects.get()
    assert issue.report_count == 2
    assert issue.reports.count() == 2
    page = editor_client.get("/desk/").content.decode()
    assert "2 readers" in page


def test_quotes_overlapping_less_than_half_make_separate_issues(site, post_report):
    assert post_report(site, report_payload("Monday after the")).status_code == 201
    assert post_report(site, report_payload("the the repairs")).status_code == 201
    assert post_report(site, report_payload("4 million euros")).status_code == 201
    assert Issue.objects.count() == 3
    assert set(Issue.objects.values_list("report_count", flat=True)) == {1}


def test_same_passage_on_another_article_is_another_issue(site, post_report):
    assert post_report(site, report_payload()).status_code == 201
    other = report_payload(canonical_url="https://news.example.org/other")
    assert post_report(site, other).status_code == 201
    assert Issue.objects.count() == 2


def test_a_rejected_issue_does_not_swallow_new_reports(site, editor, post_report):
    assert post_report(site, report_payload()).status_code == 201
    rejected = Issue.objects.get()
    change_status(rejected, Issue.Status.REJECTED, by=editor)

    assert post_report(site, report_payload()).status_code == 201
    rejected.refresh_from_db()
    assert rejected.report_count == 1
    fresh = Issue.objects.exclude(pk=rejected.pk).get()
    assert (fresh.status, fresh.report_count) == (Issue.Status.NEW, 1)


def test_an_accepted_issue_still_gathers_reports(site, editor, post_report):
    assert post_report(site, report_payload()).status_code == 201
    issue = Issue.objects.get()
    change_status(issue, Issue.Status.ACCEPTED, by=editor)
    assert post_report(site, report_payload()).status_code == 201
    issue.refresh_from_db()
    assert (Issue.objects.count(), issue.report_count) == (1, 2)


def test_reports_join_an_issue_across_revisions(site, post_report):
    assert post_report(site, report_payload("4 million euros")).status_code == 201
    # An edit above the passage moves it; the same words are still the same issue.
    edited = "Breaking: " + ARTICLE_TEXT
    assert post_report(site, report_payload("4 million euros", text=edited)).status_code == 201
    assert Revision.objects.count() == 2
    assert Issue.objects.get().report_count == 2


def test_server_clients_without_origin_may_report(site, post_report):
    response = post_report(site, report_payload(), origin="")
    assert response.status_code == 201
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_site_edit_takes_effect_at_once_despite_the_cached_site(site, post_report):
    # The public endpoints read sites through the shared cache; saving a site drops it.
    newcomer = "https://mobile.example.org"
    assert post_report(site, report_payload(), origin=newcomer).status_code == 403
    site.allowed_origins = [*site.allowed_origins, newcomer]
    site.save()
    assert post_report(site, report_payload(), origin=newcomer).status_code == 201
    site.allowed_origins = site.allowed_origins[:1]
    site.save()
    assert post_report(site, report_payload(), origin=newcomer).status_code == 403


def test_reports_on_a_known_revision_keep_its_article_and_revision(site, post_report):
    # The second report finds the revision through the cache; it must land on the same rows.
    first = post_report(site, report_payload())
    second = post_report(site, report_payload(exact="4 million euros"))
    assert (first.status_code, second.status_code) == (201, 201)
    assert Article.objects.count() == 1
    assert Revision.objects.count() == 1
    assert set(Report.objects.values_list("revision_id", flat=True)) == {Revision.objects.get().pk}
