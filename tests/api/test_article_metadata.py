"""An article's section and author come from the publisher API (or the page, fetched by the
server), never from a reader's payload: the desk's metrics count corrections by them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corrigenda.reports.models import Article
from tests.factories import ARTICLE_TEXT, ARTICLE_URL, articles_url, bearer, report_payload

pytestmark = pytest.mark.django_db


def push(client, site, plaintext, **fields):
    body = {"canonical_url": ARTICLE_URL, "title": "Bridge reopens", "text": ARTICLE_TEXT}
    return client.post(
        articles_url(site),
        {**body, **fields},
        content_type="application/json",
        headers=bearer(plaintext),
    )


def stored(site) -> tuple[str, str]:
    article = Article.objects.get(site=site, canonical_url=ARTICLE_URL)
    return article.section, article.author


def test_a_push_stores_section_and_author_and_answers_with_them(client, site, api_token):
    response = push(client, site, api_token[1], section="  City\n news ", author="Ann Lee")
    assert response.status_code == 201
    article = response.json()["article"]
    assert (article["section"], article["author"]) == ("City news", "Ann Lee")
    assert stored(site) == ("City news", "Ann Lee")


def test_a_later_push_changes_them_and_one_without_them_keeps_them(client, site, api_token):
    push(client, site, api_token[1], section="City", author="Ann Lee")
    push(client, site, api_token[1], section="Transport")
    assert stored(site) == ("Transport", "Ann Lee")
    # The same text again: nothing new to store, but the article's metadata moved.
    assert push(client, site, api_token[1], author="Bo Chan").status_code == 200
    assert stored(site) == ("Transport", "Bo Chan")


@pytest.mark.parametrize("field", ["section", "author"])
def test_an_oversized_field_is_a_422_naming_it(client, site, api_token, post_report, field):
    response = push(client, site, api_token[1], **{field: "x" * 201})
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert not Article.objects.exists()

    response = post_report(site, report_payload(**{field: "x" * 201}))
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == [field]
    assert not Article.objects.exists()


def test_a_readers_page_metadata_is_never_stored(site, post_report):
    # What the reader's page said is a claim anyone can forge: only the CMS or the page
    # itself, fetched by the server, sets an article's metadata.
    payload = report_payload(title="FORGED", section="Politics", author="Ann Lee")
    assert post_report(site, payload).status_code == 201
    assert stored(site) == ("", "")
    assert Article.objects.get().title == ""


def test_what_the_cms_pushed_stays_whatever_readers_send(client, site, api_token, post_report):
    push(client, site, api_token[1], section="Politics", author="Ann Lee")
    payload = report_payload(title="FORGED", section="Forged", author="Somebody")
    assert post_report(site, payload).status_code == 201
    assert stored(site) == ("Politics", "Ann Lee")
    assert Article.objects.get().title == "Bridge reopens"


def test_metadata_costs_a_known_revision_no_extra_query(site, post_report):
    post_report(site, report_payload(section="Politics", author="Ann Lee"))
    # The second report of a text finds its revision in the database and caches it.
    post_report(site, report_payload("bridge reopens"))

    def queries_for(payload):
        with CaptureQueriesContext(connection) as queries:
            assert post_report(site, payload).status_code == 201
        return len(queries)

    without = queries_for(report_payload("4 million euros"))
    with_metadata = queries_for(
        report_payload("end of the month", section="Politics", author="Ann Lee")
    )
    assert with_metadata == without
