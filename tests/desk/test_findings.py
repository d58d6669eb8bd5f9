"""The issue page's "Automatic checks" section: open findings with their context,
dismissing one, gone ones collapsed, and no way into another site's findings."""

import pytest

from corrigenda.reports import services
from corrigenda.reports.models import Finding, Revision, StyleRule
from tests.factories import make_editor, revision_and_created, submit_report

pytestmark = pytest.mark.django_db

TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros.\n"
    "Residents recieved a letter about the new timetable."
)


@pytest.fixture
def issue(site):
    report = submit_report(site, "4 million euros", text=TEXT)
    services.check_revision(report.revision)
    return report.issue


def revise(article, text: str) -> Revision:
    revision, _ = revision_and_created(services.record_revision(article, text, Revision.Source.API))
    services.check_revision(revision)
    return revision


def issue_page(client, issue):
    response = client.get(f"/desk/issues/{issue.pk}/")
    assert response.status_code == 200
    return response.text


def section(page: str) -> str:
    start = page.index('id="findings"')
    return page[start : page.index("</section>", start)]


def open_part(page: str) -> str:
    findings = section(page)
    return findings.split("<details", 1)[0]


def test_the_issue_page_lists_the_articles_open_findings(editor_client, issue):
    findings = section(issue_page(editor_client, issue))
    assert "Automatic checks on this article" in findings
    assert '<mark class="flagged">the the</mark> repairs.' in findings
    assert "“the” twice in a row: one is likely a slip." in findings
    assert '<mark class="flagged">recieved</mark>' in findings
    assert findings.count('data-action="dismiss-finding"') == 2


def test_dismissing_a_finding_hides_it_from_the_open_list(editor_client, editor, issue):
    finding = Finding.objects.get(article=issue.article, rule="repeated-word")
    page_url = f"/desk/issues/{issue.pk}/"
    response = editor_client.post(
        f"/desk/findings/{finding.pk}/dismiss", {"next": page_url + "#findings"}
    )
    assert response.status_code == 302
    assert response.url == page_url + "#findings"
    finding.refresh_from_db()
    assert finding.state == Finding.State.DISMISSED

    page = issue_page(editor_client, issue)
    assert "the the" not in open_part(page)
    assert "1 dismissed" in section(page)
    assert "stays dismissed" in page


def test_a_dismissed_finding_stays_off_the_list_after_an_edit(editor_client, issue):
    finding = Finding.objects.get(article=issue.article, rule="repeated-word")
    editor_client.post(f"/desk/findings/{finding.pk}/dismiss")
    revise(issue.article, "Updated at noon.\n" + TEXT)
    page = issue_page(editor_client, issue)
    assert "the the" not in open_part(page)
    assert "recieved" in open_part(page)


def test_a_fixed_finding_shows_collapsed_as_gone(editor_client, issue):
    revise(issue.article, TEXT.replace("recieved", "received"))
    page = issue_page(editor_client, issue)
    assert "recieved" not in open_part(page)
    assert '<details class="findings-gone">' in section(page)
    assert "1 fixed in a later revision" in section(page)
    assert "<q>recieved</q>" in section(page)


def test_dismissing_without_a_safe_next_goes_to_the_article_page(editor_client, issue):
    finding = Finding.objects.filter(article=issue.article).first()
    response = editor_client.post(
        f"/desk/findings/{finding.pk}/dismiss", {"next": "https://evil.example.com/"}
    )
    assert response.url == f"/desk/articles/{issue.article_id}/#findings"


def test_an_editor_of_another_site_cannot_dismiss(client, issue, other_site):
    client.force_login(make_editor("olga", other_site))
    finding = Finding.objects.filter(article=issue.article).first()
    assert client.post(f"/desk/findings/{finding.pk}/dismiss").status_code == 404
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN


def test_dismiss_takes_only_post(editor_client, issue):
    finding = Finding.objects.filter(article=issue.article).first()
    assert editor_client.get(f"/desk/findings/{finding.pk}/dismiss").status_code == 405


def test_flagged_text_and_messages_are_escaped(editor_client, site):
    StyleRule.objects.create(
        site=site, pattern="<b>", replacement="<script>x()</script>", explanation="<i>Why</i>"
    )
    hostile = "Click <b> here </b> now.\nMore text here."
    report = submit_report(site, "now.", text=hostile)
    services.check_revision(report.revision)
    finding = Finding.objects.get(article=report.article, rule="style")
    assert (finding.text, finding.suggestion) == ("<b>", "<script>x()</script>")
    findings = section(issue_page(editor_client, report.issue))
    assert "<script>" not in findings
    assert "<b>" not in findings
    assert "<i>" not in findings
    assert "&lt;i&gt;Why&lt;/i&gt;" in findings
    assert '<mark class="flagged">&lt;b&gt;</mark> here &lt;/b&gt; now.' in findings
    assert "&lt;script&gt;x()&lt;/script&gt;" in findings
