"""Which checks run on a site and the words its spelling check accepts: admins switch
them on the site's Checks page, editors see them, the next check follows them."""

import re

import pytest
from django.urls import reverse

from corrigenda.reports import selectors
from corrigenda.reports.models import SITE_CHECKS, Event, Finding, Site
from corrigenda.reports.services import check_revision
from tests.factories import submit_report

pytestmark = pytest.mark.django_db

TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "Each raion pays a share of the works, which cost 4 million euros."
)


def checks_page(site):
    return reverse("desk:site-checks", args=[site.key])


def open_rules(article) -> set[tuple[str, str]]:
    return set(
        Finding.objects.filter(article=article, state=Finding.State.OPEN).values_list(
            "rule", "text"
        )
    )


def test_every_check_is_on_for_a_new_site(admin_client, site):
    page = admin_client.get(checks_page(site)).text
    for rule in SITE_CHECKS:
        assert f'value="{rule}"' in page
    boxes = re.findall(r'<input type="checkbox" name="checks_enabled"[^>]*>', page)
    assert len(boxes) == len(SITE_CHECKS)
    assert all(box.endswith(" checked>") for box in boxes)


def test_an_admin_switches_checks_and_accepts_words(admin_client, site):
    report = submit_report(site, "4 million euros", text=TEXT)
    check_revision(report.revision)
    assert ("repeated-word", "the the") in open_rules(report.article)
    assert ("spelling", "raion") in open_rules(report.article)

    enabled = sorted(SITE_CHECKS - {"repeated-word"})
    response = admin_client.post(
        checks_page(site),
        {"checks_enabled": enabled, "accepted_words": "Zhovtneve\n  raion \n\nZhovtneve"},
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.checks_enabled == enabled
    assert site.accepted_words == ["Zhovtneve", "raion"]
    event = Event.objects.get(action="site.checks_changed")
    assert event.detail["checks_off"] == ["repeated-word"]
    assert event.detail["words_added"] == ["Zhovtneve", "raion"]

    # The next check follows the new settings: both findings are gone.
    check_revision(report.revision)
    rules = open_rules(report.article)
    assert ("repeated-word", "the the") not in rules
    assert ("spelling", "raion") not in rules

    page = admin_client.get(response.url).text
    assert "Check settings saved" in page
    assert 'value="repeated-word"' in page
    assert "Zhovtneve\nraion</textarea>" in page


def test_all_checks_may_be_switched_off(admin_client, site):
    response = admin_client.post(checks_page(site), {"accepted_words": ""})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.checks_enabled == []


def test_an_unknown_check_is_a_form_error(admin_client, site):
    response = admin_client.post(checks_page(site), {"checks_enabled": ["style", "astrology"]})
    assert response.status_code == 200
    assert "Select a valid choice. astrology is not one of the available choices." in response.text
    site.refresh_from_db()
    assert site.checks_enabled == sorted(SITE_CHECKS)


def test_the_cached_public_site_follows_the_change(admin_client, site):
    # Public requests read the site through the cache; a change must not wait for it to expire.
    assert selectors.public_site(site.key).checks_enabled == sorted(SITE_CHECKS)
    admin_client.post(checks_page(site), {"checks_enabled": ["style"], "accepted_words": "Kyiv"})
    cached = selectors.public_site(site.key)
    assert (cached.checks_enabled, cached.accepted_words) == (["style"], ["Kyiv"])


def test_editors_see_the_settings_but_cannot_change_them(editor_client, site):
    Site.objects.filter(pk=site.pk).update(
        checks_enabled=["spelling", "style"], accepted_words=["<b>Zhovtneve</b>"]
    )
    page = editor_client.get(checks_page(site))
    assert page.status_code == 200
    assert 'data-check="spelling">On:' in page.text
    assert 'data-check="repeated-word">Off:' in page.text
    assert "<code>&lt;b&gt;Zhovtneve&lt;/b&gt;</code>" in page.text
    assert "The site's admins change these." in page.text
    assert "<textarea" not in page.text

    response = editor_client.post(checks_page(site), {"checks_enabled": [], "accepted_words": ""})
    assert response.status_code == 403
    site.refresh_from_db()
    assert site.checks_enabled == ["spelling", "style"]
    assert not Event.objects.filter(action="site.checks_changed").exists()


def test_the_site_page_links_to_the_checks(editor_client, site):
    assert checks_page(site) in editor_client.get(reverse("desk:site", args=[site.key])).text
