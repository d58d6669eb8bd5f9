"""`corrigenda check`: one article's findings from a saved page, plain text or stdin."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corrigenda.cli import main

DATA = Path(__file__).parent / "extraction" / "data"
PAGE = DATA / "ferry-timetable.html"
HISTORY = DATA / "courier-history"
RELATED_BLOCK = [
    "More from the Courier",
    "Harbour wall repairs to start in spring",
    "Lifeboat crew honoured for winter rescue",
    "New parking rules for Market Square",
]


def check(*args, input=None, color=False):
    return CliRunner().invoke(main, ["check", *map(str, args)], input=input, color=color)


def findings(*args, input=None):
    result = check(*args, "--json", input=input)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def flagged(found, rule):
    return [f["text"] for f in found if f["rule"] == rule]


def test_leaked_related_block_is_reported_once_the_site_has_history():
    assert flagged(findings(PAGE), "boilerplate") == []
    with_history = findings(PAGE, "--history", HISTORY)
    # The box is one finding, its span every line of it.
    assert flagged(with_history, "boilerplate") == ["\n".join(RELATED_BLOCK)]
    first = next(f for f in with_history if f["rule"] == "boilerplate")
    assert (first["line"], first["column"]) == (7, 1)
    assert "4 lines that also appear in up to 4 other articles" in first["message"]


def test_navigation_label_is_reported_without_history(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.read_text().replace("More from the Courier", "Related stories"))
    # The label heads a box: the headlines under it are reported with it.
    box = "\n".join(["Related stories", *RELATED_BLOCK[1:]])
    assert flagged(findings(page), "boilerplate") == [box]


def test_the_checked_page_does_not_count_as_its_own_history(tmp_path):
    shutil.copy(PAGE, tmp_path / PAGE.name)
    for other in sorted(HISTORY.iterdir())[:2]:
        shutil.copy(other, tmp_path / other.name)
    # Two other pages share the block: fewer than the three that make it furniture.
    found = findings(tmp_path / PAGE.name, "--history", tmp_path)
    assert flagged(found, "boilerplate") == []


def test_readable_output_marks_the_flagged_text_in_its_context():
    result = check(PAGE)
    assert result.exit_code == 1
    assert "ferry-timetable.html (Winter ferry timetable cuts evening crossings): 1 finding" in (
        result.output
    )
    assert "5:20  error  repeated-word" in result.output
    assert "A spokesperson for »the the« operator said fuel costs had …" in result.output
    assert "“the” twice in a row: one is likely a slip." in result.output
    assert "Suggestion: the" in result.output
    assert "\x1b[" not in result.output


def test_a_block_finding_prints_its_lines_on_one_line():
    result = check(PAGE, "--history", HISTORY)
    assert "»More from the Courier ⏎ Harbour wall repairs" in result.output
    assert "(4 lines)" in result.output


def test_colour_only_when_asked_for_a_terminal():
    assert "\x1b[" in check(PAGE, color=True).output


def test_json_lists_every_field():
    [finding] = findings(PAGE)
    assert finding == {
        "rule": "repeated-word",
        "severity": "error",
        "line": 5,
        "column": 20,
        "start": finding["start"],
        "end": finding["start"] + len("the the"),
        "text": "the the",
        "message": "“the” twice in a row: one is likely a slip.",
        "reason": "“the the”: the same word twice with only a space between, and not a double "
        "grammar allows (“had had”, “that that”, a verb's particle before the same preposition).",
        "suggestion": "the",
        "related": None,
    }


@pytest.mark.parametrize(
    ("fail_on", "with_history", "exit_code"),
    [
        ("warning", True, 1),
        ("error", True, 1),
        ("info", False, 1),
    ],
)
def test_fail_on_with_an_error_present(fail_on, with_history, exit_code):
    args = ["--history", HISTORY] if with_history else []
    assert check(PAGE, "--fail-on", fail_on, *args).exit_code == exit_code


def test_fail_on_ignores_findings_below_the_threshold(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE.read_text().replace("the the", "the"))
    assert check(page, "--history", HISTORY, "--fail-on", "error").exit_code == 0
    assert check(page, "--history", HISTORY, "--fail-on", "warning").exit_code == 1
    assert check(page).exit_code == 0
    assert "no findings" in check(page).output


def test_plain_text_from_standard_input():
    result = check("-", "--json", input="First paragraph is fine.\nSecond has a a typo.\n")
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert (finding["rule"], finding["line"], finding["column"]) == ("repeated-word", 2, 12)


def test_html_from_standard_input_is_extracted():
    html = "<html><body><nav>the the</nav><article><p>Clean prose here.</p></article></body></html>"
    assert findings("-", input=html) == []


@pytest.mark.parametrize(
    ("lang_attribute", "option", "misspelling_reported"),
    [
        ('lang="en"', [], True),
        ('lang="de"', [], False),
        ("", [], True),
        ('lang="de"', ["--language", "en"], True),
    ],
)
def test_language_from_the_page_or_the_option(lang_attribute, option, misspelling_reported):
    html = f"<html {lang_attribute}><body><article><p>They will recieve it.</p></article></body>"
    found = findings("-", *option, input=html)
    assert ("recieve" in flagged(found, "spelling")) is misspelling_reported


def test_selector_option_picks_the_container():
    html = "<article><p>a a</p></article><div class='story'><p>Clean text.</p></div>"
    assert findings("-", "--selector", ".story", input=html) == []
    assert flagged(findings("-", input=html), "repeated-word") == ["a a"]


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (["missing.html"], None, "No such file: missing.html"),
        (["-"], "  \n", "standard input is empty."),
        (["-"], "<html><body><article></article></body></html>", "No article text found"),
        ([PAGE, "--language", "xx"], None, "'xx' is not a known language code"),
        (["ftp://news.example.org/a"], None, "Only http and https addresses can be fetched"),
        ([DATA], None, "is a folder"),
        ([PAGE, "--history", PAGE], None, "is a file"),
    ],
)
def test_clear_errors(args, input, message):
    result = check(*args, input=input)
    assert result.exit_code == 2
    assert message in result.output


def test_history_folder_without_pages(tmp_path):
    result = check(PAGE, "--history", tmp_path)
    assert result.exit_code == 2
    assert "holds no other pages" in result.output


def test_help_reads_like_docs():
    result = check("--help")
    assert result.exit_code == 0
    for text in (
        "PATH|URL|-",
        "--json",
        "--fail-on",
        "--history",
        "--language",
        "--selector",
        "--site KEY",
        "--all",
    ):
        assert text in result.output


# `corrigenda check --site KEY --all`: the stored articles of a site, re-checked.

KIEV_TEXT = "Officials in Kiev said the bridge reopens.\nThe works cost 4 million euros."
REPEAT_TEXT = "The bridge reopens on Monday after the the repairs."


def _publish(site, slug, text):
    from corrigenda.reports.services import check_revision, receive_article_revision

    revision = receive_article_revision(
        site, canonical_url=f"https://news.example.org/{slug}", title=slug, text=text
    ).revision
    check_revision(revision)
    return revision.article


def _open_findings(site):
    from corrigenda.reports.models import Finding

    return sorted(
        Finding.objects.filter(site=site, state=Finding.State.OPEN).values_list("rule", "text")
    )


@pytest.mark.django_db
def test_all_rechecks_every_stored_article_after_a_new_style_rule(site, other_site):
    from corrigenda.checks import StyleRule
    from corrigenda.reports.services import create_style_rule

    _publish(site, "kiev", KIEV_TEXT)
    _publish(site, "repeat", REPEAT_TEXT)
    _publish(other_site, "theirs", KIEV_TEXT)
    assert _open_findings(site) == [("repeated-word", "the the")]
    # A rule added later applies to stored articles only when they are checked again.
    create_style_rule(site, StyleRule("Kiev", "Kyiv", severity="error"), by=None)
    create_style_rule(other_site, StyleRule("Kiev", "Kyiv", severity="error"), by=None)

    result = check("--site", site.key, "--all")

    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1] == (
        "Example News: checked 2 articles; 2 open findings in 2 articles (1 new), 0 gone."
    )
    assert _open_findings(site) == [("repeated-word", "the the"), ("style", "Kiev")]
    # Another site's articles are not touched.
    assert _open_findings(other_site) == []


@pytest.mark.django_db
def test_all_reports_gone_findings_and_follows_fail_on(site):
    from corrigenda.reports.models import Site

    _publish(site, "bracket", "The bridge (closed since May reopens on Monday.")
    assert check("--site", site.key, "--all", "--fail-on", "error").exit_code == 0
    assert check("--site", site.key, "--all", "--fail-on", "warning").exit_code == 1

    Site.objects.filter(pk=site.pk).update(checks_enabled=["style", "spelling"])
    result = check("--site", site.key, "--all", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "site": site.key,
        "articles": 1,
        "open": 0,
        "new": 0,
        "gone": 1,
        "flagged_articles": 0,
    }


@pytest.mark.django_db
def test_all_on_a_site_without_articles(site):
    result = check("--site", site.key, "--all")
    assert result.exit_code == 0
    assert "checked 0 articles; 0 open findings" in result.stdout


@pytest.mark.django_db
def test_all_with_an_unknown_site_is_a_clear_error():
    result = check("--site", "no-such-site", "--all")
    assert result.exit_code == 2
    assert "No site has the key 'no-such-site'." in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--site", "abc"],
        ["--all"],
        [PAGE, "--site", "abc", "--all"],
        ["--site", "abc", "--all", "--history", HISTORY],
        [],
    ],
)
def test_site_mode_usage_errors(args):
    result = check(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_checking_plain_text_loads_no_html_machinery(tmp_path):
    # A broken or missing HTML extractor (as with an old pip) must not stop plain text.
    page = tmp_path / "story.txt"
    page.write_text("The goverment said on Tuesday that the bridge would reopen.\n")
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from corrigenda.cli import main\n"
        f"result = CliRunner().invoke(main, ['check', {str(page)!r}])\n"
        "print(result.exit_code, result.output)\n"
        "print(sorted(m for m in ('trafilatura', 'lxml', 'selectolax') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.startswith("1 ")
    assert "goverment" in done.stdout
    assert done.stdout.strip().endswith("[]")


INTERVIEWS = {
    # One signed document written two ways, a related-stories card leaked into the body
    # (its headline twice, a label, a teaser), and a father and daughter sharing a surname.
    "en": (
        DATA / "mayor-interview.html",
        ("Memorandum of Understanding", "Memorandum of Cooperation"),
        "Related stories",
        "will pay for a new landing stage.",
    ),
    "ru": (
        DATA / "mayor-interview-ru.html",
        ("Меморандуме о взаимопонимании", "Меморандум о сотрудничестве"),
        "Читайте также",
        "первое повышение за шесть лет.",
    ),
}


@pytest.mark.parametrize("language", INTERVIEWS)
def test_interview_page_one_document_two_names_and_a_leaked_card(language):
    page, (rare, common), label, teaser_end = INTERVIEWS[language]
    found = findings(page)
    titles = [f for f in found if f["rule"] == "title-variant"]
    assert [(f["text"], f["related"]["text"]) for f in titles] == [(rare, common)]
    blocks = flagged(found, "boilerplate")
    assert len(blocks) == 1
    assert blocks[0].startswith(label) and blocks[0].endswith(teaser_end)
    assert blocks[0].count("\n") == 3
    # Petrov and his daughter Petrova are two people, not one name spelled two ways.
    assert flagged(found, "name-variant") == []
    assert len(found) == 2
