"""Reporters' emails are forgotten after the site's retention period; the reports stay."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from corrigenda.readers.models import ReaderAddress
from corrigenda.readers.tasks import forget_expired_emails
from corrigenda.reports.models import Event, Report
from tests.factories import submit_report

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def day_one():
    return timezone.now().replace(microsecond=0)


def report_on(day, site, email, **fields):
    with time_machine.travel(day, tick=False):
        report = submit_report(site, email=email, **fields)
        ReaderAddress.objects.get_or_create(site=site, email=email)
    return report


def forget_on(day):
    with time_machine.travel(day, tick=False):
        return forget_expired_emails.call()


def test_the_email_is_gone_after_the_retention_period_and_the_report_stays(site, day_one):
    assert site.retention_days == 90
    old = report_on(day_one, site, "old@example.org", comment="It says the the.")

    assert forget_on(day_one + 90 * DAY - timedelta(seconds=1)) == {"reports": 0, "addresses": 0}
    assert Report.objects.get(pk=old.pk).email == "old@example.org"

    assert forget_on(day_one + 90 * DAY + timedelta(seconds=1)) == {"reports": 1, "addresses": 1}
    kept = Report.objects.get(pk=old.pk)
    assert kept.email == ""
    assert kept.comment == "It says the the."
    assert kept.issue_id == old.issue_id
    assert not ReaderAddress.objects.exists()
    event = Event.objects.get(action="reader.emails_forgotten")
    assert event.detail == {"reports": 1, "addresses": 1, "retention_days": 90}

    # Nothing left to forget: the next run changes nothing and records nothing.
    assert forget_on(day_one + 91 * DAY) == {"reports": 0, "addresses": 0}
    assert Event.objects.filter(action="reader.emails_forgotten").count() == 1


def test_an_address_stays_while_a_newer_report_carries_it(site, day_one):
    old = report_on(day_one, site, "reader@example.org")
    new = report_on(day_one + 60 * DAY, site, "reader@example.org", exact="4 million")

    forget_on(day_one + 91 * DAY)

    assert Report.objects.get(pk=old.pk).email == ""
    assert Report.objects.get(pk=new.pk).email == "reader@example.org"
    assert ReaderAddress.objects.filter(email="reader@example.org").exists()

    forget_on(day_one + 151 * DAY)
    assert Report.objects.get(pk=new.pk).email == ""
    assert not ReaderAddress.objects.exists()


def test_each_site_keeps_addresses_for_its_own_period(site, other_site, day_one):
    other_site.retention_days = 30
    other_site.save()
    ours = report_on(day_one, site, "reader@example.org")
    theirs = report_on(day_one, other_site, "reader@example.org")

    forget_on(day_one + 31 * DAY)

    assert Report.objects.get(pk=ours.pk).email == "reader@example.org"
    assert Report.objects.get(pk=theirs.pk).email == ""
    assert list(ReaderAddress.objects.values_list("site", flat=True)) == [site.pk]
