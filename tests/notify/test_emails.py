"""Editors' emails, through a real SMTP server, read back as a mail program would."""

from html.parser import HTMLParser

import pytest

from corrigenda.notify import services
from corrigenda.notify.models import Delivery, NotificationPreference
from corrigenda.reports.models import Membership
from tests.conftest import NEWS_ORIGIN
from tests.factories import make_editor, run_worker, submit_report

from .conftest import PUBLIC_URL, editor_with_email, html_part, text_part

pytestmark = pytest.mark.django_db(transaction=True)

EACH = NotificationPreference.Mode.EACH
ALL_KINDS = ["clarification", "factual", "other", "typo"]


def test_an_editor_who_wants_each_issue_gets_an_email_with_links(site, inbox):
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=EACH, kinds=ALL_KINDS)
    report = submit_report(site, "the the", suggestion="the", comment="Doubled word")
    run_worker()

    [message] = inbox.to("ed@news.example.org")
    assert message["From"] == "desk@news.example.org"
    assert message["Subject"] == f"[{site.name}] Typo: “the the”"
    text, html = text_part(message), html_part(message)
    issue_url = f"{PUBLIC_URL}/desk/issues/{report.issue_id}/"
    for part in (text, html):
        assert issue_url in part
        assert "the the" in part
        assert "Doubled word" in part
        assert f"{PUBLIC_URL}/desk/notifications/sites/{site.key}/" in part
    assert f'href="{issue_url}"' in html
    assert f'href="{report.article.canonical_url}"' in html
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_more_reports_on_the_same_issue_send_no_more_email(site, inbox):
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=EACH, kinds=ALL_KINDS)
    submit_report(site, "the the")
    submit_report(site, "the the")
    run_worker()
    assert len(inbox.messages) == 1


def test_preferences_are_per_site_and_per_kind(site, other_site, inbox):
    typos = editor_with_email("typos", site)
    facts = editor_with_email("facts", site)
    daily = editor_with_email("daily", site)
    quiet = editor_with_email("quiet", site)
    elsewhere = editor_with_email("elsewhere", other_site)
    services.set_preference(typos, site, mode=EACH, kinds=["typo"])
    services.set_preference(facts, site, mode=EACH, kinds=["factual"])
    services.set_preference(daily, site, mode=NotificationPreference.Mode.DAILY, kinds=ALL_KINDS)
    services.set_preference(quiet, site, mode=NotificationPreference.Mode.NONE, kinds=ALL_KINDS)
    services.set_preference(elsewhere, other_site, mode=EACH, kinds=ALL_KINDS)
    # A preference outlives a membership, but a former editor hears nothing.
    former = editor_with_email("former", site)
    services.set_preference(former, site, mode=EACH, kinds=ALL_KINDS)
    Membership.objects.filter(user=former).delete()

    submit_report(site, "the the", kind="typo")
    run_worker()
    assert [m["To"] for m in inbox.messages] == ["typos@news.example.org"]

    submit_report(site, "4 million euros", kind="factual")
    run_worker()
    assert [m["To"] for m in inbox.messages[1:]] == ["facts@news.example.org"]


def test_an_editor_without_an_address_is_skipped(site, inbox):
    nobody = make_editor("noaddress", site)
    services.set_preference(nobody, site, mode=EACH, kinds=ALL_KINDS)
    submit_report(site, "the the")
    run_worker()
    assert inbox.messages == []


class _Elements(HTMLParser):
    """Every element and attribute a mail program would build from the HTML part."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


HOSTILE_TEXT = "Officials said <script>alert('passage')</script> the bridge was safe."


def test_hostile_reader_text_is_escaped_in_the_email(site, inbox):
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=EACH, kinds=ALL_KINDS)
    submit_report(
        site,
        "<script>alert('passage')</script>",
        text=HOSTILE_TEXT,
        url="https://news.example.org/a?\"><script>alert('url')</script>",
        title="<img src=x onerror=\"alert('title')\">",
        suggestion="<a href=\"javascript:alert('suggestion')\">fix</a>",
        comment="<svg onload=alert('comment')></svg>\nSecond line",
    )
    run_worker()

    [message] = inbox.messages
    html = html_part(message)
    elements = _Elements()
    elements.feed(html)
    assert not {"script", "img", "svg"} & set(elements.tags)
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    hrefs = [value for name, value in elements.attributes if name == "href"]
    # Links go to the desk, and to the article's page on the site's own origin (a URL off
    # the site's origins is refused when the report arrives).
    assert hrefs and all(href.startswith((PUBLIC_URL, NEWS_ORIGIN + "/")) for href in hrefs)
    assert "&lt;script&gt;alert(&#x27;passage&#x27;)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(&#x27;comment&#x27;)&gt;&lt;/svg&gt;<br>Second line" in html
    assert "&lt;a href=&quot;javascript:alert(&#x27;suggestion&#x27;)&quot;&gt;" in html
    # The plain text part shows the words as written: it is never read as HTML.
    assert "<script>alert('passage')</script>" in text_part(message)
    # A reader's line break never reaches the headers.
    assert "\n" not in message["Subject"]


def test_a_site_name_stored_with_line_breaks_still_gets_editors_emails_out(site, inbox):
    site.name = "Daily\r\nExample\x07 News"
    site.save(update_fields=["name"])
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=EACH, kinds=ALL_KINDS)
    submit_report(site, "the the")
    run_worker()
    [message] = inbox.to("ed@news.example.org")
    assert message["Subject"] == "[Daily Example News] Typo: “the the”"
