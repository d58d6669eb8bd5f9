"""Counts read right in one and many ("1 article", "2 articles"), and ages read as people
say them."""

import pytest
from django.urls import reverse

from corrigenda.reports import services
from tests.factories import submit_report

pytestmark = pytest.mark.django_db

ONE_WARNING = "The bridge reopens on Monday after the the repairs.\nThe works cost 4 million."


def publish(site, slug: str):
    revision = services.receive_article_revision(
        site, canonical_url=f"https://news.example.org/{slug}", title=slug, text=ONE_WARNING
    ).revision
    services.check_revision(revision)


def test_one_flagged_article_is_one_article(editor_client, site):
    publish(site, "first")
    page = editor_client.get(reverse("desk:findings")).text
    assert "(1 article)" in page and "1 articles" not in page
    publish(site, "second")
    assert "(2 articles)" in editor_client.get(reverse("desk:findings")).text


def test_one_issue_one_reader_one_day(editor_client, site, admin):
    submit_report(site)
    queue = editor_client.get("/desk/").text
    assert "(1 issue)" in queue and "1 reader<" in queue
    assert "0 minutes" not in queue and "just now" in queue
    site.retention_days = 1
    site.save()
    assert "<dd>1 day</dd>" in editor_client.get(f"/desk/sites/{site.key}/").text


def test_the_site_name_field_is_wide_enough_for_the_name(client, site, admin):
    client.force_login(admin)
    page = client.get(f"/desk/sites/{site.key}/").text
    assert 'name="name" value="Example News" size="40"' in page
