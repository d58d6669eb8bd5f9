"""The export of a site's reports as W3C Web Annotations: conformance, paging, privacy."""

import pytest

from corrigenda.api import annotations as export
from corrigenda.keyset import LAST
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.factories import ARTICLE_URL, annotations_url, bearer, submit_report

from .w3c_annotations import FALLBACK, must_failures, schema_folder

pytestmark = pytest.mark.django_db

ANNO = "http://www.w3.org/ns/anno.jsonld"
# An astral character before the quote: UTF-16 offsets and code points differ by one.
EMOJI_TEXT = "Fans 😀 cheered as the the bridge opened.\nThe mayor cut the ribbon."


@pytest.fixture
def get(client, api_token):
    """GET a publisher URL with the site's token; the parsed JSON."""
    _, plaintext = api_token

    def get(url, **headers):
        response = client.get(url, headers={**bearer(plaintext), **headers})
        assert response.status_code == 200, response.content
        return response.json()

    return get


def _every_annotation(collection: dict, get) -> list[dict]:
    """Walk the pages from the embedded first one by `next` links."""
    page, annotations = collection.get("first"), []
    while page is not None:
        annotations += page["items"]
        page = get(page["next"]) if "next" in page else None
    return annotations


@pytest.fixture
def reports(site):
    """Reports of every shape the export meets: quote or none, with or without texts."""
    return [
        submit_report(site, suggestion="the", comment="Doubled word.", email="ann@example.org"),
        submit_report(site, "4 million euros", kind="factual", comment="It was 5 million."),
        submit_report(site, None, kind="other", comment="Sent with the plain form."),
        submit_report(site, "the the", text=EMOJI_TEXT, url=ARTICLE_URL + "-emoji"),
        submit_report(site, "Traffic", kind="clarification"),
    ]


def test_every_exported_annotation_meets_every_w3c_must(site, reports, get):
    collection = get(annotations_url(site))
    annotations = _every_annotation(collection, get)
    annotations += [get(a["id"]) for a in annotations]
    assert len(annotations) == 2 * len(reports)
    for annotation in annotations:
        assert must_failures(annotation) == [], annotation


def test_the_w3c_checks_catch_a_broken_annotation(site, reports, get):
    # Guards the check itself: each broken copy of a real annotation fails a MUST.
    good = get(annotations_url(site))["first"]["items"][0]
    broken = [
        {**good, "id": "/api/v1/relative"},
        {**good, "@context": "http://example.org/other.jsonld"},
        {**good, "type": "Note"},
        {k: v for k, v in good.items() if k != "target"},
        {**good, "target": {"source": "not a uri"}},
        {**good, "created": "yesterday"},
    ]
    for folder in (schema_folder(), FALLBACK):
        for annotation in broken:
            assert must_failures(annotation, folder) != [], (folder, annotation)


def test_the_fallback_schemas_pass_what_the_export_produces(site, reports, get):
    annotations = _every_annotation(get(annotations_url(site)), get)
    for annotation in annotations:
        assert must_failures(annotation, FALLBACK) == []


def test_a_report_becomes_an_editing_annotation_on_its_passage(site, reports, get):
    first = reports[0]
    annotation = get(f"{annotations_url(site)}/{first.public_id}")
    assert annotation == {
        "@context": ANNO,
        "id": f"http://testserver{annotations_url(site)}/{first.public_id}",
        "type": "Annotation",
        "motivation": "editing",
        "created": annotation["created"],
        "body": [
            {"type": "TextualBody", "value": "the", "purpose": "editing", "format": "text/plain"},
            {
                "type": "TextualBody",
                "value": "Doubled word.",
                "purpose": "commenting",
                "format": "text/plain",
            },
            {"type": "TextualBody", "value": "typo", "purpose": "tagging", "format": "text/plain"},
        ],
        "target": {
            "source": ARTICLE_URL,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "the the",
                    "prefix": " bridge reopens on Monday after ",
                    "suffix": " repairs.\nThe mayor said the wor",
                },
                {"type": "TextPositionSelector", "start": 35, "end": 42},
            ],
        },
    }
    assert annotation["created"].startswith(first.created.strftime("%Y-%m-%dT%H:%M:%S"))
    assert annotation["created"].endswith(("Z", "+00:00"))


