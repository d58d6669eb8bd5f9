"""Carrying a reported passage from one revision of an article to the next.

The answer is one of three states:

- `anchored`: the passage reads the same in the new revision (it may have moved);
- `changed`: the passage is still there but its words changed, which usually means
  the reported error was fixed; both versions are returned;
- `orphaned`: the passage is gone, or cannot be told apart from guesses.

When the passage and the text around it occur once in each revision, unchanged,
the answer is immediate. Otherwise the old span is carried through the revision
diff. A passage with no edit inside it or around it is anchored at once. Otherwise
two explanations compete: the passage stayed where the diff puts it, maybe reworded
(scored on its likeness to the quote and, more, on how much of the text around it is
unchanged), or it moved (an exact copy of it elsewhere, scored the same way). A copy
standing where another occurrence of the same words went, and fitting that one at
least as well, is never taken: it was another passage already.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel

from .folding import FoldedText, fold
from .quote_search import (
    SELF_EVIDENT_LENGTH,
    anchor,
    common_prefix_length,
    common_suffix_length,
    find_all,
)
from .revision_diff import SENTENCE_END, RevisionDiff
from .selectors import Selector
from .spans import Span

# How much text on each side of a passage, within its paragraph, is compared to tell
# its place.
CONTEXT_WINDOW = 64
# How much of the context score comes from within the paragraph.
PARAGRAPH_SHARE = 0.8
# A candidate's score weighs its likeness to the quote (Indel similarity) against the
# share of the passage's surroundings found unchanged around it; the surroundings
# count more, because a fixed passage is unlike the quote by design.
QUOTE_WEIGHT = 0.35
# An edited passage is reported as changed from this score up (with its surroundings
# intact, even when every word of it changed); below, it is orphaned.
CHANGED_MIN_SCORE = 0.6
# A copy elsewhere is the moved passage only with this share of its surroundings, or
# when the quote is long enough to tell on its own and the rest of its sentence came
# along.
MOVED_MIN_CONTEXT = 0.5
# Around the diff's own answer, this share of unchanged surroundings settles it.
STRONG_CONTEXT = 0.9
# How much better a copy elsewhere must score to win over an identical passage
# where the diff put it.
MOVED_MARGIN = 0.15


class AnchorState(StrEnum):
    ANCHORED = "anchored"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Reanchored:
    """A passage on the new revision: its state, its span there (code points; None
    when orphaned), what it read before and what it reads now, and how sure we are."""

    state: AnchorState
    span: Span | None
    before: str
    after: str
    confidence: float
    moved: bool = False


class RevisionPair:
    """An old and a new revision of one article, compared once for many passages."""

    def __init__(self, old_text: str, new_text: str) -> None:
        self.old_text = old_text
        self.new_text = new_text
        self.old: FoldedText = fold(old_text)
        self.new: FoldedText = fold(new_text)
        self.diff = RevisionDiff(self.old.text, self.new.text)

    def reanchor(self, selector: Selector) -> Reanchored:
        old_span = self._locate_in_old(selector)
        if old_span is None:
            return self._anchor_in_new(selector)
        before = old_span.of(self.old_text)
        start, end = _trimmed(self.old.text, *self.old.folded_span(old_span))
        if start >= end:
            return Reanchored(AnchorState.ORPHANED, None, before, "", 0.0)
        quote = self.old.text[start:end]
        new_start, new_end = self._in_place(quote, start, end)
        in_place = self.new.text[new_start:new_end]
        context = self._context_agreement(start, end, new_start, new_end)
        if in_place == quote and context == 1.0:
            span = self.new.original_span(new_start, new_end)
            return self._result(AnchorState.ANCHORED, span, old_span, before, 1.0)

        similarity = Indel.normalized_similarity(quote, in_place) if in_place else 0.0
        in_place_score = _score(similarity, context) if in_place else 0.0
        # The diff's own answer stands when the text around it is intact; a copy
        # elsewhere must otherwise beat it, clearly when it reads exactly the same.
        if not in_place or context < STRONG_CONTEXT:
            margin = MOVED_MARGIN if in_place == quote else 0.0
            moved = self._best_copy(
                quote, start, end, (new_start, new_end), in_place_score + margin
            )
            if moved is not None:
                score, at = moved
                span = self.new.original_span(at, at + len(quote))
                return self._result(AnchorState.ANCHORED, span, old_span, before, score)
        span = self.new.original_span(new_start, new_end)
        if in_place == quote:
            return self._result(AnchorState.ANCHORED, span, old_span, before, in_place_score)
        if in_place and in_place_score >= CHANGED_MIN_SCORE:
            return self._result(AnchorState.CHANGED, span, old_span, before, in_place_score)
        return Reanchored(AnchorState.ORPHANED, None, before, "", round(1 - in_place_score, 4))

    def _in_place(self, quote: str, start: int, end: int) -> tuple[int, int]:
        """Where the diff puts the old passage `[start, end)` (folded offsets) in the
        new text; when words were written next to it, within what the diff calls one
        change, the passage itself if it is there whole."""
        new_start = self.diff.map_start(start)
        new_start, new_end = _trimmed(
            self.new.text, new_start, max(new_start, self.diff.map_end(end))
        )
        in_place = self.new.text[new_start:new_end]
        inside = [
            new_start + i
            for i in find_all(in_place, quote)
            if _whole_words(self.new.text, new_start + i, new_start + i + len(quote))
        ]
        if in_place == quote or not inside:
            return new_start, new_end
        at = max(inside, key=lambda at: self._context_agreement(start, end, at, at + len(quote)))
        return at, at + len(quote)

    def _best_copy(
        self, quote: str, start: int, end: int, in_place: tuple[int, int], to_beat: float
    ) -> tuple[float, int] | None:
        """The best-scoring exact copy of the passage elsewhere in the new text, with
        its score, if it scores above `to_beat`."""
        best: tuple[float, int] | None = None
        for at in self._unexplained_copies(quote, start, end):
            if at < in_place[1] and in_place[0] < at + len(quote):
                continue
            context = self._context_agreement(start, end, at, at + len(quote))
            if context < MOVED_MIN_CONTEXT and not (
                len(quote) >= SELF_EVIDENT_LENGTH
                and self._same_sentence(start, end, at, at + len(quote))
            ):
                continue
            score = _score(1.0, context)
            if score > to_beat and (best is None or score > best[0]):
                best = (score, at)
        return best

    def _locate_in_old(self, selector: Selector) -> Span | None:
        position, exact = selector.position, selector.quote.exact
        if position is not None and position.end <= len(self.old_text):
            if position.span.of(self.old_text) == exact:
                return position.span
            start, end = self.old.folded_span(position.span)
            if self.old.text[start:end].strip(" ") == fold(exact).text.strip(" "):
                return position.span
        found = anchor(selector, self.old_text, folded=self.old)
        return found.span if found else None

    def _anchor_in_new(self, selector: Selector) -> Reanchored:
        """The selector does not fit the old revision: search the new one directly."""
        exact = selector.quote.exact
        found = anchor(selector, self.new_text, folded=self.new)
        if found is None:
            return Reanchored(AnchorState.ORPHANED, None, exact, "", 0.0)
        after = found.span.of(self.new_text)
        same = fold(after).text.strip(" ") == fold(exact).text.strip(" ")
        state = AnchorState.ANCHORED if same else AnchorState.CHANGED
        return Reanchored(state, found.span, exact, after, found.confidence)

    def _unexplained_copies(self, quote: str, start: int, end: int) -> list[int]:
        """Where the quote occurs in the new text, except where another occurrence in
        the old text went, unless the passage's own surroundings are found there, and
        fit it better than the other's: it was another passage already."""
        taken = set()
        for other in find_all(self.old.text, quote):
            if other == start:
                continue
            image = self.diff.map_start(other)
            if not self.new.text.startswith(quote, image):
                continue
            image_end = image + len(quote)
            ours = self._agreeing_characters(start, end, image, image_end)
            theirs = self._agreeing_characters(other, other + len(quote), image, image_end)
            if theirs >= ours or (
                self._context_agreement(start, end, image, image_end) < MOVED_MIN_CONTEXT
            ):
                taken.add(image)
        return [at for at in find_all(self.new.text, quote) if at not in taken]

    def _same_sentence(self, old_start: int, old_end: int, new_start: int, new_end: int) -> bool:
        """Whether the rest of the passage's sentence reads the same around a new span:
        a sentence moved whole, not a like one written from the same mould."""
        old, new = self.old.text, self.new.text
        sentence_start = old.rfind(SENTENCE_END, 0, old_start)
        sentence_start = 0 if sentence_start < 0 else sentence_start + len(SENTENCE_END)
        sentence_end = old.find(SENTENCE_END, old_end)
        sentence_end = len(old) if sentence_end < 0 else sentence_end
        before = old[sentence_start:old_start]
        after = old[old_end:sentence_end]
        return new.endswith(before, 0, new_start) and new.startswith(after, new_end)

    def _context_agreement(
        self, old_start: int, old_end: int, new_start: int, new_end: int
    ) -> float:
        """The share of the old passage's surroundings found unchanged around a new
        span: mostly within its paragraph (a paragraph moves as a whole), partly
        beyond (to tell identical paragraphs apart)."""
        return PARAGRAPH_SHARE * self._agreement(
            old_start, old_end, new_start, new_end, within_paragraph=True
        ) + (1 - PARAGRAPH_SHARE) * self._agreement(
            old_start, old_end, new_start, new_end, within_paragraph=False
        )

    def _agreement(
        self, old_start: int, old_end: int, new_start: int, new_end: int, within_paragraph: bool
    ) -> float:
        agreeing, compared = self._compare_surroundings(
            old_start, old_end, new_start, new_end, within_paragraph
        )
        return agreeing / compared if compared else 1.0

    def _agreeing_characters(
        self, old_start: int, old_end: int, new_start: int, new_end: int
    ) -> int:
        """How many characters around an old passage recur around a new span: the
        evidence, not its share, to tell which of two passages a span continues."""
        return sum(
            self._compare_surroundings(old_start, old_end, new_start, new_end, within)[0]
            for within in (True, False)
        )

    def _compare_surroundings(
        self, old_start: int, old_end: int, new_start: int, new_end: int, within_paragraph: bool
    ) -> tuple[int, int]:
        """(characters that agree, characters compared) on both sides of a passage."""
        old, new = self.old.text, self.new.text
        old_breaks = self.old.line_breaks if within_paragraph else ()
        new_breaks = self.new.line_breaks if within_paragraph else ()
        old_before = old[_window_start(old_breaks, old_start) : old_start]
        old_after = old[old_end : _window_end(old_breaks, old_end)]
        new_before = new[_window_start(new_breaks, new_start) : new_start]
        new_after = new[new_end : _window_end(new_breaks, new_end)]
        agreeing = common_suffix_length(old_before, new_before) + common_prefix_length(
            old_after, new_after
        )
        return agreeing, len(old_before) + len(old_after)

    def _result(
        self, state: AnchorState, span: Span, old_span: Span, before: str, confidence: float
    ) -> Reanchored:
        return Reanchored(
            state,
            span,
            before,
            span.of(self.new_text),
            round(confidence, 4),
            moved=span.start != old_span.start,
        )


