import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corrigenda.anchoring.text import normalize_article_text
from corrigenda.checks import ALL_CHECKS, StyleRule, UnknownCheckError, run_checks

TEXT = normalize_article_text(
    "Zelenskyy met officials in Kiev. The the talks were “tough.\n\n"
    "Zelenskyy said the goverment had failed.\nRead more\nZelensky left."
)


def test_runner_returns_findings_of_every_check_sorted_by_position():
    result = run_checks(TEXT, language="en", style_rules=[StyleRule("Kiev", "Kyiv")])
    assert result.timed_out_style_rules == ()
    assert [(f.rule, f.quote(TEXT)) for f in result.findings] == [
        ("style", "Kiev"),
        ("repeated-word", "The the"),
        ("unbalanced-quote", "“"),
        ("spelling", "goverment"),
        ("boilerplate", "Read more"),
        ("name-variant", "Zelensky"),
    ]


def test_disabled_checks_do_not_run():
    findings = run_checks(TEXT, language="en", enabled={"spelling", "boilerplate"}).findings
    assert {f.rule for f in findings} == {"spelling", "boilerplate"}
    assert run_checks(TEXT, language="en", enabled=()).findings == []


def test_a_runaway_style_rule_is_reported_and_every_other_check_still_runs():
    runaway = StyleRule(r"(\w+\s?)+$", "x", kind="regex")
    # A long sentence without a full stop: the pattern backtracks over every split of it.
    text = TEXT + "\nThe talks went on " + "and on " * 500 + "!"
    result = run_checks(text, language="en", style_rules=[runaway, StyleRule("Kiev", "Kyiv")])
    assert result.timed_out_style_rules == (runaway,)
    assert {f.rule for f in result.findings} >= {"style", "repeated-word", "spelling"}
    assert [f.quote(text) for f in result.findings if f.rule == "style"] == ["Kiev"]


def test_unknown_check_names_are_an_error():
    with pytest.raises(UnknownCheckError, match="speling"):
        run_checks(TEXT, language="en", enabled={"speling"})
    assert "spelling" in ALL_CHECKS


def test_checks_import_nothing_from_django():
    code = "import sys, corrigenda.checks; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="abcКиїв Zelensk“”«»„\"()[]. -'’\n", max_size=40), max_size=6).map(
        "\n".join
    )
)
def test_any_text_gives_findings_inside_it_in_order(raw):
    text = normalize_article_text(raw)
    findings = run_checks(text, language="uk", style_rules=[StyleRule("Киї", "Київ")]).findings
    assert findings == sorted(findings, key=lambda f: (f.span, f.rule))
    for finding in findings:
        for start, end in filter(None, (finding.span, finding.related)):
            assert 0 <= start < end <= len(text)
