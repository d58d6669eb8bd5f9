"""House style rules on the site's Checks page: members read them and download them as
CSV; admins add, edit, delete and import them; a CSV with any bad line imports nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corrigenda.checks import StyleRule
from corrigenda.reports.models import Event, Finding, Membership
from corrigenda.reports.models import StyleRule as StoredStyleRule
from corrigenda.reports.services import (
    check_revision,
    create_style_rule,
    switch_off_style_rule,
)
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db

TEXT = "Officials in Kiev said the e-mail arrived on Monday.\nThe talks resume in Kiev."


def checks_page(site):
    return reverse("desk:site-checks", args=[site.key])


def create_url(site):
    return reverse("desk:style-rule-create", args=[site.key])


def import_url(site):
    return reverse("desk:style-rules-import", args=[site.key])


def export_url(site):
    return reverse("desk:style-rules-export", args=[site.key])


def edit_url(rule):
    return reverse("desk:style-rule-edit", args=[rule.site.key, rule.pk])


def delete_url(rule):
    return reverse("desk:style-rule-delete", args=[rule.site.key, rule.pk])


def rule_post(**fields):
    return {
        "pattern": "Kiev",
        "replacement": "Kyiv",
        "explanation": "Ukrainian spelling since 2019.",
        "severity": "error",
        "kind": "word",
        **fields,
    }


def csv_upload(text: str, name: str = "rules.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def stored_rules(site):
    return list(
        StoredStyleRule.objects.filter(site=site)
        .order_by("pattern")
        .values_list("pattern", "replacement", "explanation", "severity", "is_regex")
    )


def test_an_admin_adds_a_rule_and_the_next_check_uses_it(admin_client, site, admin):
    report = submit_report(site, "Kiev said", text=TEXT)
    response = admin_client.post(create_url(site), rule_post())

    assert response.status_code == 302
    assert stored_rules(site) == [
        ("Kiev", "Kyiv", "Ukrainian spelling since 2019.", "error", False)
    ]
    event = Event.objects.get(action="style_rule.created")
    assert (event.actor, event.detail["pattern"]) == (admin, "Kiev")
    page = admin_client.get(response.url).text
    assert "<code>Kiev</code>" in page
    assert "Rule “Kiev” added." in page

    check_revision(report.revision)
    style = Finding.objects.filter(article=report.article, rule="style")
    assert [(f.text, f.suggestion, f.severity) for f in style] == [("Kiev", "Kyiv", "error")] * 2


def test_a_regular_expression_rule(admin_client, site):
    response = admin_client.post(
        create_url(site), rule_post(pattern=r"\be-mail\b", replacement="email", kind="regex")
    )
    assert response.status_code == 302
    assert stored_rules(site) == [
        (r"\be-mail\b", "email", "Ukrainian spelling since 2019.", "error", True)
    ]


def test_an_invalid_regular_expression_is_a_form_error(admin_client, site):
    response = admin_client.post(create_url(site), rule_post(pattern="(Kiev", kind="regex"))

    assert response.status_code == 200
    assert "Not a regular expression: missing ), unterminated subpattern" in response.text
    # The form keeps what the admin typed.
    assert 'value="(Kiev"' in response.text
    assert not StoredStyleRule.objects.exists()


def test_the_same_text_as_a_word_pattern_is_fine(admin_client, site):
    response = admin_client.post(create_url(site), rule_post(pattern="(Kiev", kind="word"))
    assert response.status_code == 302
    assert stored_rules(site)[0][0] == "(Kiev"


def test_a_rule_needs_a_pattern(admin_client, site):
    response = admin_client.post(create_url(site), rule_post(pattern=""))
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not StoredStyleRule.objects.exists()


def test_an_admin_edits_a_rule(admin_client, site, admin):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    form = admin_client.get(edit_url(rule))
    assert form.status_code == 200
    assert 'value="Kiev"' in form.text

    response = admin_client.post(edit_url(rule), rule_post(pattern="Kiev", replacement="Kyïv"))
    assert response.status_code == 302
    assert stored_rules(site)[0][:2] == ("Kiev", "Kyïv")
    event = Event.objects.get(action="style_rule.updated")
    assert event.detail["before"] == {"pattern": "Kiev", "replacement": "Kyiv"}
    assert event.actor == admin


def test_an_invalid_edit_keeps_the_old_rule(admin_client, site):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    response = admin_client.post(edit_url(rule), rule_post(pattern="[a-", kind="regex"))
    assert response.status_code == 200
    assert "Not a regular expression" in response.text
    assert stored_rules(site)[0][:2] == ("Kiev", "Kyiv")


def test_an_admin_deletes_a_rule(admin_client, site):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    response = admin_client.post(delete_url(rule))
    assert response.status_code == 302
    assert not StoredStyleRule.objects.exists()
    assert Event.objects.get(action="style_rule.deleted").detail["pattern"] == "Kiev"


def test_editors_see_and_export_the_rules_but_change_nothing(editor_client, site):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv", "Since 2019."), by=None)
    page = editor_client.get(checks_page(site))
    assert page.status_code == 200
    assert "<code>Kiev</code>" in page.text
    assert "The site's admins add, edit and import rules." in page.text
    assert f'action="{create_url(site)}"' not in page.text
    assert edit_url(rule) not in page.text
    assert editor_client.get(export_url(site)).status_code == 200

    assert editor_client.post(create_url(site), rule_post(pattern="Kharkov")).status_code == 403
    assert editor_client.get(edit_url(rule)).status_code == 403
    assert editor_client.post(edit_url(rule), rule_post(replacement="x")).status_code == 403
    assert editor_client.post(delete_url(rule)).status_code == 403
    upload = csv_upload("pattern,replacement\nKharkov,Kharkiv\n")
    assert editor_client.post(import_url(site), {"file": upload}).status_code == 403
    assert stored_rules(site) == [("Kiev", "Kyiv", "Since 2019.", "warning", False)]


def test_a_rule_of_another_site_is_not_found(admin_client, site, other_site):
    theirs = create_style_rule(other_site, StyleRule("Kiev", "Kyiv"), by=None)
    # The admin's own site key with another site's rule id.
    url = reverse("desk:style-rule-edit", args=[site.key, theirs.pk])
    assert admin_client.get(url).status_code == 404
    url = reverse("desk:style-rule-delete", args=[site.key, theirs.pk])
    assert admin_client.post(url).status_code == 404
    assert StoredStyleRule.objects.filter(pk=theirs.pk).exists()


def test_rule_texts_are_escaped(admin_client, site):
    create_style_rule(
        site,
        StyleRule("<script>alert(1)</script>", "<b>x</b>", "<img src=x onerror=alert(1)>"),
        by=None,
    )
    page = admin_client.get(checks_page(site)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>x</b>" not in page


CSV = (
    "pattern,replacement,explanation,severity,kind\n"
    "Kiev,Kyiv,Ukrainian spelling,error,word\n"
    '"\\be-mail\\b",email,"House style, since 2020",info,regex\n'
    "Харків,Харків,,warning,word\n"
)


def test_import_stores_every_row(admin_client, site, admin):
    response = admin_client.post(import_url(site), {"file": csv_upload(CSV)})

    assert response.status_code == 302
    assert stored_rules(site) == [
        ("Kiev", "Kyiv", "Ukrainian spelling", "error", False),
        (r"\be-mail\b", "email", "House style, since 2020", "info", True),
        ("Харків", "Харків", "", "warning", False),
    ]
    assert (
        "Imported 3 new rules and updated 0 existing ones." in admin_client.get(response.url).text
    )
    event = Event.objects.get(action="style_rules.imported")
    assert (event.actor, event.detail) == (admin, {"added": 3, "updated": 0})


def test_a_file_with_bad_lines_imports_nothing_and_names_each_line(admin_client, site):
    create_style_rule(site, StyleRule("Kharkov", "Kharkiv"), by=None)
    bad = (
        "pattern,replacement,severity,kind\n"
        "Kiev,Kyiv,error,word\n"
        ",Odesa,warning,word\n"
        "Lvov,Lviv,fatal,word\n"
        "(unclosed,x,info,regex\n"
        "Nikolaev,Mykolaiv,info,word\n"
    )
    response = admin_client.post(import_url(site), {"file": csv_upload(bad)})

    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "Line 3: the pattern is empty." in response.text
    assert "Line 4: severity must be one of info, warning, error." in response.text
    assert "Line 5: the regular expression is invalid" in response.text
    assert "Line 2:" not in response.text
    assert "Line 6:" not in response.text
    assert stored_rules(site) == [("Kharkov", "Kharkiv", "", "warning", False)]
    assert not Event.objects.filter(action="style_rules.imported").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"pattern,colour\nKiev,blue\n", "Line 1: unknown column &#x27;colour&#x27;"),
        ("pattern,replacement\nКиев,Київ\n".encode("cp1251"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(admin_client, site, content, message):
    upload = SimpleUploadedFile("rules.csv", content, content_type="text/csv")
    response = admin_client.post(import_url(site), {"file": upload})
    assert response.status_code == 200
    assert message in response.text
    assert not StoredStyleRule.objects.exists()


def test_export_is_csv_that_imports_back_to_the_same_rules(admin_client, site, other_site):
    admin_client.post(import_url(site), {"file": csv_upload(CSV)})
    before = stored_rules(site)

    response = admin_client.get(export_url(site))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="corrigenda-{site.key}-style-rules.csv"' in response["Content-Disposition"]
    exported = response.content.decode("utf-8")
    assert exported.startswith("\ufeffpattern,replacement,explanation,severity,kind\n")
    assert "Kiev,Kyiv,Ukrainian spelling,error,word" in exported

    # Into a site that had none: the same rules. Into the same site again: nothing changes.
    make_editor("otto", other_site, role=Membership.Role.ADMIN)
    admin_client.force_login(other_site.membership_set.get().user)
    admin_client.post(import_url(other_site), {"file": csv_upload(exported)})
    assert stored_rules(other_site) == before

    admin_client.force_login(site.membership_set.get(role="admin").user)
    response = admin_client.post(import_url(site), {"file": csv_upload(exported)})
    assert (
        "Imported 0 new rules and updated 3 existing ones." in admin_client.get(response.url).text
    )
    assert stored_rules(site) == before


def test_export_of_a_site_without_rules_is_just_the_header(editor_client, site):
    response = editor_client.get(export_url(site))
    assert response.content.decode() == "\ufeffpattern,replacement,explanation,severity,kind\n"


def test_export_cells_that_start_like_a_formula_open_as_text_and_import_back(
    admin_client, site, other_site
):
    hostile = [
        StyleRule('=HYPERLINK("https://evil.example","Kyiv")', "Kyiv", "@SUM(A1)"),
        StyleRule(r"-based\b", "based", "+1 for style", kind="regex"),
        StyleRule("'=quoted", "quoted"),
    ]
    for rule in hostile:
        create_style_rule(site, rule, by=None)
    before = stored_rules(site)

    exported = admin_client.get(export_url(site)).content.decode("utf-8")
    assert '"\'=HYPERLINK(""https://evil.example"",""Kyiv"")",Kyiv,\'@SUM(A1),' in exported
    assert "'-based\\b,based,'+1 for style,warning,regex" in exported
    assert "''=quoted,quoted" in exported
    for line in exported.lstrip("\ufeff").splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@", "\t", "\r"))

    make_editor("otto", other_site, role=Membership.Role.ADMIN)
    admin_client.force_login(other_site.membership_set.get().user)
    admin_client.post(import_url(other_site), {"file": csv_upload(exported)})
    assert stored_rules(other_site) == before


# ---- runaway patterns ----------------------------------------------------------------
TOO_SLOW = (
    "The pattern took longer than 0.2 s on a sample text (news copy and long runs of letters, "
    "spaces and punctuation); nested repeats such as (a+)+ are the usual cause; rewrite it."
)
SWITCHED_OFF = (
    "<strong>Switched off:</strong> took longer than 0.2 s on “Bridge reopens”; rewrite the "
    "pattern and save it to switch it on again."
)
LONG_SENTENCE = "The works went on " + "and on " * 300 + "until May."


def switched_off_rule(site):
    """A rule stored before patterns were tried on the sample, switched off by the check of
    an article with a long sentence (it backtracks over every way of splitting it)."""
    rule = StoredStyleRule.objects.create(
        site=site, pattern=r"(\w+\s?)+$", replacement="x", is_regex=True
    )
    report = submit_report(site, "Kiev said", text=f"{TEXT}\n{LONG_SENTENCE}")
    check_revision(report.revision)
    rule.refresh_from_db()
    assert rule.is_switched_off
    return rule


def test_a_pattern_that_runs_out_of_time_on_the_sample_is_a_form_error(admin_client, site):
    response = admin_client.post(create_url(site), rule_post(pattern="(a+)+$", kind="regex"))

    assert response.status_code == 200
    assert TOO_SLOW in response.text
    assert not StoredStyleRule.objects.exists()


def test_an_edit_to_a_runaway_pattern_keeps_the_old_rule(admin_client, site):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    response = admin_client.post(edit_url(rule), rule_post(pattern="(a|aa)+$", kind="regex"))
    assert response.status_code == 200
    assert TOO_SLOW in response.text
    assert stored_rules(site)[0][:2] == ("Kiev", "Kyiv")


def test_an_import_with_a_runaway_pattern_imports_nothing(admin_client, site):
    upload = csv_upload("pattern,replacement,kind\nKiev,Kyiv,word\n(a+)+$,a,regex\n")
    response = admin_client.post(import_url(site), {"file": upload})
    assert response.status_code == 200
    assert "Line 3: the pattern took longer than 0.2 s on a sample text" in response.text
    assert not StoredStyleRule.objects.exists()


def test_the_checks_page_shows_a_rule_the_checks_switched_off(admin_client, site, editor):
    kiev = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    rule = switched_off_rule(site)
    # The other rule still found its words in the same article.
    assert Finding.objects.filter(rule="style", text="Kiev").count() == 2

    assert SWITCHED_OFF in admin_client.get(edit_url(rule)).text
    page = admin_client.get(checks_page(site)).text
    assert f'<tr data-rule-id="{rule.pk}" class="switched-off">' in page
    assert f'<tr data-rule-id="{kiev.pk}">' in page
    assert page.count("Switched off") == 1
    admin_client.force_login(editor)
    assert SWITCHED_OFF in admin_client.get(checks_page(site)).text


def test_a_rewritten_pattern_switches_the_rule_on_again(admin_client, site, admin):
    rule = switched_off_rule(site)
    response = admin_client.post(edit_url(rule), rule_post(pattern=rule.pattern, kind="regex"))
    assert TOO_SLOW in response.text

    response = admin_client.post(edit_url(rule), rule_post(pattern=r"\bwent on\b", kind="regex"))
    assert response.status_code == 302
    page = admin_client.get(response.url).text
    assert "Rule “\\bwent on\\b” saved." in page
    assert "Switched off" not in page
    rule.refresh_from_db()
    assert (rule.is_switched_off, rule.disabled_reason) == (False, "")
    event = Event.objects.filter(action="style_rule.updated").last()
    assert (event.actor, event.detail["switched_on"]) == (admin, True)

    # The next check runs it again.
    check_revision(site.articles.get().latest_revision)
    assert Finding.objects.filter(rule="style", text="went on").exists()


def test_a_rule_saved_with_the_same_pattern_stays_switched_off(admin_client, site):
    rule = create_style_rule(site, StyleRule("Kiev", "Kyiv"), by=None)
    switch_off_style_rule(rule, "took longer than 0.2 s on “Bridge reopens”")

    response = admin_client.post(edit_url(rule), rule_post(explanation="Since 2019."))
    assert response.status_code == 302
    page = admin_client.get(response.url).text
    assert "Rule “Kiev” saved; it stays switched off until its pattern is rewritten." in page
    assert SWITCHED_OFF in page
    # Importing the rule again changes its other fields, not its state.
    upload = csv_upload("pattern,replacement,explanation\nKiev,Kyiv,AP style\n")
    admin_client.post(import_url(site), {"file": upload})
    rule.refresh_from_db()
    assert (rule.explanation, rule.is_switched_off) == ("AP style", True)
