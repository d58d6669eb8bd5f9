"""The daily digest: once a day per editor and site, however often the task runs."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks.base import Task

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.notify import services, tasks
from corrigenda.notify.models import NotificationPreference
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.factories import run_worker, submit_report

from .conftest import PUBLIC_URL, editor_with_email, html_part, text_part

pytestmark = pytest.mark.django_db(transaction=True)

DAILY = NotificationPreference.Mode.DAILY


def at(day: int, hour: int, minute: int = 0):
    return time_machine.travel(datetime(2026, 3, day, hour, minute, tzinfo=UTC), tick=False)


def test_the_digest_is_sent_once_a_day_with_what_is_new(site, inbox):
    both = editor_with_email("both", site)
    typos = editor_with_email("typos", site)
    services.set_preference(both, site, mode=DAILY, kinds=["factual", "typo"])
    services.set_preference(typos, site, mode=DAILY, kinds=["typo"])
    with at(2, 10):
        typo = submit_report(site, "the the", kind="typo", comment="Doubled").issue
        fact = submit_report(site, "4 million euros", kind="factual").issue

    with at(3, 1):
        tasks.send_daily_digests.enqueue()
        run_worker()
    with at(3, 2):  # the next hourly run
        tasks.send_daily_digests.enqueue()
        run_worker()
    assert sorted(m["To"] for m in inbox.messages) == [
        "both@news.example.org",
        "typos@news.example.org",
    ]
    [to_both] = inbox.to("both@news.example.org")
    assert to_both["Subject"] == f"[{site.name}] Daily digest: 2 new issues"
    for part in (text_part(to_both), html_part(to_both)):
        assert f"{PUBLIC_URL}/desk/issues/{typo.pk}/" in part
        assert f"{PUBLIC_URL}/desk/issues/{fact.pk}/" in part
        assert "Doubled" in part
    [to_typos] = inbox.to("typos@news.example.org")
    assert to_typos["Subject"] == f"[{site.name}] Daily digest: 1 new issue"
    assert f"/desk/issues/{fact.pk}/" not in text_part(to_typos)

    with at(3, 9):
        later = submit_report(site, "4 million euros", kind="factual", text="Now 4 million euros.")
    with at(3, 23):
        assert services.send_daily_digests() == 0
    with at(4, 0, 30):
        # Only the editor who wants factual errors has news; the other is not written to.
        assert services.send_daily_digests() == 1
        run_worker()
    [second] = inbox.to("both@news.example.org")[1:]
    assert f"/desk/issues/{later.issue_id}/" in text_part(second)
    assert f"/desk/issues/{typo.pk}/" not in text_part(second)
    assert len(inbox.to("typos@news.example.org")) == 1


def test_editors_on_each_issue_or_no_emails_get_no_digest(site, inbox):
    each = editor_with_email("each", site)
    services.set_preference(each, site, mode=NotificationPreference.Mode.EACH, kinds=["typo"])
    with at(2, 10):
        submit_report(site, "the the")
    with at(3, 1):
        assert services.send_daily_digests() == 0


def test_the_digest_lists_published_corrections_with_their_notes_escaped(site, inbox):
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=DAILY, kinds=["typo"])
    note = "<script>alert('note')</script> We misspelled <b onclick=x>it</b>."
    with at(1, 12):
        issue = submit_report(site, "the the").issue
    with at(2, 12):
        change_status(issue, Issue.Status.ACCEPTED, by=ed)
        correction = draft_correction([issue], Wording(kind="correction", note=note), by=ed)
        publish_correction(correction, by=ed)
    with at(3, 1):
        assert services.send_daily_digests() == 1
        run_worker()
    [message] = inbox.messages
    assert message["Subject"] == f"[{site.name}] Daily digest: 0 new issues, 1 correction"
    html = html_part(message)
    assert "<script>" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(&#x27;note&#x27;)&lt;/script&gt;" in html
    assert "&lt;b onclick=x&gt;it&lt;/b&gt;" in html
    assert note in text_part(message)


def test_spam_is_left_out_of_the_digest(site, inbox):
    ed = editor_with_email("ed", site)
    services.set_preference(ed, site, mode=DAILY, kinds=["typo"])
    with at(2, 10):
        issue = submit_report(site, "the the").issue
        change_status(issue, Issue.Status.SPAM, by=ed)
    with at(3, 1):
        assert services.send_daily_digests() == 0


def test_the_worker_runs_the_digest_every_hour():
    assert ("corrigenda.notify.tasks.send_daily_digests", 3600) in settings.PERIODIC_TASKS
    assert isinstance(import_string("corrigenda.notify.tasks.send_daily_digests"), Task)
