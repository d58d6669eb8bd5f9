"""Automatic findings beside reader reports: a tab of flagged articles (worst first),
the article page with its findings and open issues, and a finding count in queue rows."""

import re

import pytest
from django.urls import reverse

from corrigenda.checks import StyleRule
from corrigenda.reports import services
from corrigenda.reports.models import Finding
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db

CLEAN = "The bridge reopens on Monday.\nThe works cost 4 million euros."
ONE_WARNING = "The bridge reopens on Monday after the the repairs.\nThe works cost 4 million euros."
ERROR_AND_WARNING = (
    "Officials in Kiev said the bridge reopens.\nThe works cost cost 4 million euros."
)


def publish(site, slug: str, text: str, title: str = ""):
    revision = services.receive_article_revision(
        site, canonical_url=f"https://news.example.org/{slug}", title=title or slug, text=text
    ).revision
    services.check_revision(revision)
    return revision.article


def findings_page(client, **query):
    response = client.get(reverse("desk:findings"), query)
    assert response.status_code == 200
    return response.text


def listed_articles(page: str) -> list[str]:
    return re.findall(r'data-article-id="(\d+)"', page)


@pytest.fixture
def kiev_rule(site):
    services.create_style_rule(site, StyleRule("Kiev", "Kyiv", severity="error"), by=None)


def test_flagged_articles_are_listed_worst_first(editor_client, site, kiev_rule):
    publish(site, "clean", CLEAN)
    warning = publish(site, "warning", ONE_WARNING)
    error = publish(site, "error", ERROR_AND_WARNING)

    page = findings_page(editor_client)
    assert listed_articles(page) == [str(error.pk), str(warning.pk)]
    assert "2 findings" in page
    assert "1 error" in page
    assert reverse("desk:article", args=[error.pk]) in page


def test_dismissed_and_gone_findings_do_not_count(editor_client, site, editor):
    article = publish(site, "warning", ONE_WARNING)
    assert listed_articles(findings_page(editor_client)) == [str(article.pk)]

    services.dismiss_finding(Finding.objects.get(article=article), by=editor)
    assert listed_articles(findings_page(editor_client)) == []
    assert "No article has open findings." in findings_page(editor_client)

    other = publish(site, "other", ONE_WARNING.replace("Monday", "Tuesday"))
    assert listed_articles(findings_page(editor_client)) == [str(other.pk)]
    publish(site, "other", CLEAN)  # the fixed text: its finding is gone
    assert listed_articles(findings_page(editor_client)) == []


def test_the_list_filters_by_site(editor_client, site, other_site):
    make_editor("eddie2", other_site)
    mine = publish(site, "mine", ONE_WARNING)
    assert listed_articles(findings_page(editor_client, site=site.key)) == [str(mine.pk)]
    assert listed_articles(findings_page(editor_client, site=other_site.key)) == []


def test_the_article_page_shows_findings_and_open_issues(editor_client, site, kiev_rule):
    report = submit_report(site, "4 million euros", text=ERROR_AND_WARNING, title="<i>Bridge</i>")
    services.check_revision(report.revision)
    article = report.article

    response = editor_client.get(reverse("desk:article", args=[article.pk]))
    assert response.status_code == 200
    page = response.text
    assert "&lt;i&gt;Bridge&lt;/i&gt;" in page
    assert "<i>Bridge</i>" not in page
    assert '<mark class="flagged">Kiev</mark>' in page
    assert '<mark class="flagged">cost cost</mark>' in page
    assert f'data-issue-id="{report.issue_id}"' in page
    # Dismissing from the article page comes back to it.
    finding = Finding.objects.get(article=article, rule="style")
    assert f'value="{reverse("desk:article", args=[article.pk])}#findings"' in page
    editor_client.post(
        reverse("desk:finding-dismiss", args=[finding.pk]),
        {"next": reverse("desk:article", args=[article.pk])},
    )
    finding.refresh_from_db()
    assert finding.state == Finding.State.DISMISSED


def test_queue_rows_count_the_articles_open_findings(editor_client, site, kiev_rule):
    flagged = submit_report(site, "4 million euros", text=ERROR_AND_WARNING)
    services.check_revision(flagged.revision)
    clean = submit_report(site, "4 million euros", text=CLEAN, url="https://news.example.org/c")
    services.check_revision(clean.revision)

    page = editor_client.get(reverse("desk:queue")).text
    rows = dict(
        (issue_id, row)
        for issue_id, row in (
            (part.split('"', 1)[0], part) for part in page.split('data-issue-id="')[1:]
        )
    )
    assert "2 findings" in rows[str(flagged.issue_id)]
    assert reverse("desk:article", args=[flagged.article_id]) in rows[str(flagged.issue_id)]
    assert "finding" not in rows[str(clean.issue_id)].split("</li>")[0]
    # The tab names how many articles wait in "Automatic findings".
    assert 'Automatic findings <span class="badge">1 article</span>' in page