def test_positions_count_code_points_over_the_revision_text(site, reports, get):
    emoji_report = reports[3]
    annotation = get(f"{annotations_url(site)}/{emoji_report.public_id}")
    quote, position = annotation["target"]["selector"]
    assert EMOJI_TEXT[position["start"] : position["end"]] == quote["exact"] == "the the"
    assert position["start"] == EMOJI_TEXT.index("the the")  # code points, not UTF-16 units
    assert annotation["target"]["source"] == ARTICLE_URL + "-emoji"


def test_a_report_without_a_quote_targets_the_article(site, reports, get):
    annotation = get(f"{annotations_url(site)}/{reports[2].public_id}")
    assert annotation["target"] == {"source": ARTICLE_URL}
    assert [b["purpose"] for b in annotation["body"]] == ["commenting", "tagging"]


def test_a_report_with_nothing_written_has_just_its_kind(site, reports, get):
    annotation = get(f"{annotations_url(site)}/{reports[4].public_id}")
    assert annotation["body"] == [
        {
            "type": "TextualBody",
            "value": "clarification",
            "purpose": "tagging",
            "format": "text/plain",
        }
    ]


def test_the_collection_embeds_its_first_page(site, reports, get):
    collection = get(annotations_url(site))
    url = f"http://testserver{annotations_url(site)}"
    assert {k: v for k, v in collection.items() if k != "first"} == {
        "@context": ANNO,
        "id": url,
        "type": "AnnotationCollection",
        "label": "Readers' reports on Example News",
        "total": len(reports),
        "last": f"{url}?cursor={LAST.encode()}",
    }
    first = collection["first"]
    assert first == get(annotations_url(site, page=1))
    assert first["id"] == f"{url}?page=1"
    assert first["type"] == "AnnotationPage"
    assert first["partOf"] == {"id": url, "total": len(reports)}
    assert first["startIndex"] == 0
    assert "next" not in first and "prev" not in first
    assert [a["id"].rsplit("/", 1)[1] for a in first["items"]] == [
        str(r.public_id) for r in reports
    ]
    assert get(annotations_url(site, page=0)) == collection


def test_pages_link_to_each_other_and_hold_every_report_once(site, get, monkeypatch):
    monkeypatch.setattr(export, "ANNOTATIONS_PER_PAGE", 2)
    reports = [submit_report(site, comment=f"reader {n}") for n in range(5)]
    url = f"http://testserver{annotations_url(site)}"

    collection = get(annotations_url(site))
    assert collection["total"] == 5

    second = get(annotations_url(site, page=2))
    assert second["startIndex"] == 2
    assert get(second["prev"])["items"] == get(annotations_url(site, page=1))["items"]
    assert get(second["next"])["items"] == get(annotations_url(site, page=3))["items"]
    # The last page is the newest full page, counted back from the end.
    last = get(collection["last"])
    assert "next" not in last
    assert (last["startIndex"], len(last["items"])) == (3, 2)
    assert [a["id"] for a in last["items"]] == [f"{url}/{r.public_id}" for r in reports[3:]]
    before_last = get(last["prev"])
    assert before_last["startIndex"] == 1
    assert get(before_last["next"])["items"] == last["items"]

    walked = _every_annotation(collection, get)
    assert [a["id"] for a in walked] == [f"{url}/{r.public_id}" for r in reports]


def test_reports_arriving_during_a_walk_are_neither_repeated_nor_skipped(site, get, monkeypatch):
    monkeypatch.setattr(export, "ANNOTATIONS_PER_PAGE", 2)
    reports = [submit_report(site, comment=f"reader {n}") for n in range(5)]
    url = f"http://testserver{annotations_url(site)}"
    page = get(annotations_url(site))["first"]
    walked = page["items"]
    # Each page is read after more reports arrived: the walk still ends with all of them.
    while "next" in page:
        reports.append(submit_report(site, comment=f"late reader {len(reports)}"))
        page = get(page["next"])
        walked += page["items"]
    assert [a["id"] for a in walked] == [f"{url}/{r.public_id}" for r in reports]


def test_a_cursor_the_server_did_not_make_is_404(client, site, api_token):
    _, plaintext = api_token
    submit_report(site)
    answer = client.get(annotations_url(site) + "?cursor=not-a-cursor", headers=bearer(plaintext))
    assert answer.status_code == 404


def test_pages_past_the_last_are_404_and_negative_ones_422(client, site, api_token):
    _, plaintext = api_token
    submit_report(site)
    past = client.get(annotations_url(site, page=2), headers=bearer(plaintext))
    assert past.status_code == 404
    assert past.json()["error"]["code"] == "not_found"
    negative = client.get(annotations_url(site, page=-1), headers=bearer(plaintext))
    assert negative.status_code == 422
    assert negative.json()["error"]["fields"][0]["field"] == "page"


