import pytest

from corrigenda.checks import (
    StyleRule,
    StyleRulesCSVError,
    run_checks,
    style_rules_from_csv,
    style_rules_to_csv,
)
from corrigenda.checks.style_rules import (
    MAX_TIMEOUTS_PER_IMPORT,
    check_style_rules,
    style_rule_sample_text,
    times_out_on_sample,
)

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
    result = check_style_rules(text, RULES)
    assert [(f.quote(text), f.suggestion) for f in result.findings] == expected
    assert result.timed_out == ()


def test_a_finding_carries_the_rules_explanation_and_severity():
    text = "Kiev and e-mail."
    kiev, email = check_style_rules(text, RULES).findings
    assert "Ukrainian spelling." in kiev.message
    assert (kiev.severity, email.severity) == ("warning", "info")


def test_a_group_named_in_the_replacement_and_a_word_rule_in_any_case():
    rules = [
        StyleRule(r"\b(Mr|Mrs|Dr)\.", r"\1", kind="regex"),
        StyleRule("kharkov", "Kharkiv"),
        StyleRule("Lvov", "Lviv"),
    ]
    text = "Dr. Petrenko of KHARKOV met Mrs. Lysenko in lvov and Lvov."
    findings = check_style_rules(text, rules).findings
    assert [(f.quote(text), f.suggestion) for f in findings] == [
        ("Dr.", "Dr"),
        ("Mrs.", "Mrs"),
        ("KHARKOV", "Kharkiv"),
        ("Lvov", "Lviv"),
    ]


RUNAWAY = StyleRule("(a+)+$", "a", kind="regex")


def test_a_runaway_rule_stops_and_is_named_while_the_other_rules_find_their_words():
    # Exponential backtracking: without a time limit this scan would not end this century.
    text = "Talks in Kiev. " + "a" * 50_000 + "!"
    result = check_style_rules(text, [RULES[0], RUNAWAY, RULES[1]])
    assert result.timed_out == (RUNAWAY,)
    assert [f.quote(text) for f in result.findings] == ["Kiev"]


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$",
        "(a|aa)+$",
        r"(\w+\s?)+$",
        r"(?:\w+\s+)*\w+:",  # "Label:" in a long sentence without a colon
        r"(\w+)*\d",
        "(.*?,){11}P",
    ],
)
def test_runaway_patterns_time_out_on_the_sample(pattern):
    assert times_out_on_sample(StyleRule(pattern, "x", kind="regex"))


@pytest.mark.parametrize(
    "rule",
    [
        *RULES,
        StyleRule(r"\b(\w*)проект(\w*)", r"\1проєкт\2", kind="regex"),
        StyleRule(r"\b(\d+(?:\.\d+)?) ?percent\b", r"\1%", kind="regex"),
        StyleRule(r"\s+,", ",", kind="regex"),
        StyleRule(r"(?i)\bhealth-?care\b", "health care", kind="regex"),
        StyleRule("a", "the"),
    ],
)
def test_house_style_rules_run_well_within_the_budget_on_the_sample(rule):
    assert not times_out_on_sample(rule)


def test_the_sample_is_news_copy_with_long_runs():
    sample = style_rule_sample_text()
    assert len(sample.split()) > 2000
    for run in ("a" * 1000, " " * 1000, "." * 1000, "я" * 1000):
        assert run in sample
    assert "Harbour Commission" in sample


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


def test_csv_import_refuses_a_rule_that_runs_out_of_time_on_the_sample():
    csv_text = "pattern,replacement,kind\nKiev,Kyiv,word\n(a+)+$,a,regex\n"
    with pytest.raises(StyleRulesCSVError) as error:
        style_rules_from_csv(csv_text)
    assert error.value.problems == [
        (
            3,
            "the pattern took longer than 0.2 s on a sample text (news copy and long runs of "
            "letters, spaces and punctuation); nested repeats such as (a+)+ are the usual cause",
        )
    ]


def test_csv_import_stops_trying_rules_after_a_few_ran_out_of_time():
    rows = [f"(a+)+{'b' * n}$,a,regex" for n in range(MAX_TIMEOUTS_PER_IMPORT + 3)]
    csv_text = "pattern,replacement,kind\n" + "\n".join(rows) + "\n"
    with pytest.raises(StyleRulesCSVError) as error:
        style_rules_from_csv(csv_text)
    last = MAX_TIMEOUTS_PER_IMPORT + 1
    assert [line for line, _ in error.value.problems] == [*range(2, last + 1), last]
    assert error.value.problems[-1][1] == "stopped here: 5 rules ran out of time"


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


@pytest.mark.parametrize(
    ("language", "rules", "text", "expected"),
    [
        (
            "ru",
            [StyleRule("Белоруссия", "Беларусь")],
            "Из Белоруссии приехали; в Белоруссию не вернулись; Белоруссия молчит.",
            [("Белоруссии", "Беларуси"), ("Белоруссию", "Беларусь"), ("Белоруссия", "Беларусь")],
        ),
        (
            "uk",
            [StyleRule("співробітник", "працівник")],
            "Співробітників звільнили, співробітникам заплатили, а співробітник пішов.",
            [
                ("Співробітників", "Працівників"),
                ("співробітникам", "працівникам"),
                ("співробітник", "працівник"),
            ],
        ),
        # Another word built on the same stem is not a form of the word.
        ("ru", [StyleRule("Киев", "Київ")], "Киевский торт и киевляне.", []),
        # An English site matches the word as written only.
        ("en", [StyleRule("Kiev", "Kyiv")], "Kievs and Kiev.", [("Kiev", "Kyiv")]),
    ],
)
def test_a_one_word_rule_matches_every_inflected_form_and_suggests_the_same_form(
    language, rules, text, expected
):
    findings = check_style_rules(text, rules, language=language).findings
    assert [(f.quote(text), f.suggestion) for f in findings] == expected


def test_a_form_the_dictionary_cannot_inflect_the_replacement_into_says_so():
    text = "В Киеве и из Киева."
    findings = check_style_rules(text, [StyleRule("Киев", "Київ")], language="ru").findings
    assert [(f.quote(text), f.suggestion) for f in findings] == [
        ("Киеве", "Київ"),
        ("Киева", "Київ"),
    ]
    assert findings[0].message == (
        "House style: “Київ”, not “Киеве”. Put it in the same case and number."
    )


def test_the_runner_passes_the_sites_language_to_the_style_rules():
    text = "Делегация из Киева прибыла."
    result = run_checks(
        text, language="ru", enabled={"style"}, style_rules=[StyleRule("Киев", "Київ")]
    )
    assert [f.quote(text) for f in result.findings] == ["Киева"]
