"""A revision corpus for re-anchoring: articles, edits, and the truth about each quote.

Deterministic from a seed and generated at run time (nothing large is committed).
Each base article (about 1,500 words; English, Ukrainian or Russian) gets one new
revision per edit kind, each with three or four reported quotes; the "emoji and
Cyrillic" kind uses a companion article in Ukrainian or Russian.

Units: a quote's selector is the widget's JSON, with its TextPositionSelector in
UTF-16 code units of the old text, as browsers count. The expected span is in code
points (Python string offsets) of the new text.

    from corpus import generate_corpus
    for revision in generate_corpus(seed=7, articles=230):
        revision.old_text, revision.new_text, revision.cases
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from corrigenda.anchoring import Span, describe, position_to_utf16

from .articles import Article, make_article
from .edits import KINDS

__all__ = ["KINDS", "QuoteCase", "RevisionCase", "generate_corpus", "make_article"]

DEFAULT_SEED = 20240611
DEFAULT_ARTICLES = 230


@dataclass(frozen=True)
class QuoteCase:
    kind: str
    selector: list[dict[str, Any]]
    state: str
    span: tuple[int, int] | None


@dataclass(frozen=True)
class RevisionCase:
    article: Article
    kind: str
    new_text: str
    cases: tuple[QuoteCase, ...]

    @property
    def old_text(self) -> str:
        return self.article.text


def generate_corpus(
    seed: int = DEFAULT_SEED, articles: int = DEFAULT_ARTICLES, words: int = 1500
) -> Iterator[RevisionCase]:
    chooser = random.Random(seed)
    for number in range(articles):
        language = chooser.choices(("en", "uk", "ru"), (76, 12, 12))[0]
        base = make_article(f"a{number}", language, seed * 1_000_003 + number, words)
        companion = make_article(
            f"a{number}-cyr", chooser.choice(("uk", "ru")), seed * 2_000_003 + number, words
        )
        for kind, edit in KINDS.items():
            article = companion if kind == "emoji and Cyrillic" else base
            rng = random.Random(f"{seed}:{number}:{kind}")
            result = edit(article, rng, rng.choice((3, 4)))
            if result is None:
                continue
            cases = tuple(
                QuoteCase(
                    kind,
                    _widget_selector(article.text, truth.old_span),
                    truth.state,
                    truth.new_span,
                )
                for truth in result.truths
            )
            yield RevisionCase(article, kind, result.new_text, cases)


def _widget_selector(text: str, span: tuple[int, int]) -> list[dict[str, Any]]:
    selector = describe(text, Span(*span))
    assert selector.position is not None
    items = selector.to_json()
    items[1] = position_to_utf16(text, selector.position).to_json()
    return items
