import pytest

from corrigenda.checks import (
    StyleRule,
    StyleRulesCSVError,
    style_rules_from_csv,
    style_rules_to_csv,
)
from corrigenda.checks.style_rules import check_style_rules

RULES = (
    StyleRule("Kiev", "Kyiv", "Ukrainian spelling."),
    StyleRule("e-mail", "email", severity="info"),
    StyleRule(r"\b(\d+) per cent\b", r"\1%", kind="regex"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks in Kiev ended.", [("Kiev", "Kyiv")]),
        ("Kievan Rus was a state.", []),
        ("The Kyiv talks ended.", []),
        ("Send an e-mail today.", [("e-mail", "email")]),
        ("E-mail the desk.", [("E-mail", "Email")]),
        ("Prices rose 12 per cent in May.", [("12 per cent", "12%")]),
        ("Percentages per centre.", []),
    ],
)
def test_style_rules_find_house_style_breaches(text, expected):
    findings = check_style_rules(text, RULES)
    assert [(f.quote(text), f.suggestion) for f in findings] == expected


def test_a_finding_carries_the_rules_explanation_and_severity():
    text = "Kiev and e-mail."
    kiev, email = check_style_rules(text, RULES)
    assert "Ukrainian spelling." in kiev.message
    assert (kiev.severity, email.severity) == ("warning", "info")


def test_csv_round_trip_keeps_every_field():
    csv_text = style_rules_to_csv(RULES)
    assert csv_text.splitlines()[0] == "pattern,replacement,explanation,severity,kind"
    assert style_rules_from_csv(csv_text) == list(RULES)


def test_csv_import_accepts_minimal_columns_and_skips_blank_lines():
    rules = style_rules_from_csv("Pattern,Replacement\nKharkov,Kharkiv\n\n")
    assert rules == [StyleRule("Kharkov", "Kharkiv")]


@pytest.mark.parametrize(
    ("csv_text", "line", "words"),
    [
        ("", 1, "empty"),
        ("pattern,colour\n", 1, "unknown column 'colour'"),
        ("replacement\nKyiv\n", 1, "'pattern'"),
        ("pattern,replacement\nKiev,Kyiv\n,Kyiv\n", 3, "pattern is empty"),
        ("pattern,replacement,severity\nKiev,Kyiv,fatal\n", 2, "severity must be one of"),
        ("pattern,replacement,kind\n(unclosed,x,regex\n", 2, "regular expression is invalid"),
        ("pattern,replacement\nKiev,Kyiv,extra\n", 2, "3 fields"),
    ],
)
def test_csv_import_errors_name_the_bad_line(csv_text, line, words):
    with pytest.raises(StyleRulesCSVError) as error:
        style_rules_from_csv(csv_text)
    assert error.value.line == line
    assert str(error.value).startswith(f"line {line}: ")
    assert words in str(error.value)


def test_csv_import_names_every_bad_line_at_once():
    csv_text = (
        "pattern,replacement,severity\n"
        "Kiev,Kyiv,error\n"
        ",Odesa,warning\n"
        "Lvov,Lviv,fatal\n"
        f"{'x' * 501},y,info\n"
    )
    with pytest.raises(StyleRulesCSVError) as error:
        style_rules_from_csv(csv_text)
    assert error.value.line == 3
    assert [line for line, _ in error.value.problems] == [3, 4, 5]
    assert "the pattern is longer than 500 characters" in error.value.problems[2][1]
    assert str(error.value).startswith("line 3: the pattern is empty; line 4: severity")
