import pytest

from corrigenda.checks.revision_changes import (
    classify_changes,
    is_substantive,
    phrase_around,
    sentence_around,
)


@pytest.mark.parametrize(
    ("old", "new", "language", "kind", "substantive"),
    [
        # Substantive: what a correction note is for.
        (
            "The council will spend £24 million.",
            "The council will spend £42 million.",
            "en",
            "number",
            True,
        ),
        ("It set aside $1.4 million.", "It set aside $1.4 billion.", "en", "number", True),
        ("Two men were arrested.", "Three men were arrested.", "en", "number", True),
        ("The vote is on 14 May.", "The vote is on 14 June.", "en", "date", True),
        ("The vote is on Tuesday.", "The vote is on Thursday.", "en", "date", True),
        (
            "Police said Petrenko was arrested.",
            "Police said Petrenco was arrested.",
            "en",
            "name",
            True,
        ),
        (
            "The mayor said the plan would go ahead.",
            "The mayor said the plan would not go ahead.",
            "en",
            "negation",
            True,
        ),
        (
            "The minister admitted the error.",
            "The minister denied the error.",
            "en",
            "negation",
            True,
        ),
        (
            "She said: “We will close the school.” Then she left.",
            "She said: “We may close the school.” Then she left.",
            "en",
            "quotation",
            True,
        ),
        (
            "Roads are shut.",
            "Roads are shut. Police are treating the fire as suspicious.",
            "en",
            "sentence added",
            True,
        ),
        (
            "Roads are shut. Police are treating the fire as suspicious.",
            "Roads are shut.",
            "en",
            "sentence removed",
            True,
        ),
        (
            "Мер заявив, що ремонт триватиме тиждень.",
            "Мер заявив, що ремонт не триватиме тиждень.",
            "uk",
            "negation",
            True,
        ),
        ("Рішення ухвалили 12 квітня.", "Рішення ухвалили 21 квітня.", "uk", "date", True),
        (
            "Суд представляла юрист Ковальчук.",
            "Суд представляла юрист Ковальчик.",
            "ru",
            "name",
            True,
        ),
        # Cosmetic: no note needed.
        (
            "Officials recieved the report.",
            "Officials received the report.",
            "en",
            "typo fixed",
            False,
        ),
        ("Police closed the the road.", "Police closed the road.", "en", "typo fixed", False),
        ('He said "no" - twice.', "He said “no” — twice.", "en", "quote marks", False),
        (
            "The plan costs 1,000 pounds.",
            "The plan costs 1 000 pounds.",
            "en",
            "number format",
            False,
        ),
        ("Five people were hurt.", "5 people were hurt.", "en", "number format", False),
        (
            "The vote was on 14/11/2024.",
            "The vote was on 14 November 2024.",
            "en",
            "number format",
            False,
        ),
        ("The fund paid £2m.", "The fund paid £2 million.", "en", "number format", False),
        (
            "First paragraph.\nSecond paragraph.",
            "First paragraph. Second paragraph.",
            "en",
            "whitespace",
            False,
        ),
        ("A long-term plan.", "A longterm plan.", "en", "hyphenation", False),
        ("The Town Council met.", "The town council met.", "en", "capitalisation", False),
        (
            "One. Two is here. Three is there.",
            "One. Three is there. Two is here.",
            "en",
            "sentence moved",
            False,
        ),
        (
            "The trust said on Tuesday that it would close.",
            "On Tuesday the trust said that it would close.",
            "en",
            "reworded",
            False,
        ),
        (
            "Говорили з Наталією Гордієнко.",
            "Говорили з Наталії Гордієнко.",
            "uk",
            "name case",
            False,
        ),
        (
            "Бондаренко сказав. Бондарренко пішов.",
            "Бондаренко сказав. Бондаренко пішов.",
            "uk",
            "typo fixed",
            False,
        ),
        ("Новий проект затвердили.", "Новий проєкт затвердили.", "uk", "typo fixed", False),
        (
            "Встреча 14.05.2025 прошла.",
            "Встреча 14 мая 2025 года прошла.",
            "ru",
            "number format",
            False,
        ),
    ],
)
def test_each_change_is_named_and_judged(old, new, language, kind, substantive):
    changes = classify_changes(old, new, language)
    assert [c.kind for c in changes] == [kind]
    assert is_substantive(changes) is substantive
    change = changes[0]
    assert old[slice(*change.old_span)] == change.old_text
    assert new[slice(*change.new_span)] == change.new_text
    assert change.why.endswith(".") and len(change.why) > 20


def test_no_change_no_changes():
    assert classify_changes("Same text.", "Same text.", "en") == []


def test_several_changes_are_reported_in_order():
    old = "Two men were arrested. Officials recieved the report."
    new = "Three men were arrested. Officials received the report."
    changes = classify_changes(old, new, "en")
    assert [(c.kind, c.substantive) for c in changes] == [("number", True), ("typo fixed", False)]


def test_a_paragraph_added_after_other_edits_is_a_sentence_added():
    # The alignment puts the new paragraph before the old text's last full stop; it is
    # still a sentence added, not "month." reworded.
    old = (
        "The bridge reopens on Monday after the repairs.\n"
        "The works cost 4 million euros, paid by the city.\n"
        "Traffic will return to normal by the end of the month."
    )
    new = (
        old.replace("4 million", "4.5 million").replace("Monday", "Tuesday")
        + "\nThe mayor has since resigned over the cost."
    )
    assert [c.kind for c in classify_changes(old, new, "en")] == [
        "date",
        "number",
        "sentence added",
    ]
    assert [c.kind for c in classify_changes(new, old, "en")][-1] == "sentence removed"
    added = classify_changes(old, new, "en")[-1]
    assert added.new_text == "\nThe mayor has since resigned over the cost."


@pytest.mark.parametrize(
    ("span_of", "sentence"),
    [
        ("4", "The works cost 4 million euros, paid by the city."),
        ("Monday", "The bridge reopens on Monday after the repairs."),
    ],
)
def test_the_sentence_around_a_change(span_of, sentence):
    text = (
        "The bridge reopens on Monday after the repairs. "
        "The works cost 4 million euros, paid by the city.\nMore."
    )
    at = text.index(span_of)
    assert sentence_around(text, (at, at + len(span_of))) == sentence


@pytest.mark.parametrize(
    ("text", "changed", "phrase"),
    [
        ("The mayor said the works cost 4 million euros.", "4", "works cost 4 million euros"),
        ("Then, 12 people left the hall.", "12", "12 people left"),
        ("Їх було 40, сказав мер.", "40", "Їх було 40"),
    ],
)
def test_the_phrase_a_note_quotes_stays_in_its_clause(text, changed, phrase):
    at = text.index(changed)
    assert phrase_around(text, (at, at + len(changed))) == phrase
