import pytest

from corrigenda.checks.title_variants import check_title_variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Under the Minsk Protocol, troops left. The Minsk Protocol held. "
            "The Minsk Accord failed.",
            [("Minsk Accord", "Minsk Protocol")],
        ),
        (
            "The Digital Services Act passed. Critics of the Digital Services Law objected.",
            [("Digital Services Law", "Digital Services Act")],
        ),
        ("The Budget Act passed; the Budget Committee reviews it.", []),
        ("The Geneva Conventions and the Geneva Convention are one thing.", []),
        ("The Paris Agreement and the Rome Agreement differ.", []),
        (
            "Both signed the Minsk agreement. Then the Minsk Protocol.",
            [("Minsk Protocol", "Minsk agreement")],
        ),
    ],
)
def test_title_variants(text, expected):
    findings = check_title_variants(text)
    assert [(f.quote(text), f.suggestion) for f in findings] == expected
    for finding in findings:
        assert text[finding.related[0] : finding.related[1]] == finding.suggestion


# Ukrainian and Russian: the head adjective and the generic noun inflect, so a title is
# compared by stems; the finding points at the other title without a drop-in suggestion.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Сторони посилаються на положення Мінських угод. Опозиція незадоволена "
            "Мінськими угодами. Про Мінський протокол згадали й учасники.",
            [("Мінський протокол", "Мінських угод")],
        ),
        (
            "Будапештський меморандум підписали 1994 року. Будапештську угоду згадують "
            "рідко, а Будапештського меморандуму дотримуються не всі.",
            [("Будапештську угоду", "Будапештський меморандум")],
        ),
        (
            "По словам дипломатов, Минские соглашения мертвы. О Минских соглашениях "
            "спорят давно. Минский протокол тоже не выполняется.",
            [("Минский протокол", "Минские соглашения")],
        ),
        (
            "Хворих везуть до Київської міської лікарні. У Київській міській лікарні "
            "бракує ліжок, а Київська міська клініка зачинена.",
            [("Київська міська клініка", "Київської міської лікарні")],
        ),
        (
            "Про це йдеться в Мінських угодах. «Мінський протокол — мертвий», — сказав він.",
            [("Мінський протокол", "Мінських угодах")],
        ),
        # Case forms of one title are one title.
        (
            "Дипломати поверталися до Мінських угод. Опозиція незадоволена Мінськими "
            "угодами, і Мінські угоди досі чинні. Про Мінські угоди говорять усі.",
            [],
        ),
        (
            "Минское соглашение подписали в феврале. В Минском соглашении нет сроков, "
            "а Минским соглашением недовольны все.",
            [],
        ),
        # Different heads or different families are different things.
        ("Паризька угода і Мінські угоди не мають нічого спільного.", []),
        ("Київський університет і Київська лікарня працюють без світла.", []),
        ("Мінський формат і Мінські угоди — різні речі.", []),
        # An adjective capitalised only because it starts a sentence names nothing.
        ("Нова угода не замінює старий договір. Новий договір готують.", []),
        ("Такой закон нужен. Такой кодекс тоже.", []),
        # A generic noun's stem inside another word is not the noun.
        ("Київський актор і Київський акт різні. Наступний закон.", []),
    ],
)
def test_title_variants_in_ukrainian_and_russian(text, expected):
    findings = check_title_variants(text)
    assert [(f.quote(text), text[slice(*f.related)]) for f in findings] == expected
    assert all(f.suggestion is None for f in findings)