def reanchor(selector: Selector, old_text: str, new_text: str) -> Reanchored:
    """Where `selector`'s passage in `old_text` is in `new_text`, and whether it changed."""
    return _unchanged_surroundings(selector, old_text, new_text) or RevisionPair(
        old_text, new_text
    ).reanchor(selector)


def _unchanged_surroundings(selector: Selector, old_text: str, new_text: str) -> Reanchored | None:
    """The quick answer when the passage and the text around it occur once in each
    revision, exactly as they were: then it is the same passage, wherever it is."""
    position = selector.position
    if position is None or position.span.of(old_text) != selector.quote.exact:
        return None
    window_start = max(0, position.start - CONTEXT_WINDOW)
    window = old_text[window_start : position.end + CONTEXT_WINDOW]
    at = new_text.find(window)
    if at < 0 or new_text.find(window, at + 1) >= 0:
        return None
    if old_text.find(window, window_start + 1) >= 0 or old_text.find(window) != window_start:
        return None
    start = at + position.start - window_start
    span = Span(start, start + len(selector.quote.exact))
    exact = selector.quote.exact
    return Reanchored(AnchorState.ANCHORED, span, exact, exact, 1.0, moved=start != position.start)


def reanchor_many(selectors: Iterable[Selector], old_text: str, new_text: str) -> list[Reanchored]:
    """Re-anchor many passages (every open issue of an article) after one edit; the
    revision diff is computed once."""
    pair = RevisionPair(old_text, new_text)
    return [pair.reanchor(selector) for selector in selectors]


def _window_start(breaks: tuple[int, ...], offset: int) -> int:
    index = bisect_left(breaks, offset) - 1
    paragraph_start = breaks[index] + 1 if index >= 0 else 0
    return max(offset - CONTEXT_WINDOW, paragraph_start, 0)


def _window_end(breaks: tuple[int, ...], offset: int) -> int:
    index = bisect_left(breaks, offset)
    paragraph_end = breaks[index] if index < len(breaks) else offset + CONTEXT_WINDOW
    return min(offset + CONTEXT_WINDOW, paragraph_end)


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether `[start, end)` neither starts nor ends inside a word."""
    cuts_before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    cuts_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not cuts_before and not cuts_after


def _score(similarity: float, context: float) -> float:
    return QUOTE_WEIGHT * similarity + (1 - QUOTE_WEIGHT) * context


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end
