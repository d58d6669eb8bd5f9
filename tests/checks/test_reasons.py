"""Every check says why it fired, in words the desk shows under the finding."""

import pytest

from corrigenda.checks import StyleRule, Words, run_checks

TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros and were very late.\n"
    "Residents recieved a letter about the (new timetable.\n"
    "Oleksandr Kovalenko spoke first. Later Olexandr Kovalenko and Oleksandr Kovalenko left."
)
RULES = [
    StyleRule("4 million euros", "€4m", "Sums in figures."),
    StyleRule("very", "", "Avoid “%s”.", check="swap", source="Vale House.Hedging"),
]


@pytest.fixture(scope="module")
def reasons() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in run_checks(TEXT, language="en", style_rules=RULES).findings:
        found.setdefault(finding.rule, []).append(finding.reason)
    return found


def test_every_finding_has_a_reason(reasons):
    assert set(reasons) >= {
        "repeated-word",
        "spelling",
        "style",
        "unbalanced-bracket",
        "name-variant",
    }
    assert all(reason for found in reasons.values() for reason in found)


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        (
            "spelling",
            "“recieved” is not in the en dictionary nor among the site's accepted words; "
            "did you mean “received”?",
        ),
        ("style", "The house style rule “4 million euros” → “€4m” matched: Sums in figures."),
        ("style", "The house style rule Vale House.Hedging matched: Avoid “very”."),
        ("unbalanced-bracket", "Paragraph 3: Opening ( is never closed in this paragraph."),
        (
            "name-variant",
            "“Olexandr Kovalenko” (paragraph 4) and “Oleksandr” (first in paragraph 4) are the "
            "same name in another transliteration; the rarer spelling is flagged.",
        ),
    ],
)
def test_the_reason_names_what_fired_and_where(reasons, rule, reason):
    assert reason in reasons[rule]


def test_a_style_finding_names_its_rule():
    [finding] = [
        f
        for f in run_checks(TEXT, language="en", style_rules=RULES[:1]).findings
        if f.rule == "style"
    ]
    assert finding.style_rule == RULES[0]


TITLES = (
    "The council signed the “Memorandum of Cooperation” on Monday.\n"
    "Critics of the “Memorandum of Cooperation” spoke later.\n"
    "Its text calls the Memorandum of Cooperation binding."
)


@pytest.mark.parametrize("text", [TEXT, TITLES], ids=["article", "titles"])
def test_the_templates_the_desk_translates_read_as_the_english_message_and_reason(text):
    findings = run_checks(text, language="en", style_rules=RULES).findings
    worded = [f for f in findings if f.message_words is not None]
    assert {f.rule for f in worded} >= (
        {"repeated-word", "spelling", "unbalanced-bracket", "name-variant"}
        if text is TEXT
        else {"title-variant"}
    )
    for finding in worded:
        assert str(finding.message_words) == finding.message
        assert finding.reason_words is not None
        assert str(finding.reason_words) == finding.reason
        # What the desk stores reads back the same.
        assert str(Words.from_json(finding.reason_words.as_json())) == finding.reason
