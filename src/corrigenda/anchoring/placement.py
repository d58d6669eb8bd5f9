"""Where a reader's selection lies in the article text their browser sent.

The widget sends the selection as a `Selector` whose position, when present, counts
UTF-16 code units in the text as sent; the server keeps that text normalised
(`normalize_article_text`). `place_selection` finds the passage in the normalised text:
at the browser's offsets when they still point at the quote, else at the occurrence of
the quote nearest to them, else at the one whose context agrees best.
"""

from __future__ import annotations

from .quote_search import find_all
from .selectors import Selector, position_from_utf16
from .spans import Span
from .text import normalize_article_text


class SelectionNotPlaced(ValueError):
    """The selection cannot be placed in the text it came with; `code` names why."""

    code = "invalid_selection"


class QuoteNotInText(SelectionNotPlaced):
    code = "quote_not_in_text"


class InvalidPosition(SelectionNotPlaced):
    code = "invalid_position"


def normalize_context(snippet: str) -> str:
    """A quote's prefix or suffix with whitespace folded as in the article text, but
    keeping the space or line break at its edges, which separates it from the quote."""
    # The sentinels stop normalize_article_text from trimming the edges.
    return normalize_article_text(f"\0{snippet}\0")[1:-1]


def place_selection(selection: Selector, sent_text: str, text: str) -> Span:
    """The selection's span in `text`, the normalised form of `sent_text`.

    Raises QuoteNotInText when the quote does not occur in the text, InvalidPosition
    when the browser's offsets are empty or fall outside the text it sent."""
    exact = normalize_article_text(selection.quote.exact)
    if not exact:
        raise QuoteNotInText("The quote is empty once whitespace is folded.")
    if not text:
        raise QuoteNotInText("A quote needs the article text it was taken from.")
    hint = None
    if selection.position is not None:
        if selection.position.end <= selection.position.start:
            raise InvalidPosition("The selection must end after it starts.")
        position = position_from_utf16(sent_text, selection.position)
        if position is None:
            raise InvalidPosition("The selection's offsets lie outside the article text.")
        if sent_text == text and position.span.of(text) == exact:
            return position.span
        hint = position.start
    occurrences = find_all(text, exact)
    if not occurrences:
        raise QuoteNotInText("The quoted passage does not occur in the article text.")
    if hint is None:
        best = _best_by_context(text, exact, occurrences, selection)
    else:
        best = min(occurrences, key=lambda at: abs(at - hint))
    return Span(best, best + len(exact))


def _best_by_context(text: str, exact: str, occurrences: list[int], selection: Selector) -> int:
    prefix = normalize_context(selection.quote.prefix)
    suffix = normalize_context(selection.quote.suffix)

    def agreement(at: int) -> int:
        before = text[max(0, at - len(prefix)) : at]
        after = text[at + len(exact) : at + len(exact) + len(suffix)]
        return int(bool(prefix) and before.endswith(prefix)) + int(
            bool(suffix) and after.startswith(suffix)
        )

    return max(occurrences, key=agreement)
