import pytest

from corrigenda.checks.spelling import is_known_word
from corrigenda.checks.title_variants import check_title_variants


def _check(text, language="en"):
    return check_title_variants(
        text, language=language, is_common_word=lambda w: is_known_word(w, language)
    )


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
        # The same head, one modifier changed.
        (
            "The schools signed a Memorandum of Cooperation. The Memorandum of Cooperation "
            "runs for three years. The Memorandum of Understanding is due for renewal.",
            [("Memorandum of Understanding", "Memorandum of Cooperation")],
        ),
        (
            "Both sides signed the Treaty of Friendship in May. Under the Treaty of "
            "Partnership, trade doubled.",
            [("Treaty of Partnership", "Treaty of Friendship")],
        ),
        (
            "The Ministry of Defence said. A Ministry of Defence spokesman added that the "
            "Ministry of Defense had no comment.",
            [("Ministry of Defense", "Ministry of Defence")],
        ),
        (
            "The bill creates an Office of Tenant Protection. The Office of Tenant "
            "Protection would hire six. Once signed, the Office of Tenant Rights opens.",
            [("Office of Tenant Rights", "Office of Tenant Protection")],
        ),
        (
            "Westmoor County Council’s plan was approved. Westmoor County Council says so. "
            "But Westmoor District Council has promised a review.",
            [("Westmoor District Council", "Westmoor County Council")],
        ),
        (
            "The Rural Health Transformation Fund pays. The Rural Health Transformation "
            "Fund opened. Towns applied to the Rural Health Transition Fund.",
            [("Rural Health Transition Fund", "Rural Health Transformation Fund")],
        ),
        # Different heads, different bodies, different laws: left alone.
        ("The Budget Committee met; the Budget Office and the Harbour Committee did not.", []),
        ("The Consumer Data Privacy Act and the Government Data Practices Act differ.", []),
        ("The Treaty of Versailles and the Treaty of Paris ended two wars.", []),
        ("The Transit Authority and the Transit Advisory Board disagree.", []),
        ("The National Council and the National Commission met.", []),
        # The same title once in quotation marks and once without.
        (
            "The “Safe Streets” scheme began. The “Safe Streets” scheme covers ten roads. "
            "Safe Streets will be reviewed in May.",
            [("Safe Streets", "“Safe Streets”")],
        ),
    ],
)
def test_title_variants(text, expected):
    findings = _check(text)
    assert [(f.quote(text), text[slice(*f.related)]) for f in findings] == expected
    for finding in findings:
        assert "here" in finding.message and "paragraph" in finding.message


# Ukrainian and Russian: titles inflect, so they are compared by dictionary forms; the
# finding points at the other title without a drop-in suggestion.
@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Сторони посилаються на положення Мінської угоди. Опозиція незадоволена "
            "Мінською угодою. Про Мінський протокол згадали й учасники.",
            "uk",
            [("Мінський протокол", "Мінської угоди")],
        ),
        (
            "Будапештський меморандум підписали 1994 року. Будапештську угоду згадують "
            "рідко, а Будапештського меморандуму дотримуються не всі.",
            "uk",
            [("Будапештську угоду", "Будапештський меморандум")],
        ),
        (
            "Хворих везуть до Київської міської лікарні. У Київській міській лікарні "
            "бракує ліжок, а Київська міська клініка зачинена.",
            "uk",
            [("Київська міська клініка", "Київської міської лікарні")],
        ),
        (
            "Про це йдеться в Мінській угоді. «Мінський протокол — мертвий», — сказав він.",
            "uk",
            [("Мінський протокол", "Мінській угоді")],
        ),
        # A head with genitive modifiers; another head of the family, or a shorter form.
        (
            "За даними Департаменту освіти і науки, шкіл бракує. У Департаменті освіти і "
            "науки склали список. Депутати доручили Управлінню освіти і науки до кінця "
            "місяця все перевірити.",
            "uk",
            [("Управлінню освіти і науки", "Департаменту освіти і науки")],
        ),
        (
            "За даними Міністерства енергетики, ремонт триває. У Міністерстві енергетики "
            "наголошують на економії. Як повідомили в Міністерстві енергетики та вугільної "
            "промисловості, графіки скасують.",
            "uk",
            [
                (
                    "Міністерстві енергетики та вугільної промисловості",
                    "Міністерства енергетики",
                )
            ],
        ),
        (
            "Бюджет обсуждали в Комитете по финансам и администрированию думы. По словам "
            "председателя Комитета по финансам и администрированию, денег мало. Отчёт "
            "Комиссия по финансам представит в марте.",
            "ru",
            [("Комиссия по финансам", "Комитете по финансам и администрированию думы")],
        ),
        (
            "Нужно разрешение Государственного агентства занятости. Его выдаёт "
            "Государственное агентство занятости. Разрешение Государственной службы "
            "занятости выдают за две недели.",
            "ru",
            [("Государственной службы занятости", "Государственного агентства занятости")],
        ),
        # A document named by a preposition phrase, in another case the second time.
        (
            "Город подписал Меморандум о сотрудничестве. В Меморандуме о взаимопонимании "
            "есть срок.",
            "ru",
            [("Меморандуме о взаимопонимании", "Меморандум о сотрудничестве")],
        ),
        (
            "Місто підписало Меморандум про співпрацю. У Меморандумі про взаєморозуміння є строк.",
            "uk",
            [("Меморандумі про взаєморозуміння", "Меморандум про співпрацю")],
        ),
        # Case forms of one title are one title.
        (
            "Дипломати поверталися до Мінських угод. Опозиція незадоволена Мінськими "
            "угодами, і Мінські угоди досі чинні. Про Мінські угоди говорять усі.",
            "uk",
            [],
        ),
        (
            "Минское соглашение подписали в феврале. В Минском соглашении нет сроков, "
            "а Минским соглашением недовольны все.",
            "ru",
            [],
        ),
        # A plural names a set; a singular title beside it may be one of its members.
        (
            "Минский протокол подписали в сентябре. Минские соглашения — это уже февраль. "
            "Почему Минские соглашения не выполнили?",
            "ru",
            [],
        ),
        # Different heads or different families are different things.
        ("Паризька угода і Мінські угоди не мають нічого спільного.", "uk", []),
        ("Київський університет і Київська лікарня працюють без світла.", "uk", []),
        ("Мінський формат і Мінські угоди — різні речі.", "uk", []),
        (
            "Заявления проверяет Служба государственной безопасности, а разрешение выдаёт "
            "Государственное агентство занятости.",
            "ru",
            [],
        ),
        # An adjective capitalised only because it starts a sentence names nothing.
        ("Нова угода не замінює старий договір. Новий договір готують.", "uk", []),
        ("Такой закон нужен. Такой кодекс тоже.", "ru", []),
        # A generic noun's stem inside another word is not the noun.
        ("Київський актор і Київський акт різні. Наступний закон.", "uk", []),
    ],
)
def test_title_variants_in_ukrainian_and_russian(text, language, expected):
    findings = _check(text, language)
    assert [(f.quote(text), text[slice(*f.related)]) for f in findings] == expected
    assert all(f.suggestion is None for f in findings)
