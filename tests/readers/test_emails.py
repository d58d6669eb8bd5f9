"""Readers who left an email: confirm first, then one email when a correction is published."""

from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corrigenda.readers import services
from corrigenda.readers.links import unsubscribe_link
from corrigenda.readers.models import CorrectionNotice, ReaderAddress
from corrigenda.reports.models import Event
from tests.factories import submit_report
from tests.mail import SENDER

from .conftest import PUBLIC_URL, html_part, link_path, publish, text_part

pytestmark = pytest.mark.django_db

HOSTILE_NOTE = (
    "We wrote <script>alert('note')</script> the the; "
    '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)" onclick="steal()">see</a>'
)
HOSTILE_SUGGESTION = "<script>alert('suggestion')</script><b onmouseover=alert(3)>the</b>"


class ActiveMarkup(HTMLParser):
    """What in an HTML email could run: script elements, on* attributes, javascript: links."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.found.append("<script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            if name == "href":
                self.links.append(value)
                if value.strip().lower().startswith("javascript:"):
                    self.found.append(value)


def report_with_email(site, email, *, capture, **fields):
    with capture(execute=True):
        return submit_report(site, email=email, **fields)


def confirm_by_link(client, message):
    path = link_path(message, "confirm")
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my email address" in page.text
    return client.post(path)


@pytest.fixture
def reader(site, inbox, immediate_tasks, client, django_capture_on_commit_callbacks):
    """A reader who reported the typo with their email and confirmed it."""
    report = report_with_email(
        site, "reader@example.org", capture=django_capture_on_commit_callbacks
    )
    confirm_by_link(client, inbox.messages[-1])
    inbox.messages.clear()
    return report


def test_a_reader_who_leaves_an_email_gets_a_link_that_confirms_it(
    site, inbox, immediate_tasks, client, django_capture_on_commit_callbacks
):
    report = report_with_email(
        site,
        "Reader@Example.org",
        suggestion=HOSTILE_SUGGESTION,
        capture=django_capture_on_commit_callbacks,
        title="<script>alert('title')</script>Bridge reopens",
    )

    [message] = inbox.messages
    assert message["To"] == "reader@example.org"
    assert message["From"] == SENDER
    assert "Confirm your email" in message["Subject"]
    # Nothing the reader wrote, so nobody can send their words from the newsroom's address.
    assert "the the" not in text_part(message)
    assert "suggestion" not in text_part(message)
    unsubscribe = PUBLIC_URL + link_path(message, "unsubscribe")
    # Folded onto its own line, as a long header should be.
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = html_part(message)
    assert ActiveMarkup(html).found == []
    assert "alert(&#x27;suggestion&#x27;)" not in html
    # The article's title, as its CMS pushed it, escaped.
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html

    address = ReaderAddress.objects.get(site=site)
    assert address.confirmed_at is None  # the email alone confirms nothing
    assert client.get(link_path(message, "confirm")).status_code == 200
    address.refresh_from_db()
    assert address.confirmed_at is None  # nor does opening the link, as mail scanners do

    page = client.post(link_path(message, "confirm"))
    assert page.status_code == 200
    assert "Your email address is confirmed" in page.text
    address.refresh_from_db()
    assert address.confirmed_at is not None
    assert address.email == "reader@example.org"
    assert report.email == "Reader@Example.org"
    event = Event.objects.get(action="reader.confirmed")
    assert "example.org" not in str(event.detail)


def test_a_report_without_an_email_sends_nothing(
    site, inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    report_with_email(site, "", capture=django_capture_on_commit_callbacks)
    assert inbox.messages == []
    assert not ReaderAddress.objects.exists()


def test_more_reports_with_one_address_ask_for_confirmation_once_a_day(
    site, inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report_with_email(site, "reader@example.org", capture=capture)
    report_with_email(site, "READER@example.org", capture=capture, exact="cost 4 million")
    assert len(inbox.messages) == 1
    # A day later the first request may still be confirmed: none is sent while it may.
    with time_machine.travel(timezone.now() + services.CONFIRMATION_RESEND_AFTER, tick=False):
        report_with_email(site, "reader@example.org", capture=capture, exact="end of the month")
    assert len(inbox.messages) == 1
    with time_machine.travel(timezone.now() + services.CONFIRMATION_PENDING_FOR, tick=False):
        report_with_email(site, "reader@example.org", capture=capture, exact="end of the month")
    assert len(inbox.messages) == 2


def test_a_confirmation_link_that_is_forged_or_expired_does_not_confirm(
    site, inbox, immediate_tasks, client, django_capture_on_commit_callbacks
):
    report_with_email(site, "reader@example.org", capture=django_capture_on_commit_callbacks)
    path = link_path(inbox.messages[0], "confirm")

    assert client.post(path[:-2] + "xx").status_code == 404
    with time_machine.travel(timezone.now() + timezone.timedelta(days=31)):
        expired = client.post(path)
    assert expired.status_code == 404
    assert "expired" in expired.text
    assert ReaderAddress.objects.get().confirmed_at is None


def test_a_published_correction_is_emailed_once_to_confirmed_reporters_only(
    site,
    editor,
    inbox,
    immediate_tasks,
    client,
    reader,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    report_with_email(site, "unconfirmed@example.org", capture=capture)
    quitter = report_with_email(site, "quitter@example.org", capture=capture)
    client.post(link_path(inbox.to("quitter@example.org")[0], "confirm"))
    client.post(link_path(inbox.to("quitter@example.org")[0], "unsubscribe"))
    elsewhere = report_with_email(site, "elsewhere@example.org", capture=capture, exact="4 million")
    client.post(link_path(inbox.to("elsewhere@example.org")[0], "confirm"))
    inbox.messages.clear()
    assert reader.issue_id == quitter.issue_id != elsewhere.issue_id

    with capture(execute=True):
        correction = publish(reader.issue, HOSTILE_NOTE, by=editor)

    [message] = inbox.messages
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == f"{site.name} published a correction"
    text = text_part(message)
    assert HOSTILE_NOTE in text  # plain text shows the note as written
    assert "Read the article: https://news.example.org/2024/bridge-reopens" in text
    html = html_part(message)
    markup = ActiveMarkup(html)
    assert markup.found == []
    assert "&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in html
    assert "onerror=&quot;alert(1)&quot;" in html
    assert "https://news.example.org/2024/bridge-reopens" in markup.links
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # However often it is asked again, the reader is told once.
    assert services.queue_correction_notices(correction) == 0
    address = ReaderAddress.objects.get(email="reader@example.org")
    assert services.tell_of_correction(address, correction) is False
    assert len(inbox.messages) == 1
    assert CorrectionNotice.objects.filter(correction=correction).count() == 1
    event = Event.objects.get(action="reader.told_of_correction")
    assert "example.org" not in str(event.detail)


def test_a_correction_with_a_hostile_article_url_links_nowhere(
    site, editor, inbox, immediate_tasks, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report = report_with_email(
        site,
        "reader@example.org",
        capture=capture,
        url='https://news.example.org/a?"><script>alert(document.cookie)</script>',
    )
    client.post(link_path(inbox.messages[0], "confirm"))
    with capture(execute=True):
        publish(report.issue, "Fixed.", by=editor)
    message = inbox.messages[-1]
    assert ActiveMarkup(html_part(message)).found == []
    assert "javascript:" not in text_part(message)


def test_the_unsubscribe_link_shows_a_button_then_stops_all_email(
    site, editor, inbox, immediate_tasks, client, reader, django_capture_on_commit_callbacks
):
    address = ReaderAddress.objects.get(email="reader@example.org")
    # The link every email to this reader carries (test_..._gets_a_link_that_confirms_it).
    unsubscribe = unsubscribe_link(address).removeprefix(PUBLIC_URL)
    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert '<button type="submit">Unsubscribe</button>' in page.text
    address.refresh_from_db()
    assert address.unsubscribed_at is None

    assert "sends no more email" in client.post(unsubscribe).text
    address.refresh_from_db()
    assert address.unsubscribed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        publish(reader.issue, "Fixed.", by=editor)
    assert inbox.messages == []


def test_one_click_unsubscribe_works_without_a_cookie_or_csrf_token(
    site, editor, inbox, immediate_tasks, reader, django_capture_on_commit_callbacks
):
    second = report_with_email(
        site,
        "reader@example.org",
        capture=django_capture_on_commit_callbacks,
        exact="4 million",
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(second.issue, "The works cost 4.2 million euros.", by=editor)
    [message] = inbox.messages
    header = message["List-Unsubscribe"].strip().strip("<>")
    assert header == PUBLIC_URL + link_path(message, "unsubscribe")

    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        header.removeprefix(PUBLIC_URL),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert ReaderAddress.objects.get(email="reader@example.org").unsubscribed_at is not None


def test_ingest_queues_one_confirmation_only_for_a_report_with_an_email(
    site, django_capture_on_commit_callbacks
):
    # The worker's real queue: what ingest leaves there for the readers' emails.
    def confirmations():
        return DBTaskResult.objects.filter(
            task_path="corrigenda.readers.tasks.send_confirmation"
        ).count()

    capture = django_capture_on_commit_callbacks
    report_with_email(site, "", capture=capture)
    report_with_email(site, "spammer@example.org", capture=capture, is_spam=True)
    assert confirmations() == 0
    report_with_email(site, "reader@example.org", capture=capture, exact="4 million")
    assert confirmations() == 1


def test_a_site_name_stored_with_line_breaks_still_gets_emails_out(
    site, inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    # Saved before site names were held to one line.
    site.name = "Daily\r\nExample\x07 News"
    site.save(update_fields=["name"])
    report_with_email(site, "reader@example.org", capture=django_capture_on_commit_callbacks)
    [message] = inbox.to("reader@example.org")
    assert message["Subject"] == "Confirm your email for Daily Example News"


def test_a_victims_mailbox_gets_one_confirmation_whatever_sites_and_spellings_are_used(
    site, other_site, inbox, immediate_tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    spellings = [
        "victim@gmail.com",
        "Victim+news@gmail.com",
        "v.i.c.t.i.m@gmail.com",
        "VICTIM+x@googlemail.com",
    ]
    for n in range(20):
        target = site if n % 2 else other_site
        report_with_email(
            target,
            spellings[n % len(spellings)],
            capture=capture,
            suggestion="Click https://evil.test/login to claim your prize",
        )
    assert len(inbox.messages) == 1
    [message] = inbox.messages
    assert "evil.test" not in text_part(message) and "evil.test" not in html_part(message)
    assert "prize" not in text_part(message)
