"""Finding a reader's quoted passage in a text: exact search, then approximate.

Every candidate is scored like the Hypothesis client does, on how well it matches the
quote, the text before it (prefix), the text after it (suffix) and the expected
position, with one difference: a short quote weighs less than a long one, because
four matching letters say little about where a passage is. Below `MIN_CONFIDENCE` the
answer is "not found" rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .folding import FoldedText, fold
from .selectors import Selector
from .spans import Span

MIN_CONFIDENCE = 0.6
# An approximate match must share at least this much with the quote.
MIN_QUOTE_SIMILARITY = 0.5
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2
# A quote this long (in characters) identifies a passage on its own; shorter ones
# count in proportion, so context decides for them.
SELF_EVIDENT_LENGTH = 24
# Most occurrences of a quote looked at; a quote found more often than this is a
# word or two, which context decides anyway.
MAX_OCCURRENCES = 2000


class Method(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found: the span in the searched text (code points), how sure
    the search is (0 to 1) and how it was found."""

    span: Span
    confidence: float
    method: Method


@dataclass(frozen=True)
class _Context:
    quote: str
    prefix: str
    suffix: str
    hint: int | None
    text_length: int

    @property
    def has_context(self) -> bool:
        return bool(self.prefix or self.suffix)


def anchor(
    selector: Selector,
    text: str,
    *,
    folded: FoldedText | None = None,
    hint: int | None = None,
) -> Anchor | None:
    """Find `selector`'s passage in `text`, or None when no candidate is good enough.

    `hint` is where the passage is expected (a code-point offset in `text`); it
    defaults to the selector's position. Pass `folded` (`fold(text)`) to reuse it.
    """
    folded = folded or fold(text)
    quote = fold(selector.quote.exact).text.strip(" ")
    if not quote:
        return None
    if hint is None and selector.position is not None:
        hint = selector.position.start
    context = _Context(
        quote=quote,
        prefix=fold(selector.quote.prefix).text,
        suffix=fold(selector.quote.suffix).text,
        hint=None if hint is None else folded.to_folded_start(min(hint, len(text))),
        text_length=len(folded.text),
    )
    best = _best_exact(folded.text, context)
    if best is None or best[0] < MIN_CONFIDENCE:
        approximate = _best_approximate(folded.text, context)
        if approximate is not None and (best is None or approximate[0] > best[0]):
            best = approximate
    if best is None or best[0] < MIN_CONFIDENCE:
        return None
    confidence, start, end, method = best
    return Anchor(folded.original_span(start, end), round(confidence, 4), method)


