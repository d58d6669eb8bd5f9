"""A Vale style package uploaded on the site's Checks page: its rules join the house
style, its accepted words the site's, every rule left out is named; only admins import;
the next check of an article finds what the rules describe."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corrigenda.reports.models import Event, Finding
from corrigenda.reports.models import StyleRule as StoredStyleRule
from corrigenda.reports.services import check_revision
from tests.checks.test_vale import package_zip, zipped
from tests.factories import submit_report

pytestmark = pytest.mark.django_db


def import_url(site):
    return reverse("desk:style-rules-import-vale", args=[site.key])


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("House.zip", data, content_type="application/zip")


def test_an_admin_imports_a_package_and_sees_what_was_skipped(admin_client, site, admin):
    response = admin_client.post(import_url(site), {"file": upload(package_zip())})

    assert response.status_code == 302
    page = admin_client.get(response.url).text
    assert "Imported from the Vale package: 13 new rules, 0 updated, 3 new accepted words." in page
    assert "Skipped House.Passive: extends sequence: needs part-of-speech tagging" in page
    assert "Skipped House.ListItems: scope list: article text keeps" in page
    assert "Skipped House.Grade: extends metric" in page
    assert "Skipped House.Readability: extends script" in page
    kinds = set(StoredStyleRule.objects.filter(site=site).values_list("check_kind", flat=True))
    assert kinds == {"swap", "occurrence", "consistency", "conditional", "capitalization"}
    assert '<span class="badge">conditional</span>' in page
    assert "Vale House.Acronyms" in page
    site.refresh_from_db()
    assert site.accepted_words == ["raion", "plogging", "Kyivite"]
    event = Event.objects.get(action="style_rules.vale_imported")
    assert event.actor == admin
    assert (event.detail["added"], event.detail["accepted_words"]) == (13, 3)
    assert {"rule": "House.Passive", "reason": event.detail["skipped"][2]["reason"]} in (
        event.detail["skipped"]
    )

    # Importing the same package again replaces each rule with itself.
    again = admin_client.post(import_url(site), {"file": upload(package_zip())})
    assert "13 updated, 0 new accepted words" in admin_client.get(again.url).text
    assert StoredStyleRule.objects.filter(site=site).count() == 13


def test_the_next_check_finds_what_the_imported_rules_describe(admin_client, site):
    admin_client.post(import_url(site), {"file": upload(package_zip())})
    text = (
        "Ceasefire Talks Resume In Kiev\n"
        "The ceasefire held in Kiev until the cease-fire ended. The WHO said so, irregardless."
    )
    report = submit_report(site, "ceasefire held", text=text)
    check_revision(report.article.latest_revision)

    flagged = set(
        Finding.objects.filter(article=report.article, rule="style").values_list(
            "text", "suggestion"
        )
    )
    assert flagged == {
        ("Ceasefire Talks Resume In Kiev", "Ceasefire talks resume in Kiev"),
        ("Kiev", "Kyiv"),
        ("cease-fire", "ceasefire"),
        ("WHO", ""),
        ("irregardless", ""),
    }


def test_an_unreadable_package_imports_nothing(admin_client, site):
    response = admin_client.post(import_url(site), {"file": upload(b"not a zip")})
    assert response.status_code == 200
    assert "The Vale package cannot be read: not a zip file." in response.text
    assert not StoredStyleRule.objects.exists()
    assert not Event.objects.filter(action="style_rules.vale_imported").exists()


def test_an_editor_does_not_import(editor_client, site):
    assert editor_client.post(import_url(site), {"file": upload(package_zip())}).status_code == 403
    assert not StoredStyleRule.objects.exists()


def test_an_admin_of_one_site_does_not_import_into_another(admin_client, other_site):
    response = admin_client.post(import_url(other_site), {"file": upload(package_zip())})
    assert response.status_code == 404
    assert not StoredStyleRule.objects.exists()


def test_an_imported_rule_other_than_a_swap_is_not_edited_in_the_desk(admin_client, site):
    rule = "extends: conditional\nfirst: '\\b([A-Z]{3})\\b'\nsecond: '\\(([A-Z]{3})\\)'\n"
    admin_client.post(import_url(site), {"file": upload(zipped({"House/Acr.yml": rule}))})
    stored = StoredStyleRule.objects.get(site=site)
    response = admin_client.get(reverse("desk:style-rule-edit", args=[site.key, stored.pk]))
    assert response.status_code == 302
    assert "changed in its package and imported again" in admin_client.get(response.url).text
