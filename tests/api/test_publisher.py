"""The publisher API: token checks on every endpoint, and pushing an article's text."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corrigenda.anchoring.text import content_hash
from corrigenda.reports.models import ApiToken, Article, Event, Issue, Revision
from corrigenda.reports.services import create_api_token, revoke_api_token
from tests.factories import (
    ARTICLE_TEXT,
    ARTICLE_URL,
    annotations_url,
    articles_url,
    bearer,
    submit_report,
)

pytestmark = pytest.mark.django_db

FIXED_TEXT = ARTICLE_TEXT.replace("after the the repairs", "after the repairs")
LEAD = "Update: the opening ceremony starts at nine."


def push(client, site, plaintext, *, url=ARTICLE_URL, title="Bridge reopens", text=ARTICLE_TEXT):
    return client.post(
        articles_url(site),
        {"canonical_url": url, "title": title, "text": text},
        content_type="application/json",
        headers=bearer(plaintext) if plaintext else {},
    )


def _call_articles(client, site_key, headers):
    body = {"canonical_url": ARTICLE_URL, "title": "Bridge reopens", "text": ARTICLE_TEXT}
    return client.post(
        articles_url(site_key), body, content_type="application/json", headers=headers
    )


def _call_collection(client, site_key, headers):
    return client.get(annotations_url(site_key), headers=headers)


def _call_annotation(client, site_key, headers):
    report_id = "3f0c2d9e-8a51-4f3c-9d6e-1b2a3c4d5e6f"
    return client.get(f"{annotations_url(site_key)}/{report_id}", headers=headers)


ENDPOINTS = {
    "POST articles": _call_articles,
    "GET annotations": _call_collection,
    "GET one annotation": _call_annotation,
}


def _assert_unauthorized(response):
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("call", ENDPOINTS.values(), ids=ENDPOINTS.keys())
class TestEveryEndpointNeedsATokenOfItsSite:
    def test_no_token_is_401(self, client, site, call):
        _assert_unauthorized(call(client, site.key, {}))

    @pytest.mark.parametrize(
        "header",
        [
            "Bearer cg_00000000_not-a-token-anyone-made",
            "Bearer ",
            "Basic dXNlcjpwdw==",
            "cg_00000000_no-scheme",
        ],
    )
    def test_unknown_token_is_401(self, client, site, api_token, call, header):
        _assert_unauthorized(call(client, site.key, {"Authorization": header}))

    def test_the_token_in_another_scheme_is_401(self, client, site, api_token, call):
        _, plaintext = api_token
        _assert_unauthorized(call(client, site.key, {"Authorization": f"Token {plaintext}"}))

    def test_revoked_token_is_401(self, client, site, api_token, call):
        token, plaintext = api_token
        revoke_api_token(token, by=None)
        _assert_unauthorized(call(client, site.key, bearer(plaintext)))

    def test_token_of_site_a_on_site_b_is_404_like_an_unknown_site(
        self, client, site, other_site, api_token, call
    ):
        _, plaintext = api_token
        submit_report(other_site, comment="their reader")
        on_b = call(client, other_site.key, bearer(plaintext))
        nowhere = call(client, "no-such-site", bearer(plaintext))
        assert on_b.status_code == nowhere.status_code == 404
        assert on_b.json() == nowhere.json()
        assert on_b.json()["error"]["code"] == "not_found"
        assert b"their reader" not in on_b.content

    def test_a_desk_login_is_no_token(self, client, site, editor, call):
        client.force_login(editor)
        _assert_unauthorized(call(client, site.key, {}))


def test_a_good_token_opens_every_endpoint_of_its_site(client, site, api_token):
    _, plaintext = api_token
    report = submit_report(site)
    assert push(client, site, plaintext).status_code == 200
    assert client.get(annotations_url(site), headers=bearer(plaintext)).status_code == 200
    one = f"{annotations_url(site)}/{report.public_id}"
    assert client.get(one, headers=bearer(plaintext)).status_code == 200


def test_last_used_is_kept_to_the_minute(client, site, api_token):
    token, plaintext = api_token
    assert token.last_used is None
    client.get(annotations_url(site), headers=bearer(plaintext))
    token.refresh_from_db()
    first_use = token.last_used
    assert first_use is not None

    client.get(annotations_url(site), headers=bearer(plaintext))
    token.refresh_from_db()
    assert token.last_used == first_use  # within the minute: not written again

    an_hour_ago = timezone.now() - timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used=an_hour_ago)
    client.get(annotations_url(site), headers=bearer(plaintext))
    token.refresh_from_db()
    assert token.last_used > an_hour_ago + timedelta(minutes=59)


def test_failed_calls_do_not_count_as_use(client, site, other_site, api_token):
    token, plaintext = api_token
    client.get(annotations_url(other_site), headers=bearer(plaintext))
    token.refresh_from_db()
    assert token.last_used is None


def test_tokens_are_stored_as_digests_only(site):
    token, plaintext = create_api_token(site, "CMS", by=None)
    assert plaintext.startswith(token.prefix + "_")
    assert len(plaintext) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert plaintext not in str(stored)
    assert stored["digest"] == ApiToken.digest_of(plaintext)
    assert all(plaintext not in str(e.detail) for e in Event.objects.all())


# Pushing an article's text


def test_a_new_article_is_stored_with_its_first_revision(client, site, api_token):
    _, plaintext = api_token
    response = push(client, site, plaintext)

    assert response.status_code == 201
    article = Article.objects.get(site=site, canonical_url=ARTICLE_URL)
    revision = Revision.objects.get(article=article)
    assert response.json() == {
        "article": {
            "id": article.pk,
            "canonical_url": ARTICLE_URL,
            "title": "Bridge reopens",
            "section": "",
            "author": "",
        },
        "revision": {
            "id": revision.pk,
            "content_hash": content_hash(ARTICLE_TEXT),
            "created": True,
        },
        "reanchoring": "queued",
    }
    assert revision.source == Revision.Source.API
    assert revision.text == ARTICLE_TEXT
    event = Event.objects.get(action="article.revision_received")
    assert event.detail["revision"] == revision.pk


def test_the_text_is_normalised_like_the_widgets(client, site, api_token):
    _, plaintext = api_token
    messy = "  The bridge reopens on Monday\u00a0after the the repairs.\r\n\r\n\tThe mayor said "
    messy += "the works cost 4 million euros.\n\n\nTraffic will return to normal by the end "
    messy += "of the month.  "
    response = push(client, site, plaintext, text=messy)
    assert response.status_code == 201
    assert Revision.objects.get().text == ARTICLE_TEXT
    # So a reader's report on the page lands on the same revision.
    submit_report(site)
    assert Revision.objects.count() == 1


def test_the_same_text_again_is_200_and_stores_nothing(client, site, api_token):
    _, plaintext = api_token
    first = push(client, site, plaintext).json()
    revisions, events = Revision.objects.count(), Event.objects.count()

    again = push(client, site, plaintext, text=ARTICLE_TEXT.replace("\n", "\n\n"))

    assert again.status_code == 200
    body = again.json()
    assert body["revision"] == {**first["revision"], "created": False}
    assert body["reanchoring"] == "not needed"
    assert (Revision.objects.count(), Event.objects.count()) == (revisions, events)


def test_a_text_the_widget_already_sent_is_known(client, site, api_token):
    _, plaintext = api_token
    report = submit_report(site)
    response = push(client, site, plaintext)
    assert response.status_code == 200
    assert response.json()["revision"]["id"] == report.revision_id


def test_a_new_title_is_kept(client, site, api_token):
    _, plaintext = api_token
    push(client, site, plaintext, title="Bridge reopens")
    response = push(client, site, plaintext, title="Old Mill Bridge reopens", text=FIXED_TEXT)
    assert response.json()["article"]["title"] == "Old Mill Bridge reopens"
    assert Article.objects.get().title == "Old Mill Bridge reopens"


def test_a_new_text_queues_reanchoring(client, site, api_token, django_capture_on_commit_callbacks):
    _, plaintext = api_token
    submit_report(site)
    with django_capture_on_commit_callbacks(execute=True):
        response = push(client, site, plaintext, text=FIXED_TEXT)
    assert response.json()["reanchoring"] == "queued"
    queued = DBTaskResult.objects.get(task_path__endswith="reanchor_article")
    assert queued.args_kwargs["args"] == [response.json()["revision"]["id"]]


@pytest.fixture
def tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.usefixtures("tasks_run_at_once")
def test_a_fixed_passage_reads_changed_on_the_new_revision(
    client, site, api_token, django_capture_on_commit_callbacks
):
    _, plaintext = api_token
    issue = submit_report(site, "the the").issue
    old_revision = issue.revision_id

    with django_capture_on_commit_callbacks(execute=True):
        response = push(client, site, plaintext, text=FIXED_TEXT)

    assert response.status_code == 201
    issue.refresh_from_db()
    assert issue.revision_id == response.json()["revision"]["id"] != old_revision
    assert issue.anchor_state == Issue.AnchorState.CHANGED
    assert issue.passage_before == "the the"
    assert FIXED_TEXT[issue.start : issue.end] == issue.exact
    assert Event.objects.filter(issue=issue, action="issue.reanchored").exists()


@pytest.mark.usefixtures("tasks_run_at_once")
def test_a_passage_pushed_down_by_a_new_paragraph_is_found_again(
    client, site, api_token, django_capture_on_commit_callbacks
):
    _, plaintext = api_token
    issue = submit_report(site, "4 million euros").issue
    start = issue.start

    with django_capture_on_commit_callbacks(execute=True):
        push(client, site, plaintext, text=f"{LEAD}\n{ARTICLE_TEXT}")

    issue.refresh_from_db()
    assert issue.anchor_state == Issue.AnchorState.MOVED
    assert (issue.start, issue.exact) == (start + len(LEAD) + 1, "4 million euros")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"title": "t", "text": ARTICLE_TEXT}, {"canonical_url"}),
        ({"canonical_url": "ftp://news.example.org/a", "text": ARTICLE_TEXT}, {"canonical_url"}),
        ({"canonical_url": ARTICLE_URL}, {"text"}),
        ({"canonical_url": ARTICLE_URL, "text": " \n\u00a0\t"}, {"text"}),
        ({"canonical_url": ARTICLE_URL, "text": "x" * 200_001}, {"text"}),
        ({"canonical_url": ARTICLE_URL, "text": "x", "title": "t" * 501}, {"title"}),
        ({"canonical_url": ARTICLE_URL, "text": 5}, {"text"}),
    ],
    ids=["no url", "not http", "no text", "blank text", "text too long", "title", "wrong type"],
)
def test_invalid_fields_are_422_naming_each(client, site, api_token, body, fields):
    _, plaintext = api_token
    response = client.post(
        articles_url(site), body, content_type="application/json", headers=bearer(plaintext)
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_fields"
    assert {f["field"] for f in error["fields"]} == fields
    assert Revision.objects.count() == 0


def test_the_longest_text_allowed_is_stored(client, site, api_token):
    _, plaintext = api_token
    longest = ("Ünïcödé wörds 😀 " * 20_000)[:200_000]
    response = push(client, site, plaintext, text=longest)
    assert response.status_code == 201
    assert Revision.objects.get().text == longest.strip()


def test_malformed_json_is_400(client, site, api_token):
    _, plaintext = api_token
    response = client.post(
        articles_url(site), "{not json", content_type="application/json", headers=bearer(plaintext)
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_a_body_over_the_servers_cap_is_413(client, site, api_token, settings):
    _, plaintext = api_token
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    body = f'{{"canonical_url": "{ARTICLE_URL}", "text": "{"x" * 100_000}"}}'
    response = client.post(
        articles_url(site), body, content_type="application/json", headers=bearer(plaintext)
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"
    assert Revision.objects.count() == 0


def test_the_openapi_document_describes_the_article_push(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/sites/{site_key}/articles"]["post"]
    assert operation["security"] == [{"SiteToken": []}]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "404", "413", "414", "422"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    article_in = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert set(article_in["properties"]) == {"canonical_url", "title", "section", "author", "text"}
    assert set(article_in["required"]) == {"canonical_url", "text"}
    assert article_in["properties"]["text"]["maxLength"] == 200_000


@pytest.mark.usefixtures("tasks_run_at_once")
def test_a_reverted_edit_makes_the_older_text_current_again(
    client, site, api_token, django_capture_on_commit_callbacks
):
    _, plaintext = api_token
    issue = submit_report(site, "the the").issue
    first = issue.revision_id
    with django_capture_on_commit_callbacks(execute=True):
        push(client, site, plaintext, text=FIXED_TEXT)
    issue.refresh_from_db()
    assert issue.anchor_state == Issue.AnchorState.CHANGED

    # The edit is reverted in the CMS: the first text comes back.
    with django_capture_on_commit_callbacks(execute=True):
        response = push(client, site, plaintext, text=ARTICLE_TEXT)

    assert response.status_code == 200
    body = response.json()
    assert (body["revision"]["id"], body["revision"]["created"]) == (first, False)
    assert body["reanchoring"] == "queued"
    assert Article.objects.get().latest_revision.pk == first
    issue.refresh_from_db()
    # Carried back onto the first text, where the reported words are again.
    assert issue.revision_id == first
    reported = ARTICLE_TEXT.index("the the")
    assert reported <= issue.start < issue.end <= reported + len("the the")
    assert issue.anchor_state != Issue.AnchorState.ORPHANED
    assert Event.objects.filter(action="article.revision_restored").count() == 1


def test_a_reader_on_a_stale_copy_does_not_make_an_old_text_current(client, site, api_token):
    _, plaintext = api_token
    submit_report(site, "the the")
    push(client, site, plaintext, text=FIXED_TEXT)
    newest = Article.objects.get().latest_revision.pk

    # The widget, on a copy of the first text.
    submit_report(site, "4 million euros", published=False)

    assert Article.objects.get().latest_revision.pk == newest
