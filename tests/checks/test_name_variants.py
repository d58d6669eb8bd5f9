import pytest

from corrigenda.checks.name_variants import check_name_variants
from corrigenda.checks.spelling import is_known_word
from corrigenda.checks.transliteration import name_key


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (("Zelensky", "Zelenskyy", "Зеленський", "Зеленский"), True),
        (("Oleksandr", "Olexandr", "Олександр"), True),
        (("Yulia", "Julia", "Юлія"), True),
        (("Kharkiv", "Харків"), True),
        (("Ivan", "Ivana"), False),
    ],
)
def test_name_key_folds_romanisations(names, same):
    assert (len({name_key(name) for name in names}) == 1) is same


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "President Zelenskyy spoke. Later Zelenskyy left. Aides said Zelensky was tired.",
            "en",
            [("Zelensky", "Zelenskyy")],
        ),
        (
            "Oleksandr Kovalenko spoke. Kovalenko left. Kovalnko returned.",
            "en",
            [("Kovalnko", "Kovalenko")],
        ),
        ("Ivan Petrenko and his daughter Ivana Petrenko spoke.", "en", []),
        # Met once each, two spellings are as often two people.
        ("Smith said the Smyth report was flawed.", "en", []),
        ("John Carter and Joan Carter run the bakery.", "en", []),
        ("Maria Lopez and Mario Lopez won seats.", "en", []),
        ("Germany sent aid; the German envoy visited Austria and Australia.", "en", []),
        ("Those who left said. These who stayed said.", "en", []),
        # Grammatical case changes a name's ending in Ukrainian and Russian.
        ("Коваленко заявив. За словами Коваленка, все гаразд.", "uk", []),
        ("Шевчук заявив. Шевчук пішов. Шевук відповів.", "uk", [("Шевук", "Шевчук")]),
    ],
)
def test_name_variants_point_at_both_spellings(text, language, expected):
    findings = check_name_variants(
        text, language=language, is_common_word=lambda w: is_known_word(w, language)
    )
    assert [(f.quote(text), f.suggestion) for f in findings] == expected
    for finding in findings:
        assert text[finding.related[0] : finding.related[1]] == finding.suggestion
