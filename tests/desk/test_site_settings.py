"""The site's settings on its desk page: admins change them, editors read them, the next
report and the embed code follow them."""

import json

import pytest
from django.urls import reverse

from corrigenda.reports.models import Event, Site
from tests.conftest import NEWS_ORIGIN
from tests.factories import make_editor, report_payload, reports_url

pytestmark = pytest.mark.django_db

NEW_ORIGIN = "https://www.example.org"
SETTINGS = {
    "name": "Example News Daily",
    "allowed_origins": f"{NEW_ORIGIN}\nhttp://localhost:8001",
    "article_selector": "article .body",
    "language": "uk",
    "retention_days": "30",
    "show_corrections_in_widget": "on",
}


def site_page(site) -> str:
    return reverse("desk:site", args=[site.key])


def settings_url(site) -> str:
    return reverse("desk:site-settings", args=[site.key])


def post_report(client, site, origin: str, exact: str = "the the"):
    return client.post(
        reports_url(site),
        # A page on the origin it is sent from, as a browser's would be.
        json.dumps(report_payload(exact, url=f"{origin}/2024/bridge-reopens", canonical_url=None)),
        content_type="application/json",
        headers={"Origin": origin},
    )


def test_an_admin_saves_every_setting(admin_client, site):
    response = admin_client.post(settings_url(site), SETTINGS)

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Example News Daily"
    assert site.allowed_origins == [NEW_ORIGIN, "http://localhost:8001"]
    assert site.article_selector == "article .body"
    assert site.language == "uk"
    assert site.retention_days == 30
    assert site.show_corrections_in_widget is True

    page = admin_client.get(response.url).text
    assert "Site settings saved." in page
    assert f"{NEW_ORIGIN}\nhttp://localhost:8001</textarea>" in page
    # The embed code now asks the widget to show the article's corrections.
    assert 'data-article="article .body" data-corrections&gt;&lt;/script&gt;' in page


def test_the_change_is_in_the_audit_trail(admin_client, site):
    admin_client.post(settings_url(site), {**SETTINGS, "name": site.name, "language": "en"})

    event = Event.objects.get(action="site.settings_changed")
    assert event.actor.get_username() == "ada"
    assert event.site == site
    assert event.detail["changed"] == {
        "allowed_origins": {
            "before": [NEWS_ORIGIN],
            "after": [NEW_ORIGIN, "http://localhost:8001"],
        },
        "article_selector": {"before": "article", "after": "article .body"},
        "retention_days": {"before": 90, "after": 30},
        "show_corrections_in_widget": {"before": False, "after": True},
    }


def test_saving_unchanged_settings_writes_no_event(admin_client, site):
    unchanged = {
        "name": site.name,
        "allowed_origins": NEWS_ORIGIN,
        "article_selector": site.article_selector,
        "language": site.language,
        "retention_days": str(site.retention_days),
    }
    assert admin_client.post(settings_url(site), unchanged).status_code == 302
    assert not Event.objects.filter(action="site.settings_changed").exists()


def test_reports_follow_the_new_origins_at_once(admin_client, client, site):
    # The first report puts the site in the shared cache, as in production.
    assert post_report(client, site, NEWS_ORIGIN).status_code == 201

    admin_client.post(settings_url(site), SETTINGS)

    assert post_report(client, site, NEW_ORIGIN, "4 million euros").status_code == 201
    refused = post_report(client, site, NEWS_ORIGIN, "end of the month")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "origin_not_allowed"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "allowed_origins",
            f"{NEW_ORIGIN}\nhttps://news.example.org/politics",
            "Line 2, “https://news.example.org/politics”, is not an origin like "
            "https://news.example.org: an origin has no path, query or fragment.",
        ),
        (
            "allowed_origins",
            "news.example.org",
            "Line 1, “news.example.org”, is not an origin like https://news.example.org: "
            "it must start with http:// or https://.",
        ),
        (
            "allowed_origins",
            "ftp://news.example.org",
            "Line 1, “ftp://news.example.org”, is not an origin like https://news.example.org: "
            "it must start with http:// or https://.",
        ),
        (
            "allowed_origins",
            "https://news.example.org:99999",
            "Line 1, “https://news.example.org:99999”, is not an origin like "
            "https://news.example.org: its host or port cannot be read.",
        ),
        ("article_selector", "", "This field is required."),
        (
            "article_selector",
            "article " + "x" * 200,
            "Ensure this value has at most 200 characters (it has 208).",
        ),
        ("language", "english", "“english” is not a language tag such as en, uk or pt-BR."),
        ("language", "pt BR", "“pt BR” is not a language tag such as en, uk or pt-BR."),
        ("retention_days", "0", "Ensure this value is greater than or equal to 1."),
        ("retention_days", "3651", "Ensure this value is less than or equal to 3650."),
        ("name", "", "This field is required."),
    ],
)
def test_a_wrong_setting_is_named_and_nothing_is_saved(admin_client, site, field, value, message):
    before = Site.objects.values().get(pk=site.pk)

    response = admin_client.post(settings_url(site), {**SETTINGS, field: value})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in page
    assert Site.objects.values().get(pk=site.pk) == before
    assert not Event.objects.filter(action="site.settings_changed").exists()


