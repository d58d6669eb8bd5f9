"""The desk speaks its editor's language; public pages, readers' pages and emails speak
their site's, whatever the reader's browser asks for; dates read as each language writes them."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from corrigenda.notify import emails as desk_emails
from corrigenda.notify.models import NotificationPreference
from corrigenda.notify.services import fan_out_issue_opened, set_preference
from corrigenda.readers.services import ask_to_confirm
from corrigenda.reports.services import update_site_settings
from tests.factories import make_editor, note, submit_report
from tests.mail import html_part, text_part

pytestmark = pytest.mark.django_db

SECOND_OF_DECEMBER = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)


def set_language(site, language, *, by=None):
    update_site_settings(
        site,
        name=site.name,
        allowed_origins=site.allowed_origins,
        article_selector=site.article_selector,
        language=language,
        retention_days=site.retention_days,
        show_corrections_in_widget=site.show_corrections_in_widget,
        by=by,
    )
    site.refresh_from_db()


def test_the_desk_is_english_by_default(editor_client):
    page = editor_client.get("/desk/")
    assert '<html lang="en">' in page.text
    assert ">Queue</a>" in page.text


def test_the_desk_follows_the_browser_until_the_editor_picks_a_language(editor_client):
    page = editor_client.get("/desk/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="de">' in page.text
    assert ">Eingang</a>" in page.text
    assert "Accept-Language" in page.headers["Vary"]


def test_an_editor_who_picks_ukrainian_gets_the_desk_in_ukrainian(editor_client, editor, site):
    saved = editor_client.post("/desk/settings/", {"language": "uk"}, follow=True)
    assert "Ваші налаштування збережено." in saved.text

    # Whatever the browser says, on every desk page.
    english_browser = {"Accept-Language": "en-GB,en;q=0.9"}
    queue = editor_client.get("/desk/", headers=english_browser)
    assert '<html lang="uk">' in queue.text
    assert ">Черга</a>" in queue.text
    assert ">Вийти</button>" in queue.text
    site_page = editor_client.get(f"/desk/sites/{site.key}/", headers=english_browser)
    assert "Вбудувати віджет" in site_page.text
    assert "Embed the widget" not in site_page.text

    # Kept with the account: a log-in from another browser speaks Ukrainian too.
    elsewhere = Client()
    elsewhere.post("/desk/login/", {"username": "eddie", "password": "pw-eddie"})
    assert ">Черга</a>" in elsewhere.get("/desk/", headers=english_browser).text


def test_going_back_to_the_browsers_language(editor_client):
    editor_client.post("/desk/settings/", {"language": "fr"})
    assert ">File</a>" in editor_client.get("/desk/").text
    back = editor_client.post("/desk/settings/", {"language": ""}, follow=True)
    assert "Your settings are saved." in back.text
    page = editor_client.get("/desk/", headers={"Accept-Language": "ru"})
    assert ">Очередь</a>" in page.text


def test_a_language_the_desk_does_not_speak_is_refused(editor_client):
    response = editor_client.post("/desk/settings/", {"language": "pt"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert '<html lang="en">' in editor_client.get("/desk/").text


def test_a_new_editor_logging_in_is_not_given_the_last_editors_language(client, editor, site):
    client.force_login(editor)
    client.post("/desk/settings/", {"language": "de"})
    client.post("/desk/logout/")
    make_editor("nina", site)
    client.post("/desk/login/", {"username": "nina", "password": "pw-nina"})
    assert ">Queue</a>" in client.get("/desk/").text


@pytest.mark.parametrize(
    ("language", "corrected_on"),
    [
        ("en-GB", 'Corrected on <time datetime="2026-12-02">2 December 2026</time>'),
        ("en", 'Corrected on <time datetime="2026-12-02">2 December 2026</time>'),
        ("uk", 'Виправлено <time datetime="2026-12-02">2 грудня 2026 р.</time>'),
        ("ru", 'Исправлено <time datetime="2026-12-02">2 декабря 2026 г.</time>'),
        ("de", 'Korrigiert am <time datetime="2026-12-02">2. Dezember 2026</time>'),
        ("fr", 'Corrigé le <time datetime="2026-12-02">2 décembre 2026</time>'),
        # A language the desk does not speak: English, not the reader's.
        ("pt-BR", 'Corrected on <time datetime="2026-12-02">2 December 2026</time>'),
    ],
)
def test_a_public_note_reads_in_its_sites_language_whatever_the_browser_says(
    client, site, editor, language, corrected_on
):
    set_language(site, language)
    correction = note(site, editor, published_at=SECOND_OF_DECEMBER)
    url = correction.article.canonical_url
    for browser in ("uk,ru;q=0.8", "de", "fr-FR", "en-US", ""):
        headers = {"Accept-Language": browser} if browser else {}
        fragment = client.get(
            f"/s/{site.key}/articles/corrections.html", {"url": url}, headers=headers
        )
        assert corrected_on in fragment.text
        log = client.get(f"/s/{site.key}/corrections/", headers=headers)
        assert corrected_on in log.text
        widget = client.get(
            f"/api/v1/sites/{site.key}/articles/corrections", {"url": url}, headers=headers
        )
        assert corrected_on in widget.json()["html"]
        feed = client.get(f"/s/{site.key}/corrections/feed.atom", headers=headers)
        assert corrected_on.replace("<", "&lt;").replace(">", "&gt;") in feed.text


def test_a_public_page_says_its_language_and_does_not_vary_by_the_browsers(client, site, editor):
    set_language(site, "uk")
    note(site, editor, published_at=SECOND_OF_DECEMBER)
    log = client.get(f"/s/{site.key}/corrections/", headers={"Accept-Language": "de"})
    assert log.headers["Content-Language"] == "uk"
    assert "Accept-Language" not in log.headers.get("Vary", "")
    assert '<html lang="uk">' in log.text
    assert "Виправлення · Example News" in log.text
    assert "Грудень 2026" in log.text  # the month list


def test_the_desks_preview_of_a_note_is_in_the_sites_language(editor_client, site, editor):
    set_language(site, "de")
    correction = note(site, editor, published_at=SECOND_OF_DECEMBER)
    page = editor_client.get(f"/desk/corrections/{correction.pk}/")
    assert "Korrigiert am" in page.text  # the note, as German readers see it
    assert "What readers see" in page.text  # the desk around it, in the editor's English


def test_the_no_javascript_form_speaks_the_sites_language(client, site):
    set_language(site, "fr")
    page = client.get(f"/s/{site.key}/suggest", headers={"Accept-Language": "en"})
    assert "Suggérer une correction" in page.text
    assert "Qu’est-ce qui est faux\u00a0?" in page.text
    refused = client.post(f"/s/{site.key}/suggest", {"url": "https://elsewhere.example/a"})
    assert "n’est pas l’adresse d’une page de Example News" in refused.text


def test_a_readers_email_is_in_the_sites_language(site, inbox):
    set_language(site, "uk")
    report = submit_report(site, email="reader@example.org")
    assert ask_to_confirm(report)
    [message] = inbox.messages
    # Non-ASCII subjects are RFC 2047 encoded words; the parsed header keeps a leading space.
    assert message["Subject"].strip() == "Підтвердьте свою адресу для Example News"
    assert "Підтвердьте, будь ласка, що це ваша адреса" in text_part(message)
    assert '<html lang="uk">' in html_part(message)


def test_editors_emails_speak_each_editors_language(site, editor, admin, editor_client):
    set_language(site, "fr")
    for user in (editor, admin):
        user.email = f"{user.username}@example.org"
        user.save()
        set_preference(user, site, mode=NotificationPreference.Mode.EACH, kinds=["typo"])
    editor_client.post("/desk/settings/", {"language": "de"})
    issue = submit_report(site, kind="typo").issue

    emails = {d.target: d.payload for d in fan_out_issue_opened(issue) if d.kind == "email"}
    assert emails["eddie@example.org"]["subject"].startswith("[Example News] Tippfehler:")
    # No language picked: the site's.
    assert emails["ada@example.org"]["subject"].startswith("[Example News] Faute de frappe")
    digest = desk_emails.daily_digest(site, [issue], [], SECOND_OF_DECEMBER, "uk")
    assert "Щоденний огляд: 1 нова проблема" in digest["subject"]