def test_an_empty_collection_has_no_pages(client, site, api_token, get):
    collection = get(annotations_url(site))
    assert collection["total"] == 0
    assert "first" not in collection and "last" not in collection
    _, plaintext = api_token
    assert client.get(annotations_url(site, page=1), headers=bearer(plaintext)).status_code == 404


def test_readers_email_addresses_are_never_exported(client, site, api_token, reports):
    _, plaintext = api_token
    assert reports[0].email == "ann@example.org"
    urls = [annotations_url(site), annotations_url(site, page=1)]
    urls += [f"{annotations_url(site)}/{r.public_id}" for r in reports]
    for url in urls:
        response = client.get(url, headers=bearer(plaintext))
        assert response.status_code == 200
        assert b"ann@example.org" not in response.content
        assert b"email" not in response.content


def test_spam_is_not_exported(client, site, api_token, editor, get):
    _, plaintext = api_token
    kept = submit_report(site, comment="a real reader")
    trap = submit_report(site, comment="bot text", is_spam=True)
    marked = submit_report(site, None, comment="spam marked by an editor")
    change_status(marked.issue, Issue.Status.SPAM, by=editor)

    collection = get(annotations_url(site))
    assert collection["total"] == 1
    assert [a["id"].rsplit("/", 1)[1] for a in collection["first"]["items"]] == [
        str(kept.public_id)
    ]
    for report in (trap, marked):
        url = f"{annotations_url(site)}/{report.public_id}"
        assert client.get(url, headers=bearer(plaintext)).status_code == 404


def test_other_sites_reports_are_not_exported(client, site, other_site, api_token, get):
    _, plaintext = api_token
    mine = submit_report(site, comment="our reader")
    theirs = submit_report(other_site, comment="their reader")
    collection = get(annotations_url(site))
    assert collection["total"] == 1
    assert collection["first"]["items"][0]["id"].endswith(str(mine.public_id))
    url = f"{annotations_url(site)}/{theirs.public_id}"
    response = client.get(url, headers=bearer(plaintext))
    assert response.status_code == 404
    assert b"their reader" not in response.content


@pytest.mark.parametrize("report_id", ["3f0c2d9e-8a51-4f3c-9d6e-1b2a3c4d5e6f", "not-a-uuid"])
def test_an_unknown_annotation_is_404(client, site, api_token, report_id):
    _, plaintext = api_token
    response = client.get(f"{annotations_url(site)}/{report_id}", headers=bearer(plaintext))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'),
        ("application/ld+json", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'),
        ("*/*", 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'),
        ("application/json", "application/json; charset=utf-8"),
    ],
)
def test_json_ld_unless_only_plain_json_is_accepted(
    client, site, api_token, reports, accept, media_type
):
    _, plaintext = api_token
    headers = {**bearer(plaintext), **({"Accept": accept} if accept else {})}
    for url in (annotations_url(site), f"{annotations_url(site)}/{reports[0].public_id}"):
        assert client.get(url, headers=headers).headers["Content-Type"] == media_type


def test_the_openapi_document_describes_the_export(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/sites/{site_key}/annotations"]["get"]
    assert operation["security"] == [{"SiteToken": []}]
    assert spec["components"]["securitySchemes"]["SiteToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "application/ld+json",
    }
    assert "code points" in operation["description"]
    schemas = spec["components"]["schemas"]
    assert {"@context", "id", "type", "motivation", "created", "body", "target"} == set(
        schemas["Annotation"]["properties"]
    )
    assert {"partOf", "startIndex", "next", "prev", "items"} < set(
        schemas["AnnotationPage"]["properties"]
    )
    assert "code points" in schemas["AnnotationPositionSelector"]["description"]
    single = spec["paths"]["/api/v1/sites/{site_key}/annotations/{report_id}"]["get"]
    assert single["security"] == [{"SiteToken": []}]


def test_the_total_counts_a_new_report_and_a_report_marked_spam_at_once(site, editor, get):
    # The total is kept in the cache between exports; storing or marking drops it.
    submit_report(site, comment="first reader")
    assert get(annotations_url(site))["total"] == 1
    second = submit_report(site, None, comment="second reader")
    assert get(annotations_url(site))["total"] == 2
    change_status(second.issue, Issue.Status.SPAM, by=editor)
    assert get(annotations_url(site))["total"] == 1
    change_status(second.issue, Issue.Status.NEW, by=editor)
    assert get(annotations_url(site))["total"] == 2
