import pytest

from corrigenda.checks.spelling import check_spelling, suggestions


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The goverment said it would recieve aid.", "en", ["goverment", "recieve"]),
        ("The delegation travelled to the theatre.", "en", []),
        ("The well-briefed officials didn't comment.", "en", []),
        # Names: capitalised words are not looked up, nor their lower-case use elsewhere.
        ("Zelenskyy met Kovalenko. Later kovalenko left.", "en", []),
        ("A banner read “Wellcome home” at the gate.", "en", []),
        ('The plan was "unaceptable" [sic] they wrote.', "en", []),
        ("The long quote “we will recieve all the aid we need” was wrong.", "en", ["recieve"]),
        ("Міністр заявл, що бюджет проєкту ухвалять.", "uk", ["заявл"]),
        ("Пам’ять і памʼять пишуть з апострофом.", "uk", []),
        ("По словам министра, правитльство ответит.", "ru", ["правитльство"]),
        ("Les mots ne sont pas vérifiés.", "fr", []),
    ],
)
def test_spelling_uses_the_languages_hunspell_dictionary(text, language, expected):
    findings = check_spelling(text, language=language)
    assert [f.quote(text) for f in findings] == expected


def test_accepted_words_of_the_site_are_not_flagged():
    text = "The starosta met the hromada."
    assert [f.quote(text) for f in check_spelling(text, language="en")] == ["starosta", "hromada"]
    assert check_spelling(text, language="en", accepted_words=["Starosta", "hromada"]) == []


def test_suggestions_come_from_hunspell():
    assert "receive" in suggestions("recieve", "en")