def test_origins_are_written_the_way_browsers_send_them(admin_client, site):
    origins = "HTTPS://WWW.Example.org/\n\nhttps://www.example.org:443\nhttp://[::1]:8000"
    admin_client.post(settings_url(site), {**SETTINGS, "allowed_origins": origins})
    site.refresh_from_db()
    assert site.allowed_origins == [NEW_ORIGIN, "http://[::1]:8000"]


def test_a_language_tag_gets_its_usual_spelling(admin_client, site):
    admin_client.post(settings_url(site), {**SETTINGS, "language": "pt_br"})
    site.refresh_from_db()
    assert site.language == "pt-BR"


def test_hostile_settings_are_shown_escaped(admin_client, client, site):
    hostile = '"><script>alert(1)</script>'
    admin_client.post(
        settings_url(site), {**SETTINGS, "name": hostile, "article_selector": hostile}
    )
    for viewer in (admin_client, make_editor("eve", site)):
        if viewer is not admin_client:
            client.force_login(viewer)
            viewer = client
        page = viewer.get(site_page(site)).text
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editors_see_the_settings_but_cannot_change_them(client, editor, site):
    client.force_login(editor)
    page = client.get(site_page(site)).text
    assert f'action="{settings_url(site)}"' not in page
    assert f"<code>{NEWS_ORIGIN}</code>" in page
    assert "90 days" in page
    assert "The site's admins change these." in page

    before = Site.objects.values().get(pk=site.pk)
    response = client.post(settings_url(site), SETTINGS)
    assert response.status_code == 403
    assert Site.objects.values().get(pk=site.pk) == before


def test_another_sites_settings_are_a_404(admin_client, other_site):
    before = Site.objects.values().get(pk=other_site.pk)
    assert admin_client.post(settings_url(other_site), SETTINGS).status_code == 404
    assert Site.objects.values().get(pk=other_site.pk) == before


def test_the_site_page_says_where_the_public_corrections_are(admin_client, site):
    page = admin_client.get(site_page(site)).text
    base = "http://testserver"
    for url in (
        f"{base}/s/{site.key}/corrections/",
        f"{base}/s/{site.key}/corrections/feed.atom",
        f"{base}/api/v1/sites/{site.key}/corrections",
    ):
        assert f'<a href="{url}">' in page
    assert f"{base}/s/{site.key}/articles/corrections.html?url=<var>CANONICAL_URL</var>" in page
    assert f"{base}/api/v1/sites/{site.key}/articles/corrections?url=<var>" in page
    # Off by default: the embed code has no data-corrections.
    assert "data-corrections&gt;" not in page


@pytest.mark.parametrize(
    "name", ["Daily\nExample", "Daily\r\nBcc: all@example.org", "A\tB", "A\u2028B"]
)
def test_a_site_name_is_one_line(admin_client, site, name):
    response = admin_client.post(settings_url(site), {**SETTINGS, "name": name})
    assert response.status_code == 200
    assert "A site name is one line: no line breaks, tabs or other control characters." in (
        response.content.decode()
    )
    site.refresh_from_db()
    assert site.name == "Example News"
