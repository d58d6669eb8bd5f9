"""Why each finding fired, and tuning from it: dismissing as "not an error" or "right,
but meant", switching its rule off for the site and on again from the checks page, and
each rule's precision from the last 90 days of editors' decisions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corrigenda.checks import StyleRule
from corrigenda.reports import selectors, services
from corrigenda.reports.models import Article, Event, Finding, Revision
from corrigenda.reports.models import StyleRule as StoredStyleRule
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db

TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros.\n"
    "Residents recieved a letter about the (new timetable."
)


@pytest.fixture
def article(site):
    create = services.create_style_rule
    create(site, StyleRule("4 million euros", "€4m", "Sums in figures."), by=None)
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/bridge")
    pushed = services.record_revision(article, TEXT, Revision.Source.API)
    services.check_revision(pushed.revision)
    return article


def finding(article, rule: str) -> Finding:
    return Finding.objects.get(article=article, rule=rule)


def article_page(client, article) -> str:
    response = client.get(reverse("desk:article", args=[article.pk]))
    assert response.status_code == 200
    return response.text


def test_every_finding_says_why_it_fired(editor_client, article):
    page = article_page(editor_client, article)
    reasons = {
        "spelling": "“recieved” is not in the en dictionary nor among the site's accepted words; "
        "did you mean “received”?",
        "style": "The house style rule “4 million euros” → “€4m” matched: Sums in figures.",
        "repeated-word": "“the the”: the same word twice with only a space between",
        "unbalanced-bracket": "Paragraph 3: Opening ( is never closed in this paragraph.",
    }
    for rule, reason in reasons.items():
        assert reason in finding(article, rule).reason
        assert reason.replace("'", "&#x27;") in page
    assert page.count("Why it fired:") == 4


def test_a_ukrainian_desk_says_what_a_check_found_and_why_in_ukrainian(editor_client, article):
    response = editor_client.get(
        reverse("desk:article", args=[article.pk]), headers={"Accept-Language": "uk"}
    )
    page = response.text
    assert "Слова «recieved» немає в словнику." in page
    assert (
        "Слова «recieved» немає ні в словнику (en), ні серед слів, дозволених для сайту; "
        "можливо, «received»?" in page
    )
    assert "Абзац 3: Відкривний знак ( у цьому абзаці не закрито." in page
    assert "is not in the dictionary" not in page
    # The stored English stays what the command line and an English desk read.
    assert finding(article, "spelling").message == "“recieved” is not in the dictionary."


def test_a_ukrainian_desk_counts_the_lines_of_leaked_page_furniture_in_ukrainian(
    editor_client, site
):
    article = Article.objects.create(site=site, canonical_url="https://news.example.org/floods")
    text = (
        "The bridge reopens on Monday.\n\nRelated stories\nFloods close roads, council says\n"
        "Library opens\n\nThe mayor went on."
    )
    services.check_revision(services.record_revision(article, text, Revision.Source.API).revision)
    page = editor_client.get(
        reverse("desk:article", args=[article.pk]), headers={"Accept-Language": "uk"}
    ).text
    assert "Елементи сторінки в тексті статті: блок «Related stories», під яким 2 рядки." in page
    assert "Абзаци 3–5: Елементи сторінки в тексті статті" in page
    assert "Page furniture" not in page
    assert finding(article, "boilerplate").message == (
        "Page furniture inside the article body: a “Related stories” box with the 2 lines under it."
    )


def test_a_finding_stored_before_the_checks_spoke_templates_shows_its_english(
    editor_client, article
):
    old = finding(article, "spelling")
    Finding.objects.filter(pk=old.pk).update(wording={})
    page = editor_client.get(
        reverse("desk:article", args=[article.pk]), headers={"Accept-Language": "uk"}
    ).text
    assert "“recieved” is not in the dictionary." in page


def test_dismissing_as_meant_is_kept_apart_from_not_an_error(editor_client, editor, article):
    wrong, meant = finding(article, "spelling"), finding(article, "repeated-word")
    for dismissed, dismissal in ((wrong, "wrong"), (meant, "intended")):
        editor_client.post(
            reverse("desk:finding-dismiss", args=[dismissed.pk]), {"dismissal": dismissal}
        )
    wrong.refresh_from_db()
    meant.refresh_from_db()
    assert (wrong.state, wrong.dismissal) == ("dismissed", "wrong")
    assert (meant.state, meant.dismissal) == ("dismissed", "intended")
    events = Event.objects.filter(action="finding.dismissed").order_by("pk")
    assert [e.detail["dismissal"] for e in events] == ["wrong", "intended"]
    assert "(right, but meant)" in article_page(editor_client, article)


def test_an_editor_switches_a_check_off_from_its_finding_and_on_again(
    editor_client, editor, site, article
):
    response = editor_client.post(
        reverse("desk:finding-switch-off", args=[finding(article, "spelling").pk])
    )
    site.refresh_from_db()
    assert "spelling" not in site.checks_enabled
    event = Event.objects.get(action="site.check_switched_off")
    assert (event.actor, event.detail["check"]) == (editor, "spelling")
    checks_page = editor_client.get(response.url).text
    assert "The spelling check is switched off for Example News" in checks_page
    assert reverse("desk:check-switch-on", args=[site.key, "spelling"]) in checks_page

    # The next text is checked without it.
    pushed = services.record_revision(article, TEXT + "\nMore.", Revision.Source.API)
    services.check_revision(pushed.revision)
    assert finding(article, "spelling").state == "gone"

    editor_client.post(reverse("desk:check-switch-on", args=[site.key, "spelling"]))
    site.refresh_from_db()
    assert "spelling" in site.checks_enabled
    assert Event.objects.get(action="site.check_switched_on").actor == editor


def test_a_style_finding_switches_off_its_house_rule_only(editor_client, editor, site, article):
    rule = StoredStyleRule.objects.get(site=site)
    editor_client.post(reverse("desk:finding-switch-off", args=[finding(article, "style").pk]))
    rule.refresh_from_db()
    site.refresh_from_db()
    assert rule.is_switched_off and rule.disabled_by == editor
    assert "style" in site.checks_enabled
    event = Event.objects.get(action="style_rule.switched_off")
    assert (event.actor, event.detail["rule"]) == (editor, rule.pk)
    checks_page = editor_client.get(reverse("desk:site-checks", args=[site.key])).text
    assert "switched off by eddie from a finding on" in checks_page

    editor_client.post(reverse("desk:style-rule-switch-on", args=[site.key, rule.pk]))
    rule.refresh_from_db()
    assert not rule.is_switched_off
    assert Event.objects.get(action="style_rule.switched_on").actor == editor


def test_a_rule_that_ran_out_of_time_is_not_switched_on_from_the_checks_page(
    editor_client, site, article
):
    rule = StoredStyleRule.objects.get(site=site)
    services.switch_off_style_rule(rule, "took longer than 0.2 s")
    url = reverse("desk:style-rule-switch-on", args=[site.key, rule.pk])
    assert editor_client.post(url).status_code == 404
    rule.refresh_from_db()
    assert rule.is_switched_off


def test_an_editor_of_another_site_cannot_switch_rules(client, other_site, site, article):
    client.force_login(make_editor("olga", other_site))
    spelling = finding(article, "spelling")
    assert client.post(reverse("desk:finding-switch-off", args=[spelling.pk])).status_code == 404
    services.switch_off_check(site, "boilerplate", by=None)
    url = reverse("desk:check-switch-on", args=[site.key, "boilerplate"])
    assert client.post(url).status_code == 404
    site.refresh_from_db()
    assert "spelling" in site.checks_enabled and "boilerplate" not in site.checks_enabled


def test_precision_per_rule_comes_from_the_last_90_days_in_one_query(
    editor_client, editor, site, article
):
    services.dismiss_finding(finding(article, "spelling"), by=editor, dismissal="wrong")
    services.dismiss_finding(finding(article, "repeated-word"), by=editor, dismissal="intended")
    services.dismiss_finding(finding(article, "style"), by=editor, dismissal="wrong")
    # The bracket is fixed by the next edit: the check was right.
    pushed = services.record_revision(article, TEXT.replace("(", ""), Revision.Source.API)
    services.check_revision(pushed.revision)
    # A decision older than 90 days no longer counts.
    old = Finding.objects.create(
        site=site,
        article=article,
        revision=pushed.revision,
        rule="spelling",
        start=0,
        end=3,
        text="The",
        message="old",
        fingerprint="old",
        state="dismissed",
        dismissal="wrong",
        decided_at=timezone.now() - timedelta(days=91),
    )
    assert old.pk

    with CaptureQueriesContext(connection) as queries:
        rows = selectors.rule_precision(site)
    assert len(queries) == 1
    assert {(r.rule, r.right, r.wrong) for r in rows} == {
        ("repeated-word", 1, 0),
        ("spelling", 0, 1),
        ("style", 0, 1),
        ("unbalanced-bracket", 1, 0),
    }
    page = editor_client.get(reverse("desk:site-checks", args=[site.key])).text
    assert (
        '<tr data-rule="spelling"><th scope="row">spelling</th><td>0</td><td>1</td><td>0 %</td>'
    ) in page
    assert '<th scope="row">unbalanced-bracket</th><td>1</td><td>0</td><td>100 %</td>' in page


def test_the_issue_page_says_why_a_finding_on_the_passage_fired(editor_client, site):
    report = submit_report(site, "recieved", text=TEXT)
    services.check_revision(report.revision)
    page = editor_client.get(reverse("desk:issue", args=[report.issue_id])).text
    passage = page[page.index('class="passage-findings"') :]
    assert "Why it fired:</strong> “recieved” is not in the en dictionary" in passage
