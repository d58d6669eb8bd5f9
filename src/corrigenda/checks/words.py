"""Words, sentences and paragraphs of a normalised article text, with their offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Letters joined by apostrophes (straight, typographic, Ukrainian modifier letter) or hyphens.
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ\-][^\W\d_]+)*")
# A sentence starts a paragraph or follows terminal punctuation, maybe with a quote or bracket.
_SENTENCE_START = re.compile(r"(?:^|\n|[.!?…:]['\"’”»)\]]* +)['\"‘“«„(\[ —–-]*")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    starts_sentence: bool

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


@lru_cache(maxsize=8)
def words(text: str) -> tuple[Word, ...]:
    """Every word of the text in order; cached because several checks read the same text."""
    sentence_starts = {match.end() for match in _SENTENCE_START.finditer(text)}
    return tuple(
        Word(match.group(), match.start(), match.end(), match.start() in sentence_starts)
        for match in WORD.finditer(text)
    )


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int


def paragraphs(text: str) -> Iterator[Paragraph]:
    start = 0
    for line in text.split("\n"):
        yield Paragraph(line, start)
        start += len(line) + 1
