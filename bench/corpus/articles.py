"""Plausible news articles written from the phrasebook, deterministically from a seed.

An article is paragraphs of sentences, in the normalised form the product stores
(`normalize_article_text`: one line per paragraph). Like real copy, it carries a few
typos; each is recorded with the word it should be, so that edits can fix them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .phrasebook import PHRASEBOOKS, Phrasebook
from .typography import retypeset

_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?\}")
_WORD = re.compile(r"[^\W\d_]{5,}")
TYPO_RATE = 0.08


@dataclass(frozen=True)
class Typo:
    """A misspelled word at `[start, end)` of the article text, and its right spelling."""

    start: int
    end: int
    correct: str


@dataclass(frozen=True)
class Sentence:
    text: str
    # For sentences that name one person twice: the name.
    repeated_name: str = ""
    # (offset in the sentence, misspelled length, right spelling)
    typo: tuple[int, int, str] | None = None


@dataclass(frozen=True)
class SentenceAt:
    paragraph: int
    index: int
    start: int
    end: int
    sentence: Sentence


@dataclass
class Article:
    id: str
    language: str
    typographic: bool
    cast: list[tuple[str, str]]
    paragraphs: list[list[Sentence]]
    text: str = ""
    sentences: list[SentenceAt] = field(default_factory=list)
    paragraph_spans: list[tuple[int, int]] = field(default_factory=list)
    typos: list[Typo] = field(default_factory=list)

    def __post_init__(self) -> None:
        lines, at = [], 0
        for number, paragraph in enumerate(self.paragraphs):
            start = at
            for index, sentence in enumerate(paragraph):
                if index:
                    at += 1
                self.sentences.append(
                    SentenceAt(number, index, at, at + len(sentence.text), sentence)
                )
                if sentence.typo:
                    offset, length, correct = sentence.typo
                    self.typos.append(Typo(at + offset, at + offset + length, correct))
                at += len(sentence.text)
            self.paragraph_spans.append((start, at))
            lines.append(" ".join(s.text for s in paragraph))
            at += 1
        self.text = "\n".join(lines)

    @property
    def words(self) -> int:
        return len(self.text.split())

    def sentences_in(self, paragraph: int) -> list[SentenceAt]:
        return [s for s in self.sentences if s.paragraph == paragraph]


def make_article(article_id: str, language: str, seed: int, words: int = 1500) -> Article:
    rng = random.Random(seed)
    book = PHRASEBOOKS[language]
    cast = rng.sample(book.people, 5)
    typographic = rng.random() < 0.5
    sentences: list[Sentence] = []
    count = 0
    while count < words:
        repeated = len(sentences) % 12 == 5
        template = rng.choice(book.repeated_name if repeated else book.templates)
        sentence = write_sentence(rng, book, cast, template, typographic)
        sentences.append(sentence)
        count += len(sentence.text.split())
    paragraphs: list[list[Sentence]] = []
    while sentences:
        size = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
        paragraphs.append(sentences[:size])
        sentences = sentences[size:]
    return Article(article_id, language, typographic, cast, paragraphs)


def write_sentence(
    rng: random.Random,
    book: Phrasebook,
    cast: list[tuple[str, str]],
    template: str,
    typographic: bool,
    with_typo: bool | None = None,
) -> Sentence:
    """Fill a template; maybe misspell one of its words (for a sentence naming one
    person twice, sometimes the surname in the second mention)."""
    first, second = rng.sample(cast, 2)
    text = fill_slots(rng, book, cast, template, first, second)
    repeated_name = first[0] if template.count("{p}") == 2 else ""
    if typographic:
        text = retypeset(text, book.language, to_typographic=True)
        repeated_name = retypeset(repeated_name, book.language, to_typographic=True)
    if with_typo is None:
        with_typo = rng.random() < TYPO_RATE
    typo = None
    if repeated_name and rng.random() < 0.3:
        surname = repeated_name.split()[-1]
        at = text.rfind(repeated_name) + len(repeated_name) - len(surname)
        text, typo = _misspell(rng, text, at, at + len(surname))
    elif with_typo:
        candidates = [m for m in _WORD.finditer(text) if m.group()[0].islower()]
        if candidates:
            word = rng.choice(candidates)
            text, typo = _misspell(rng, text, word.start(), word.end())
    return Sentence(text, repeated_name, typo)


def fill_slots(
    rng: random.Random,
    book: Phrasebook,
    cast: list[tuple[str, str]],
    template: str,
    first: tuple[str, str] | None = None,
    second: tuple[str, str] | None = None,
) -> str:
    if first is None or second is None:
        first, second = rng.sample(cast, 2)
    values = _values(rng, book)

    def fill(match: re.Match[str]) -> str:
        name, attribute = match.group(1), match.group(2)
        if name in ("p", "q"):
            full_name, title = first if name == "p" else second
            if attribute == "s":
                return full_name.split()[-1]
            return title if attribute == "title" else full_name
        return values[name] if name in values else rng.choice(book.words[name])

    return _SLOT.sub(fill, template)


def _misspell(
    rng: random.Random, text: str, start: int, end: int
) -> tuple[str, tuple[int, int, str] | None]:
    word = text[start:end]
    for _ in range(10):
        at = rng.randrange(1, len(word) - 1)
        kind = rng.choice(("swap", "double", "drop"))
        if kind == "swap":
            wrong = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        elif kind == "double":
            wrong = word[:at] + word[at] + word[at:]
        else:
            wrong = word[:at] + word[at + 1 :]
        if wrong != word:
            return text[:start] + wrong + text[end:], (start, len(wrong), word)
    return text, None


def _values(rng: random.Random, book: Phrasebook) -> dict[str, str]:
    english = book.language == "en"

    def money() -> str:
        amount = f"{rng.randint(12, 950) / 10:.1f}"
        if english:
            return f"{rng.choice(book.words['currency'])}{amount} million"
        return amount.replace(".", ",") + " млн"

    def number(low: int, high: int) -> str:
        value = rng.randint(low, high)
        return f"{value:,}" if english else str(value)

    return {
        "n": number(12, 4800),
        "n2": str(rng.randint(2, 40)),
        "pct": str(rng.randint(3, 97)),
        "pct2": str(rng.randint(3, 97)),
        "year": str(rng.randint(2009, 2024)),
        "year2": str(rng.randint(2026, 2029)),
        "small": str(rng.randint(2, 9)),
        "date": str(rng.randint(1, 28)),
        "hour": str(rng.randint(9, 18)),
        "money": money(),
        "money2": money(),
    }
