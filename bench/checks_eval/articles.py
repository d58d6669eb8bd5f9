"""Short news articles with seeded errors of every check type, and clean articles with
tricky non-errors, each labelled with the findings a good checker returns.

    from bench.checks_eval.articles import build_eval_set
    articles = build_eval_set(seed=7)   # deterministic for a seed

A label is (rule id, text of the span). Sentences are written by hand; names, topics,
errors and their places are drawn with a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from corrigenda.checks import StyleRule


@dataclass(frozen=True)
class EvalArticle:
    text: str
    language: str
    expected: tuple[tuple[str, str], ...]
    site_history: tuple[str, ...] | None = None
    note: str = ""


STYLE_RULES = (
    StyleRule("Kiev", "Kyiv", "Use the Ukrainian spelling."),
    StyleRule("Kharkov", "Kharkiv", "Use the Ukrainian spelling."),
    StyleRule("e-mail", "email"),
    StyleRule(r"\b(\d+) per cent\b", r"\1%", "Figures take the % sign.", "info", "regex"),
    StyleRule("Кировоград", "Кропивницький", "Місто перейменовано 2016 року."),
    StyleRule("Днепропетровск", "Днепр", "Город переименован в 2016 году."),
)

# ---- English --------------------------------------------------------------------------

EN_PEOPLE = (
    ("Oleksandr", "Kovalenko"),
    ("Yulia", "Marchenko"),
    ("Andriy", "Shevchuk"),
    ("Volodymyr", "Zelenskyy"),
    ("Kateryna", "Bondarenko"),
    ("Martin", "Fairbanks"),
    ("Susan", "Whitaker"),
    ("Daniel", "Ostrowski"),
)
# Romanisation variants a reporter might type for the same person.
EN_ROMANISATION = {
    "Oleksandr": "Olexandr",
    "Yulia": "Julia",
    "Andriy": "Andrii",
    "Zelenskyy": "Zelensky",
    "Kovalenko": "Kowalenko",
    "Shevchuk": "Shewchuk",
    "Ostrowski": "Ostrovski",
}
EN_CITIES = ("Lviv", "Odesa", "Dnipro", "Chernihiv", "Poltava", "Vinnytsia")
EN_TITLES = (
    ("Minsk Protocol", "Minsk Accord"),
    ("Paris Agreement", "Paris Accord"),
    ("Digital Services Act", "Digital Services Law"),
    ("Harbour Commission", "Harbour Committee"),
    ("Northern Hospital", "Northern Clinic"),
    ("Budget Committee", "Budget Commission"),
)
EN_SENTENCES = (
    "{first} {last} told reporters in {city} that the talks would continue next week.",
    "Officials said the decision was taken after a long meeting on Tuesday evening.",
    "According to {last}, the city council had not been consulted before the vote.",
    "The regional administration said repairs to the bridge would take at least a month.",
    "Residents of {city} queued for hours outside the main post office.",
    "{last} added that the budget for the project had doubled since the spring.",
    "The report, published on Wednesday, found that most schools lacked shelters.",
    "Several hundred people gathered in the central square to protest against the plan.",
    "A spokesperson for the ministry declined to comment on the figures.",
    "Prices for bread and milk rose sharply over the summer months.",
    "The mayor of {city} promised that heating would be restored by the weekend.",
    "Farmers in the region say the harvest was the worst in a decade.",
    "{last} has led the committee since it was set up three years ago.",
    "Critics argue that the new rules will hurt small businesses the most.",
    "The train service between {city} and the capital resumed on Monday morning.",
    "Volunteers delivered food and medicine to villages near the front line.",
    "Under the {title}, both sides agreed to withdraw heavy weapons.",
    "Diplomats said the {title} remained the only framework on the table.",
    "The opposition called for an independent inquiry into the contract.",
    "Teachers in {city} have not been paid for two months, the union said.",
)
EN_TYPOS = (
    ("government", "goverment"),
    ("received", "recieved"),
    ("separate", "seperate"),
    ("occurred", "occured"),
    ("until", "untill"),
    ("believe", "beleive"),
    ("necessary", "neccessary"),
    ("environment", "enviroment"),
    ("independent", "independant"),
    ("tomorrow", "tommorow"),
)
EN_TYPO_SENTENCES = (
    "The {word} said it would publish the full results later this month.",
    "Officials said the money was {word} in full last year.",
    "The two agencies will carry out {word} investigations.",
    "Nobody could explain how the mistake had {word}.",
    "The road will stay closed {word} the end of the week.",
    "Few people {word} the promise will be kept.",
    "Engineers said further repairs were {word} before winter.",
    "The plan includes new rules to protect the {word}.",
    "An {word} audit found no evidence of fraud.",
    "The vote is expected to take place {word} morning.",
)
EN_BOILERPLATE_LINES = (
    "Read more: Floods close roads across the western region",
    "Sign up for our newsletter",
    "Most read",
    "Related stories",
    "See also: How the city plans to rebuild its schools",
)
EN_HISTORY_LINES = (
    "Our journalism is funded by readers like you. Support us today.",
    "This article was produced with the support of the regional media fund.",
)


def _en_filler(rng: random.Random, person: tuple[str, str], city: str, title: str, n: int):
    first, last = person
    sentences = rng.sample(EN_SENTENCES, n)
    return [s.format(first=first, last=last, city=city, title=title) for s in sentences]


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.randint(2, 3):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


@dataclass
class _Draft:
    paragraphs: list[str]
    expected: list[tuple[str, str]] = field(default_factory=list)

    def insert(self, rng: random.Random, paragraph: str) -> None:
        self.paragraphs.insert(rng.randint(1, len(self.paragraphs)), paragraph)

    def append_sentence(self, rng: random.Random, sentence: str) -> None:
        index = rng.randrange(len(self.paragraphs))
        self.paragraphs[index] = f"{self.paragraphs[index]} {sentence}"


def _seed_en_error(rng: random.Random, draft: _Draft, kind: str, person, city, title) -> None:
    first, last = person
    if kind == "style":
        word = rng.choice(("Kiev", "Kharkov"))
        draft.append_sentence(rng, f"The delegation travelled to {word} on Thursday.")
        draft.expected.append(("style", word))
    elif kind == "repeated-word":
        word = rng.choice(("the", "a", "to", "in"))
        sentence = {
            "the": "Police closed the the road for several hours.",
            "a": "The council approved a a new plan for the park.",
            "to": "Ministers agreed to to meet again in March.",
            "in": "Water supplies were cut in in three districts.",
        }[word]
        draft.append_sentence(rng, sentence)
        draft.expected.append(("repeated-word", f"{word} {word}"))
    elif kind == "unbalanced-quote":
        if rng.random() < 0.5:
            draft.insert(rng, f"“We will not give up, {last} said after the meeting.")
            draft.expected.append(("unbalanced-quote", "“"))
        else:
            draft.insert(rng, f'"We need more time, {last} told the council.')
            draft.expected.append(("unbalanced-quote", '"'))
    elif kind == "unbalanced-bracket":
        draft.append_sentence(
            rng, "The fund (set up in 2019 by a group of donors has paid out little."
        )
        draft.expected.append(("unbalanced-bracket", "("))
    elif kind == "spelling":
        index = rng.randrange(len(EN_TYPOS))
        _right, wrong = EN_TYPOS[index]
        draft.append_sentence(rng, EN_TYPO_SENTENCES[index].format(word=wrong))
        draft.expected.append(("spelling", wrong))
    elif kind == "name-variant":
        variant = EN_ROMANISATION.get(last) or (last[:3] + last[4:])
        draft.paragraphs.append(f"{variant} is expected to report back to {city} next month.")
        draft.expected.append(("name-variant", variant))
    elif kind == "title-variant":
        right, wrong = next(pair for pair in EN_TITLES if pair[0] == title)
        draft.paragraphs.append(f"Some observers doubt that the {wrong} can survive the winter.")
        draft.expected.append(("title-variant", wrong))
    elif kind == "boilerplate":
        line = rng.choice(EN_BOILERPLATE_LINES)
        draft.insert(rng, line)
        draft.expected.append(("boilerplate", line))
    elif kind == "boilerplate-history":
        line = rng.choice(EN_HISTORY_LINES)
        draft.paragraphs.append(line)
        draft.expected.append(("boilerplate", line))


def _furniture_last(kind: str) -> bool:
    return kind.startswith("boilerplate")


EN_TRICKY = (
    # Names that really differ.
    "Ivan Petrenko and his daughter Ivana Petrenko both spoke at the hearing; "
    "Ivan said little, Ivana said more.",
    "John Carter and his sister Joan Carter run the bakery. John bakes and Joan sells.",
    "Germany sent aid, and the German ambassador visited Austria and then Australia.",
    "Maria Lopez and Mario Lopez, who are not related, both won seats.",
    # Quoted misspellings, kept as written.
    "A banner on the school read “Wellcome home” in large letters.",
    'The sign said the shop was "closd" for the day.',
    'The minister wrote that the plan was "unaceptable" [sic] and must change.',
    # Titles that really are different things.
    "The Budget Act passed in May, and the Budget Committee will review it in June.",
    "The Geneva Conventions were cited, as was the Geneva Airport expansion.",
    # Grammatical doubles, numbers, list markers, nested quotes.
    "He said that that decision had had consequences for months.",
    "The score was 10 10 at half time, officials said.",
    "1) Close the roads. 2) Open the shelters.",
    "“The word ‘never’ is not in our vocabulary,” she said.",
    "Readers can reach the desk by email, and the station reopened (after a month).",
    # Written after the checks were tuned, to keep the figures honest.
    "Vitali Klitschko and his brother Wladimir Klitschko both attended the ceremony.",
    "Anna Kowalska and her husband Piotr Kowalski run the shelter together.",
    "Smith said the Smyth report, written by a different author, was flawed.",
    "The organisation's programme was moved to the arts centre in the autumn.",
    "The footage was geolocated by volunteers and shared in a livestream.",
    "The Treaty of Versailles was discussed at the Versailles Conference.",
    "“We stayed for a week,” she said.\n“Then the shelling stopped,” she added.",
    "“We stayed in the basement for a week.\n“Then the shelling stopped,” she said.",
)


def _english_articles(rng: random.Random, count: int) -> list[EvalArticle]:
    kinds = (
        "style",
        "repeated-word",
        "unbalanced-quote",
        "unbalanced-bracket",
        "spelling",
        "name-variant",
        "title-variant",
        "boilerplate",
        "boilerplate-history",
    )
    history = tuple(
        "\n".join([*_paragraphs(rng, _en_filler(rng, EN_PEOPLE[i], "Lviv", "Minsk Protocol", 4)),
                   *EN_HISTORY_LINES])
        for i in range(5)
    )  # fmt: skip
    articles = []
    for number in range(count):
        person = rng.choice(EN_PEOPLE)
        city = rng.choice(EN_CITIES)
        title = rng.choice(EN_TITLES)[0]
        sentences = _en_filler(rng, person, city, title, rng.randint(5, 8))
        # Every article names the person and the title at least twice, so variants have a majority.
        sentences += [
            f"{person[0]} {person[1]} has spoken about the {title} before.",
            f"{person[1]} said the {title} would be discussed again.",
        ]
        rng.shuffle(sentences)
        draft = _Draft(_paragraphs(rng, sentences))
        if number % 3 == 2:
            for paragraph in rng.sample(EN_TRICKY, 3):
                draft.insert(rng, paragraph)
            note = "clean, tricky"
        else:
            # Furniture lines go in last, so no seeded sentence is appended to them.
            chosen = sorted(rng.sample(kinds, rng.randint(1, 2)), key=_furniture_last)
            for kind in chosen:
                _seed_en_error(rng, draft, kind, person, city, title)
            note = "seeded"
        uses_history = any(line in draft.paragraphs for line in EN_HISTORY_LINES)
        articles.append(
            EvalArticle(
                "\n".join(draft.paragraphs),
                "en",
                tuple(draft.expected),
                history if uses_history or number % 5 == 0 else None,
                note,
            )
        )
    return articles


# ---- Ukrainian and Russian ------------------------------------------------------------

# (first name, surname, surname in the genitive case)
UK_PEOPLE = (
    ("Олександр", "Коваленко", "Коваленка"),
    ("Юлія", "Марченко", "Марченко"),
    ("Андрій", "Шевчук", "Шевчука"),
    ("Катерина", "Бондаренко", "Бондаренко"),
)
RU_PEOPLE = (
    ("Александр", "Коваленко", "Коваленко"),
    ("Юлия", "Марченко", "Марченко"),
    ("Андрей", "Шевчук", "Шевчука"),
    ("Екатерина", "Бондаренко", "Бондаренко"),
)
UK_CITIES = ("Львові", "Одесі", "Полтаві", "Вінниці")
# (genitive, instrumental, the same thing's other name as the seeded error, accusative)
UK_TITLES = (
    ("Мінських угод", "Мінськими угодами", "Мінський протокол"),
    ("Будапештського меморандуму", "Будапештським меморандумом", "Будапештську угоду"),
    ("Харківської обласної лікарні", "Харківською обласною лікарнею", "Харківську обласну клініку"),
    ("Бюджетного комітету", "Бюджетним комітетом", "Бюджетну комісію"),
)
# (genitive, instrumental, the other name in the prepositional)
RU_TITLES = (
    ("Минских соглашений", "Минскими соглашениями", "Минском протоколе"),
    ("Будапештского меморандума", "Будапештским меморандумом", "Будапештском соглашении"),
    (
        "Харьковской областной больницы",
        "Харьковской областной больницей",
        "Харьковской областной клинике",
    ),
    ("Бюджетного комитета", "Бюджетным комитетом", "Бюджетной комиссии"),
)
RU_CITIES = ("Львове", "Одессе", "Полтаве", "Виннице")
UK_SENTENCES = (
    "{first} {last} заявив журналістам у {city}, що переговори триватимуть наступного тижня.",
    "За словами {last_gen}, міська рада не ухвалювала такого рішення.",
    "Посадовці повідомили, що ремонт мосту триватиме щонайменше місяць.",
    "Мешканці міста годинами стояли в черзі біля пошти.",
    "{last} додав, що бюджет проєкту зріс удвічі з весни.",
    "У звіті йдеться про те, що більшість шкіл не мають укриттів.",
    "Кілька сотень людей зібралися на центральній площі.",
    "У міністерстві відмовилися коментувати ці цифри.",
    "Ціни на хліб і молоко влітку суттєво зросли.",
    "Волонтери доставили їжу та ліки до сіл поблизу фронту.",
    "Опозиція вимагає незалежного розслідування.",
    "Вчителі не отримують зарплату вже два місяці, повідомили в профспілці.",
)
RU_SENTENCES = (
    "{first} {last} заявил журналистам в {city}, что переговоры продолжатся на следующей неделе.",
    "По словам {last_gen}, городской совет не принимал такого решения.",
    "Чиновники сообщили, что ремонт моста займёт не меньше месяца.",
    "Жители города часами стояли в очереди у почты.",
    "{last} добавил, что бюджет проекта вырос вдвое с весны.",
    "В докладе говорится, что в большинстве школ нет укрытий.",
    "Несколько сотен человек собрались на центральной площади.",
    "В министерстве отказались комментировать эти цифры.",
    "Цены на хлеб и молоко летом заметно выросли.",
    "Волонтёры доставили еду и лекарства в сёла у линии фронта.",
    "Оппозиция требует независимого расследования.",
    "Учителям не платят зарплату уже два месяца, сообщили в профсоюзе.",
)
UK_ERRORS = {
    "style": ("Делегація прибула до міста Кировоград у четвер.", "Кировоград"),
    "repeated-word": ("Поліція перекрила дорогу дорогу на кілька годин.", "дорогу дорогу"),
    "unbalanced-quote": ("«Ми не здамося, — сказав він після зустрічі.", "«"),
    "unbalanced-bracket": ("Фонд (створений 2019 року виплатив небагато.", "("),
    "spelling": ("Міністр заявл, що рішення ухвалять восени.", "заявл"),
    "boilerplate": ("Читайте також: Повені закрили дороги на заході країни", None),
}
RU_ERRORS = {
    "style": ("Делегация прибыла в Днепропетровск в четверг.", "Днепропетровск"),
    "repeated-word": ("Полиция перекрыла дорогу дорогу на несколько часов.", "дорогу дорогу"),
    "unbalanced-quote": ("«Мы не сдадимся, — сказал он после встречи.", "«"),
    "unbalanced-bracket": ("Фонд (созданный в 2019 году выплатил немного.", "("),
    "spelling": ("По словам министра, правитльство ответит до конца недели.", "правитльство"),
    "boilerplate": ("Читайте также: Наводнения закрыли дороги на западе страны", None),
}
UK_TRICKY = (
    "Іван Петренко та його донька Івана Петренко виступили на слуханнях.",
    "Олександр та Олександра Мельники приїхали до Києва, а потім із Києва до Харкова.",
    "Дрони атакували місто вночі, розповіла волонтерка.",
    "«Слово „ніколи“ ми не вживаємо», — сказала вона.",
    "Про це розповів Коваленко, а пізніше підтвердив і Коваленка брат.",
    "Паризька угода про клімат і Мінські угоди не мають нічого спільного.",
    "Нова угода не замінює старий договір, пояснив юрист.",
)
RU_TRICKY = (
    "Иван Петренко и его дочь Ивана Петренко выступили на слушаниях.",
    "Александр и Александра Мельник приехали в Киев, а потом из Киева в Харьков.",
    "Дроны атаковали город ночью, рассказала волонтёрка.",
    "«Слово „никогда“ мы не используем», — сказала она.",
    "Парижское соглашение по климату и Минские соглашения никак не связаны.",
    "Новое соглашение не отменяет старый договор, пояснил юрист.",
)


def _cyrillic_articles(rng: random.Random, count: int, language: str) -> list[EvalArticle]:
    people, cities, bank, errors, tricky, titles = (
        (UK_PEOPLE, UK_CITIES, UK_SENTENCES, UK_ERRORS, UK_TRICKY, UK_TITLES)
        if language == "uk"
        else (RU_PEOPLE, RU_CITIES, RU_SENTENCES, RU_ERRORS, RU_TRICKY, RU_TITLES)
    )
    articles = []
    for number in range(count):
        first, last, last_gen = rng.choice(people)
        city = rng.choice(cities)
        title_gen, title_ins, other_title = rng.choice(titles)
        sentences = [
            s.format(first=first, last=last, last_gen=last_gen, city=city)
            for s in rng.sample(bank, rng.randint(5, 7))
        ]
        # Every article names its title twice, in two case forms: one title, not two.
        sentences += (
            [f"Сторони знову послалися на положення {title_gen}.",
             f"Опозиція незадоволена {title_ins}."]
            if language == "uk"
            else [f"Стороны снова сослались на положения {title_gen}.",
                  f"Оппозиция недовольна {title_ins}."]
        )  # fmt: skip
        sentences += [
            f"{first} {last} вже говорив про це раніше."
            if language == "uk"
            else f"{first} {last} уже говорил об этом раньше.",
            f"{last} наголосив, що часу мало."
            if language == "uk"
            else f"{last} подчеркнул, что времени мало.",
        ]
        rng.shuffle(sentences)
        draft = _Draft(_paragraphs(rng, sentences))
        if number % 3 == 2:
            for paragraph in rng.sample(tricky, 2):
                draft.insert(rng, paragraph)
            note = "clean, tricky"
        else:
            kinds = [*errors, "name-variant", "title-variant"]
            for kind in sorted(rng.sample(kinds, rng.randint(1, 2)), key=_furniture_last):
                if kind == "name-variant":
                    # A dropped letter inside the surname.
                    variant = last[:3] + last[4:]
                    draft.paragraphs.append(
                        f"{variant} відповів коротко." if language == "uk"
                        else f"{variant} ответил коротко."
                    )  # fmt: skip
                    draft.expected.append(("name-variant", variant))
                    continue
                if kind == "title-variant":
                    draft.paragraphs.append(
                        f"Про {other_title} згадали й учасники зустрічі." if language == "uk"
                        else f"О {other_title} вспомнили и участники встречи."
                    )  # fmt: skip
                    draft.expected.append(("title-variant", other_title))
                    continue
                line, span_text = errors[kind]
                if kind in ("boilerplate", "unbalanced-quote"):
                    draft.insert(rng, line)
                else:
                    draft.append_sentence(rng, line)
                draft.expected.append((kind, span_text if span_text is not None else line))
            note = "seeded"
        articles.append(
            EvalArticle("\n".join(draft.paragraphs), language, tuple(draft.expected), None, note)
        )
    return articles


def build_eval_set(seed: int = 7) -> list[EvalArticle]:
    """96 English, 16 Ukrainian and 16 Russian articles, the same for the same seed."""
    rng = random.Random(seed)
    return [
        *_english_articles(rng, 96),
        *_cyrillic_articles(rng, 16, "uk"),
        *_cyrillic_articles(rng, 16, "ru"),
    ]


def build_long_article(rng: random.Random, words: int = 800) -> str:
    """An ~800-word English article for timing: filler paragraphs with a few seeded errors."""
    person, city, title = rng.choice(EN_PEOPLE), rng.choice(EN_CITIES), rng.choice(EN_TITLES)[0]
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences += _en_filler(rng, person, city, title, 6)
    draft = _Draft(_paragraphs(rng, sentences))
    for kind in ("spelling", "repeated-word", "name-variant", "boilerplate"):
        _seed_en_error(rng, draft, kind, person, city, title)
    return "\n".join(draft.paragraphs)
