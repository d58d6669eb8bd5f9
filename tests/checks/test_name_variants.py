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
        # The whole name is reported when the word beside it also stands beside the
        # other spelling.
        (
            "Oleksandr Kovalenko cooks. Oleksandr, do you miss Kyiv? Olexandr Kovalenko smiled.",
            "en",
            [("Olexandr Kovalenko", "Oleksandr")],
        ),
        # Met once each, but beside the same first name: one person, the later form flagged.
        (
            "Азамат Жумабеков приехал в Ригу. Через год Азамат Джумабеков открыл кафе.",
            "ru",
            [("Азамат Джумабеков", "Жумабеков")],
        ),
        # Case forms are one spelling; a name's own variant is another.
        (
            "Юрист Дарья Ковальчук выступила. Заявила Дарья Ковальчук. По словам Дарии "
            "Ковальчук, всё ясно.",
            "ru",
            [("Дарии Ковальчук", "Дарья")],
        ),
        (
            "Наталія Гордієнко відповіла. Ми говорили з Наталією Гордієнко. Пані Наталіє, "
            "дякуємо. Наталя Гордієнко очолює бібліотеку.",
            "uk",
            [("Наталя Гордієнко", "Наталія")],
        ),
        # Relatives: feminine surname forms and brothers are other people.
        ("Денис Петров и его жена Ксения Петрова уехали. Петров остался.", "ru", []),
        ("Брати Іван Мельник і Тарас Мельник судяться. Мельники програли.", "uk", []),
        ("Лиене Петерсоне и её отец Андрис Петерсонс. Петерсонс молчит.", "ru", []),
        ("Rory Gilchrist and his mother Anne Gilchrist spoke. Gilchrist said no.", "en", []),
    ],
)
def test_name_variants_point_at_both_spellings(text, language, expected):
    findings = check_name_variants(
        text, language=language, is_common_word=lambda w: is_known_word(w, language)
    )
    assert [(f.quote(text), f.suggestion) for f in findings] == expected
    for finding in findings:
        assert text[finding.related[0] : finding.related[1]] == finding.suggestion
        assert "here" in finding.message and "spelled two ways" in finding.message
