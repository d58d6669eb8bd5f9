"""The site's metrics page and its CSV: figures from issues with known timestamps."""

import csv
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.desk import charts
from corrigenda.desk.metrics import count_days, site_metrics, table_of
from corrigenda.desk.models import DailySiteFigures
from corrigenda.reports.models import Article, Issue
from corrigenda.reports.services import change_status
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & "Politics"'


def metrics_url(site, **query):
    url = f"/desk/sites/{site.key}/metrics"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode())))


def days_ago(days: int, hour: int = 12) -> datetime:
    """Noon (or `hour`) `days` calendar days ago, in the desk's time zone."""
    day = timezone.localdate() - timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def report_at(when: datetime, site, exact="the the", **fields):
    with time_machine.travel(when, tick=False):
        return submit_report(site, exact, **fields)


def move(issue: Issue, status: str, when: datetime, by) -> None:
    with time_machine.travel(when, tick=False):
        change_status(issue, status, by=by)


def article_at(site, path: str, *, section: str = "", author: str = "") -> str:
    url = f"https://news.example.org/{path}"
    Article.objects.get_or_create(
        site=site, canonical_url=url, defaults={"section": section, "author": author}
    )
    return url


def test_reports_per_day_count_each_day_and_leave_out_spam_and_older_reports(site, editor_client):
    report_at(days_ago(0, hour=0), site)
    report_at(days_ago(2), site)
    report_at(days_ago(2), site, "4 million euros")
    report_at(days_ago(2), site, is_spam=True)
    report_at(days_ago(29), site)
    report_at(days_ago(30), site)  # one day before the 30-day period

    daily = {d.day: d.reports for d in site_metrics(site, 30).daily}
    assert len(daily) == 30
    assert daily[timezone.localdate()] == 1
    assert daily[timezone.localdate() - timedelta(days=2)] == 2
    assert daily[timezone.localdate() - timedelta(days=29)] == 1
    assert sum(daily.values()) == 4
    assert daily[timezone.localdate() - timedelta(days=1)] == 0

    rows = csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=daily&days=7"))
    assert rows[0] == ["day", "reports"]
    assert len(rows) == 1 + 7
    assert rows[-1] == [timezone.localdate().isoformat(), "1"]
    assert rows[-3] == [(timezone.localdate() - timedelta(days=2)).isoformat(), "2"]