def find_all(text: str, needle: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    """Start offsets of every occurrence of `needle` in `text`, overlapping ones too."""
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def common_prefix_length(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share (binary search on slices, which
    compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix_length(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def prefix_agreement(text: str, start: int, prefix: str) -> float:
    """How well the text before `start` matches the expected `prefix` (0 to 1)."""
    if not prefix.strip(" "):
        # No prefix: the passage was at the start of its text.
        return 1.0 if not text[:start].strip(" ") else 0.5
    window = text[max(0, start - len(prefix)) : start]
    exact = common_suffix_length(prefix, window) / len(prefix)
    if exact == 1.0:
        return 1.0
    return max(exact, Levenshtein.normalized_similarity(prefix, window))


def suffix_agreement(text: str, end: int, suffix: str) -> float:
    """How well the text after `end` matches the expected `suffix` (0 to 1)."""
    if not suffix.strip(" "):
        return 1.0 if not text[end:].strip(" ") else 0.5
    window = text[end : end + len(suffix)]
    exact = common_prefix_length(suffix, window) / len(suffix)
    if exact == 1.0:
        return 1.0
    return max(exact, Levenshtein.normalized_similarity(suffix, window))


def _score(text: str, start: int, end: int, quote_score: float, context: _Context) -> float:
    if context.has_context:
        prefix_score = prefix_agreement(text, start, context.prefix)
        suffix_score = suffix_agreement(text, end, context.suffix)
    else:
        prefix_score = suffix_score = 1.0
    position_score = 1.0
    if context.hint is not None and context.text_length:
        position_score = 1.0 - abs(start - context.hint) / context.text_length
    quote_weight = QUOTE_WEIGHT * min(1.0, len(context.quote) / SELF_EVIDENT_LENGTH)
    total = (
        quote_weight * quote_score
        + PREFIX_WEIGHT * prefix_score
        + SUFFIX_WEIGHT * suffix_score
        + POSITION_WEIGHT * position_score
    )
    return total / (quote_weight + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)


def _best_exact(text: str, context: _Context) -> tuple[float, int, int, Method] | None:
    best: tuple[float, int, int, Method] | None = None
    length = len(context.quote)
    for start in find_all(text, context.quote):
        score = _score(text, start, start + length, 1.0, context)
        if best is None or score > best[0]:
            best = (score, start, start + length, Method.EXACT)
    return best


def _best_approximate(text: str, context: _Context) -> tuple[float, int, int, Method] | None:
    best: tuple[float, int, int, Method] | None = None
    for start, end in _approximate_candidates(text, context):
        start, end, distance = _refine(text, context.quote, start, end)
        quote_score = 1.0 - distance / len(context.quote)
        if quote_score < MIN_QUOTE_SIMILARITY:
            continue
        score = _score(text, start, end, quote_score, context)
        if best is None or score > best[0]:
            best = (score, start, end, Method.APPROXIMATE)
    return best


def _approximate_candidates(text: str, context: _Context) -> list[tuple[int, int]]:
    """Places the passage may have been: the best approximate match of the quote on
    its own, between its surviving prefix and suffix, and at the expected position."""
    quote = context.quote
    candidates: list[tuple[int, int]] = []
    alignment = fuzz.partial_ratio_alignment(quote, text)
    if alignment is not None and alignment.score > 0:
        candidates.append((alignment.dest_start, alignment.dest_end))
    longest_gap = 2 * len(quote) + 16
    prefix_ends = [at + len(context.prefix) for at in _context_hits(text, context.prefix)]
    suffix_starts = _context_hits(text, context.suffix)
    for prefix_end in prefix_ends[:50]:
        following = [s for s in suffix_starts if 0 <= s - prefix_end <= longest_gap]
        end = following[0] if following else prefix_end + len(quote)
        candidates.append((prefix_end, end))
    if not prefix_ends:
        candidates += [(max(0, s - len(quote)), s) for s in suffix_starts[:50]]
    if context.hint is not None:
        candidates.append((context.hint, context.hint + len(quote)))
    return [(max(0, s), min(len(text), e)) for s, e in candidates if s < e]


def _context_hits(text: str, context_text: str) -> list[int]:
    context_text = context_text.strip(" ")
    if len(context_text) < 4:
        return []
    return find_all(text, context_text, limit=200)


def _refine(text: str, quote: str, start: int, end: int) -> tuple[int, int, int]:
    """Move a rough candidate's edges to the nearby word boundaries where it is
    closest to the quote; returns (start, end, edit distance)."""
    slack = max(3, len(quote) // 4)
    nearby_starts = range(max(0, start - slack), min(len(text), start + slack) + 1)
    nearby_ends = range(max(0, end - slack), min(len(text), end + slack) + 1)
    # The quote is stripped of spaces, so the passage is too.
    starts = {i for i in {start, *nearby_starts} if _is_boundary(text, i) or i == start}
    starts = {i for i in starts if i < len(text) and not text[i].isspace()} or {start}
    ends = {i for i in {end, *nearby_ends} if _is_boundary(text, i) or i == end}
    ends = {i for i in ends if i > 0 and not text[i - 1].isspace()} or {end}
    best = (start, end, len(quote) + end - start)
    for s in starts:
        for e in ends:
            if e <= s:
                continue
            distance = Levenshtein.distance(quote, text[s:e], score_cutoff=best[2])
            closer_length = abs(e - s - len(quote)) < abs(best[1] - best[0] - len(quote))
            if distance < best[2] or (distance == best[2] and closer_length):
                best = (s, e, distance)
    return best


def _is_boundary(text: str, i: int) -> bool:
    """Whether a selection could start or end at `i`: between a letter or digit and
    anything else."""
    if i <= 0 or i >= len(text):
        return True
    return text[i - 1].isalnum() != text[i].isalnum() or text[i].isspace()
