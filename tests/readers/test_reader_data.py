"""The desk's "Reader data" page: export or erase everything stored for one address."""

import json

import pytest
from django.urls import reverse

from corrigenda.readers.models import ReaderAddress
from corrigenda.readers.services import confirm_address
from corrigenda.reports.models import Event, Report
from tests.factories import submit_report

pytestmark = pytest.mark.django_db

HOSTILE_COMMENT = "<script>alert('comment')</script>"


@pytest.fixture
def reader_reports(site, other_site):
    """Two reports of one reader on our site, one on another site, one of someone else."""
    first = submit_report(site, email="Reader@Example.org", comment=HOSTILE_COMMENT)
    second = submit_report(site, "4 million", email="reader@example.org", suggestion="4.2 million")
    address = ReaderAddress.objects.create(site=site, email="reader@example.org")
    confirm_address(address)
    submit_report(other_site, email="reader@example.org", comment="their copy")
    submit_report(site, "end of the month", email="someone@example.org")
    return first, second


def url(name, site):
    return reverse(f"readers:{name}", args=[site.key])


def test_an_admin_exports_everything_stored_for_an_address(admin_client, site, reader_reports):
    first, second = reader_reports

    response = admin_client.post(url("reader-data-export", site), {"email": " READER@example.org"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == "reader@example.org"
    assert [r["id"] for r in data["reports"]] == [str(first.public_id), str(second.public_id)]
    assert data["reports"][0]["comment"] == HOSTILE_COMMENT
    assert data["reports"][0]["passage"] == "the the"
    assert data["reports"][0]["email"] == "Reader@Example.org"
    assert data["reports"][1]["suggestion"] == "4.2 million"
    assert data["reports"][1]["article"]["url"] == first.article.canonical_url
    assert data["subscription"]["confirmed"] is not None
    assert data["subscription"]["unsubscribed"] is None
    assert "their copy" not in response.text  # another site's data is not this desk's
    assert "someone@example.org" not in response.text
    event = Event.objects.get(action="reader.data_exported")
    assert event.detail == {"reports": 2}


def test_erasing_asks_once_more_then_blanks_the_address_and_keeps_the_reports(
    admin_client, site, other_site, reader_reports
):
    first, second = reader_reports

    confirm = admin_client.post(url("reader-data-erase", site), {"email": "reader@example.org"})
    assert confirm.status_code == 200
    assert "is on 2 reports" in confirm.text
    assert "and has a subscription" in confirm.text
    assert Report.objects.filter(email__iexact="reader@example.org", site=site).count() == 2

    done = admin_client.post(
        url("reader-data-erase", site),
        {"email": "reader@example.org", "confirm": "true"},
        follow=True,
    )
    assert "the address is gone from 2 reports" in done.text
    for report in (first, second):
        report.refresh_from_db()
        assert report.email == ""
    assert first.comment == HOSTILE_COMMENT  # the report itself stays
    assert not ReaderAddress.objects.filter(site=site).exists()
    assert Report.objects.get(site=other_site).email == "reader@example.org"
    assert Report.objects.filter(email="someone@example.org").exists()
    event = Event.objects.get(action="reader.data_erased")
    assert event.detail == {"reports": 2, "addresses": 1}
    assert not any("reader@" in json.dumps(e.detail).lower() for e in Event.objects.all())


def test_the_page_escapes_what_a_reader_typed(admin_client, site, reader_reports):
    page = admin_client.post(url("reader-data-erase", site), {"email": "<script>@example.org"})
    assert page.status_code == 400  # not an address: nothing to look up
    assert "<script>@" not in page.text


def test_editors_who_are_not_admins_are_refused(client, site, editor, reader_reports):
    client.force_login(editor)
    assert client.get(url("reader-data", site)).status_code == 403
    for name in ("reader-data-export", "reader-data-erase"):
        response = client.post(url(name, site), {"email": "reader@example.org", "confirm": "true"})
        assert response.status_code == 403
    assert Report.objects.filter(site=site, email__iexact="reader@example.org").count() == 2
    assert "Reader data" not in client.get(reverse("desk:site", args=[site.key])).text


def test_the_site_page_links_admins_to_reader_data(admin_client, site):
    page = admin_client.get(reverse("desk:site", args=[site.key]))
    assert url("reader-data", site) in page.text
    form = admin_client.get(url("reader-data", site))
    assert form.status_code == 200
    assert "Export as JSON" in form.text