def test_days_are_the_desks_calendar_days(site, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    kyiv_day = timezone.localdate() - timedelta(days=3)
    # 22:30 UTC the evening before is already that day in Kyiv (UTC+2 or +3).
    evening_before = datetime.combine(kyiv_day - timedelta(days=1), time(22, 30), ZoneInfo("UTC"))
    report_at(evening_before, site)

    daily = {d.day: d.reports for d in site_metrics(site, 7).daily}
    assert daily[kyiv_day] == 1
    assert daily[kyiv_day - timedelta(days=1)] == 0


@pytest.fixture
def triaged_issues(site, editor):
    """Four issues first reported 10 days ago, triaged after 2, 4 and 6 hours (one left
    new), fixed after 10 hours and published without a fix after 30."""
    opened = days_ago(10)
    fixed, rejected, published, untouched = (
        report_at(opened, site, exact).issue
        for exact in ("bridge reopens", "4 million euros", "return to normal", "the the")
    )
    # A later report on the same passage does not move "first reported".
    report_at(opened + timedelta(hours=1), site, "bridge reopens")
    move(fixed, Issue.Status.ACCEPTED, opened + timedelta(hours=2), editor)
    move(fixed, Issue.Status.FIXED, opened + timedelta(hours=10), editor)
    move(rejected, Issue.Status.REJECTED, opened + timedelta(hours=4), editor)
    # A second decision is no triage: only the first move out of "new" counts.
    move(rejected, Issue.Status.SPAM, opened + timedelta(hours=5), editor)
    move(published, Issue.Status.ACCEPTED, opened + timedelta(hours=6), editor)
    move(published, Issue.Status.PUBLISHED, opened + timedelta(hours=30), editor)
    return fixed, rejected, published, untouched


def test_share_accepted_and_median_times_to_triage_and_fix(site, editor_client, triaged_issues):
    triage = site_metrics(site, 30).triage
    assert (triage.opened, triage.triaged, triage.accepted) == (4, 3, 2)
    assert triage.accepted_share == pytest.approx(2 / 3)
    assert triage.to_triage == timedelta(hours=4)
    assert triage.to_fix == timedelta(hours=20)
    assert triage.fixed == 2

    page = editor_client.get(metrics_url(site)).text
    assert "67% (2 of 3 triaged)" in page
    assert '<dd data-figure="to-triage">4 h 0 min</dd>' in page
    assert "20 h 0 min" in page

    summary = dict(csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=summary")))
    assert summary["issues_opened"] == "4"
    assert summary["accepted_share"] == "0.667"
    assert summary["median_hours_to_triage"] == "4.00"
    assert summary["median_hours_to_fix"] == "20.00"
    # Reports of spam issues are spam, so the figure counts four readers, not five.
    assert summary["reports"] == "4"


def test_issues_first_reported_before_the_period_are_left_out(site, triaged_issues):
    assert site_metrics(site, 7).triage.opened == 0
    assert site_metrics(site, 7).triage.to_triage is None


def test_before_any_triage_the_page_says_so(site, editor_client):
    report_at(days_ago(1), site)
    page = editor_client.get(metrics_url(site)).text
    assert "nothing triaged yet" in page
    assert '<dd data-figure="to-fix">–</dd>' in page


def publish_on(site, url: str, exact: str, editor, when: datetime):
    issue = report_at(when, site, exact, url=url).issue
    move(issue, Issue.Status.ACCEPTED, when, editor)
    with time_machine.travel(when + timedelta(hours=1), tick=False):
        correction = draft_correction([issue], Wording("correction", "We got it wrong."), by=editor)
        publish_correction(correction, by=editor)
    return issue


def test_most_corrected_sections_and_authors(site, editor, editor_client):
    politics = article_at(site, "politics/vote", section="Politics", author="Ann Lee")
    hostile = article_at(site, "world/x", section=HOSTILE, author="Bo Chan")
    unsorted = article_at(site, "misc/y")
    publish_on(site, politics, "the the", editor, days_ago(3))
    publish_on(site, politics, "4 million euros", editor, days_ago(2))
    publish_on(site, hostile, "the the", editor, days_ago(2))
    publish_on(site, unsorted, "the the", editor, days_ago(40))  # before the period
    # Accepted, no correction yet.
    move(
        report_at(days_ago(1), site, "the the", url=unsorted).issue, "accepted", days_ago(1), editor
    )

    figures = site_metrics(site, 30)
    assert [(r.name, r.corrections, r.accepted_issues) for r in figures.sections] == [
        ("Politics", 2, 2),
        (HOSTILE, 1, 1),
        ("", 0, 1),
    ]
    assert [(r.name, r.corrections) for r in figures.authors][:2] == [
        ("Ann Lee", 2),
        ("Bo Chan", 1),
    ]

    rows = csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=sections"))
    assert rows[0] == ["section", "corrections_published", "accepted_issues"]
    assert rows[1:] == [["Politics", "2", "2"], [HOSTILE, "1", "1"], ["", "0", "1"]]
    rows = csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=authors&days=90"))
    assert rows[1:] == [["Ann Lee", "2", "2"], ["", "1", "2"], ["Bo Chan", "1", "1"]]


def test_hostile_names_are_escaped_in_the_chart_and_the_table(site, editor, editor_client):
    url = article_at(site, "world/x", section=HOSTILE, author="<img src=x onerror=alert(1)>")
    publish_on(site, url, "the the", editor, days_ago(2))

    page = editor_client.get(metrics_url(site)).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Politics&quot;" in page
    chart = page[page.index('<svg class="chart" id="chart-sections"') :]
    chart = chart[: chart.index("</svg>")]
    assert '<title id="chart-sections-title">Corrections published per section</title>' in chart
    assert "&lt;script&gt;" in chart
    assert chart.count("<rect ") == 1
    # The same figures in a table right below the chart, for screen readers and copying.
    after = page[page.index('id="chart-sections"') :]
    assert after.index("<table") < after.index('id="chart-authors"')
    assert "<summary>Figures as a table</summary>" in after


def test_a_cell_that_a_spreadsheet_would_run_is_quoted(site, editor, editor_client):
    url = article_at(site, "x", section='=HYPERLINK("https://evil.example")', author="-1+2")
    publish_on(site, url, "the the", editor, days_ago(1))
    rows = csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=sections"))
    assert rows[1][0] == '\'=HYPERLINK("https://evil.example")'
    rows = csv_rows(editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=authors"))
    assert rows[1][0] == "'-1+2"


def test_the_daily_chart_has_a_bar_per_day_and_says_what_it_shows(site, editor_client):
    report_at(days_ago(1), site)
    report_at(days_ago(1), site, "4 million euros")
    page = editor_client.get(metrics_url(site, days=7)).text
    chart = page[page.index('<svg class="chart" id="chart-daily"') :]
    chart = chart[: chart.index("</svg>")]
    assert 'role="img" aria-labelledby="chart-daily-title chart-daily-desc"' in chart
    assert chart.count("<rect ") == 7
    assert "2 reports from" in chart
    assert 'aria-current="page">Last 7 days' in page


def svg_of(page: str, chart_id: str) -> str:
    chart = page[page.index(f'<svg class="chart" id="{chart_id}"') :]
    return chart[: chart.index("</svg>")]


def test_a_quiet_period_says_so_instead_of_drawing_empty_charts(site, editor_client):
    page = editor_client.get(metrics_url(site)).text

    assert 'id="chart-sections"' not in page
    assert 'id="chart-authors"' not in page
    assert "No corrections with a section in this period." in page
    assert "No corrections with an author in this period." in page
    # The tables below still say there is nothing, for screen readers and copying.
    assert page.count("None in this period.") == 2
    daily = svg_of(page, "chart-daily")
    assert "No reports in this period." in daily
    # One 0 on the axis: no top line repeating it.
    assert daily.count(">0</text>") == 1
    assert "stroke-dasharray" not in daily


def test_corrections_without_a_section_draw_no_section_chart(site, editor, editor_client):
    url = article_at(site, "misc/y", author="Ann Lee")
    publish_on(site, url, "the the", editor, days_ago(2))

    page = editor_client.get(metrics_url(site)).text

    assert 'id="chart-sections"' not in page
    assert "No corrections with a section in this period." in page
    assert "Ann Lee: 1" in svg_of(page, "chart-authors")
    daily = svg_of(page, "chart-daily")
    assert daily.count(">0</text>") == 1
    assert ">1</text>" in daily


@pytest.mark.parametrize("days", ["", "14", "abc", "-7"])
def test_an_unknown_period_is_the_last_30_days(site, editor_client, days):
    page = editor_client.get(metrics_url(site, days=days))
    assert page.status_code == 200
    assert 'aria-current="page">Last 30 days' in page.text


def test_an_unknown_csv_table_is_a_400(site, editor_client):
    response = editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=<b>")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_the_site_page_links_to_the_metrics(site, editor_client):
    assert f'href="{metrics_url(site)}"' in editor_client.get(f"/desk/sites/{site.key}/").text


def test_metrics_of_another_site_are_a_404(client, site, other_site):
    report_at(days_ago(1), other_site, url="https://gazette.example.com/a", title="Their story")
    client.force_login(make_editor("bob", site))
    assert client.get(metrics_url(other_site)).status_code == 404
    response = client.get(f"/desk/sites/{other_site.key}/metrics.csv?table=daily")
    assert response.status_code == 404
    assert b"day,reports" not in response.content


def test_anonymous_users_are_sent_to_log_in(client, site):
    for url in (metrics_url(site), f"/desk/sites/{site.key}/metrics.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/desk/login/?next=")


def test_charts_escape_labels_and_scale_bars_to_the_largest():
    svg = charts.bar_chart(
        "c",
        [charts.Bar("<b>Big</b>", 4, "big: 4"), charts.Bar("small", 1, "small: 1")],
        title="T & U",
        description="D",
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;Big&lt;/b&gt;" in svg
    assert '<title id="c-title">T &amp; U</title>' in svg
    assert 'width="280.0"' in svg and 'width="70.0"' in svg


# The daily and summary tables read the kept days, count the live ones (reports, issues,
# two kinds of first moves) and keep the finished days not kept yet.
@pytest.mark.parametrize(("table", "queries"), [("daily", 6), ("sections", 2), ("summary", 6)])
def test_a_csv_of_one_table_runs_only_its_queries(
    site, editor_client, django_assert_max_num_queries, table, queries
):
    url = f"/desk/sites/{site.key}/metrics.csv?table={table}"
    # The session, the user and the site (which checks membership) come first.
    with django_assert_max_num_queries(3 + queries):
        assert editor_client.get(url).status_code == 200


def live_summary(site, days: int) -> list[tuple]:
    """The summary counted from the reports, issues and events alone, nothing kept."""
    figures = site_metrics(site, days)
    live = count_days(site, figures.period)
    figures.days = [live[day] for day in figures.period.dates()]
    return table_of(figures, "summary").rows


def test_kept_days_give_the_figures_counted_live(site, editor, editor_client, triaged_issues):
    report_at(days_ago(3), site, "4 million euros")
    report_at(days_ago(40), site)
    report_at(days_ago(0, hour=0), site, "return to normal")
    expected = live_summary(site, 90)
    first = editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=summary&days=90")
    # Every finished day is kept now; today is not.
    kept = DailySiteFigures.objects.filter(site=site)
    assert kept.count() == 89
    assert not kept.filter(day=timezone.localdate()).exists()
    again = editor_client.get(f"/desk/sites/{site.key}/metrics.csv?table=summary&days=90")
    expected_rows = [[str(cell) for cell in row] for row in expected]
    assert csv_rows(first)[1:] == csv_rows(again)[1:] == expected_rows
    assert dict(expected)["median_hours_to_fix"] == "20.00"
    daily = site_metrics(site, 90).daily
    assert [d.reports for d in daily if d.reports] == [1, 4, 1, 1]


def test_a_report_today_counts_at_once(site, editor_client, triaged_issues):
    before = site_metrics(site, 30)
    assert before.reports == 4
    submit_report(site, "bridge reopens")
    after = site_metrics(site, 30)
    assert after.reports == 5
    assert after.daily[-1].reports == 1
    page = editor_client.get(metrics_url(site, days=7)).text
    assert "<td>1</td>" in page


def test_a_decision_on_a_kept_day_counts_at_once(site, editor, triaged_issues):
    fixed, rejected, published, untouched = triaged_issues
    assert site_metrics(site, 30).triage.triaged == 3
    assert DailySiteFigures.objects.filter(site=site, day=days_ago(10).date()).exists()
    change_status(untouched, Issue.Status.ACCEPTED, by=editor)
    triage = site_metrics(site, 30).triage
    assert (triage.triaged, triage.accepted) == (4, 3)
    # 2, 4 and 6 hours, and now about ten days: the middle two.
    assert triage.to_triage == timedelta(hours=5)
    # Out of spam: the issue's report counts again on its day.
    assert site_metrics(site, 30).reports == 4
    change_status(rejected, Issue.Status.NEW, by=editor)
    assert site_metrics(site, 30).reports == 5
    assert site_metrics(site, 30).daily[-11].reports == 5
