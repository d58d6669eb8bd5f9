"""The form in which article text is compared, with a map back to the original.

Two revisions of an article, or a reader's quote and an article, are compared after
folding: Unicode NFC; typographic quotation marks, apostrophes and dashes as their
ASCII forms; the ellipsis as three dots; soft hyphens and zero-width characters
dropped; every run of whitespace (line breaks included) as one space. Letter case is
kept: a capital letter fixed is an edit. A span found in the folded text maps back to
offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .spans import Span

_SPACES = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ELLIPSIS = "\u2026"
LINE_BREAKS = "\n\r\u2028\u2029"

_ONE_TO_ONE = (
    {c: " " for c in _SPACES if c != " "}
    | {c: "'" for c in _SINGLE_QUOTES}
    | {c: '"' for c in _DOUBLE_QUOTES}
    | {c: "-" for c in _DASHES}
)
_FOLD_AND_DROP = str.maketrans(_ONE_TO_ONE | {c: None for c in _INVISIBLE})
_DROP = str.maketrans(dict.fromkeys(_INVISIBLE))
_SPACE_OR_INVISIBLE = frozenset(" " + _INVISIBLE)
_SPACE_RUN = re.compile(" {2,}")
# Every character folding touches, by its UTF-8 bytes: finding their lead bytes in
# the encoded text is much faster than scanning the text with a regex or str.translate.
_NON_ASCII_SPECIALS = {
    c.encode(): c for c in [*_ONE_TO_ONE, *_INVISIBLE, _ELLIPSIS] if not c.isascii()
}
_LEAD_BYTES = sorted({encoded[:1] for encoded in _NON_ASCII_SPECIALS})
_ASCII_SPECIALS = [c for c in _ONE_TO_ONE if c.isascii()]

# Starters that NFC can compose with the character before them (Indic two-part
# vowels, Hangul vowel and final jamo): no NFC chunk may start with one.
_COMPOSES_WITH_PREVIOUS = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf"
    "\u0fb5\u0fb7\u102e\u1b35\U00011127\U0001133e\U00011357\U000114b0\U000114ba"
    "\U000114bd\U000115af\U00011930"
    + "".join(chr(c) for c in range(0x1161, 0x1176))
    + "".join(chr(c) for c in range(0x11A8, 0x11C3))
)


@dataclass(frozen=True)
class _Piece:
    """A stretch where the folded text differs in length or content from the original."""

    folded_start: int
    original_start: int
    folded_length: int
    original_length: int

    @property
    def folded_end(self) -> int:
        return self.folded_start + self.folded_length

    @property
    def original_end(self) -> int:
        return self.original_start + self.original_length


@dataclass(frozen=True)
class FoldedText:
    """A text's folded form. Between the recorded pieces, offsets move one to one."""

    text: str
    original_length: int
    pieces: tuple[_Piece, ...] = ()
    # Folded offsets of the original's line breaks, which end paragraphs.
    line_breaks: tuple[int, ...] = ()
    _folded_starts: list[int] = field(init=False, repr=False, compare=False)
    _original_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen, so the lookup lists are set once, here.
        object.__setattr__(self, "_folded_starts", [p.folded_start for p in self.pieces])
        object.__setattr__(self, "_original_starts", [p.original_start for p in self.pieces])

    def to_original_start(self, offset: int) -> int:
        """Where a span starting at folded `offset` starts in the original."""
        index = bisect_right(self._folded_starts, offset) - 1
        if index < 0:
            return offset
        piece = self.pieces[index]
        if offset < piece.folded_end:
            return piece.original_start
        return piece.original_end + offset - piece.folded_end

    def to_original_end(self, offset: int) -> int:
        """Where a span ending at folded `offset` ends in the original."""
        index = bisect_left(self._folded_starts, offset) - 1
        if index < 0:
            return offset
        piece = self.pieces[index]
        if offset <= piece.folded_end:
            return piece.original_end
        return piece.original_end + offset - piece.folded_end

    def to_folded_start(self, offset: int) -> int:
        """Where a span starting at original `offset` starts in the folded text."""
        index = bisect_right(self._original_starts, offset) - 1
        if index < 0:
            return offset
        piece = self.pieces[index]
        if offset < piece.original_end:
            return piece.folded_start
        return piece.folded_end + offset - piece.original_end

    def to_folded_end(self, offset: int) -> int:
        """Where a span ending at original `offset` ends in the folded text."""
        index = bisect_left(self._original_starts, offset) - 1
        if index < 0:
            return offset
        piece = self.pieces[index]
        if offset <= piece.original_end:
            return piece.folded_end
        return piece.folded_end + offset - piece.original_end

    def original_span(self, start: int, end: int) -> Span:
        """The original span for the folded span `[start, end)`."""
        original_start = self.to_original_start(start)
        if end <= start:
            return Span(original_start, original_start)
        return Span(original_start, max(original_start, self.to_original_end(end)))

    def folded_span(self, span: Span) -> tuple[int, int]:
        """The folded `(start, end)` for an original span."""
        start = self.to_folded_start(span.start)
        if span.end <= span.start:
            return start, start
        return start, max(start, self.to_folded_end(span.end))


def fold(text: str) -> FoldedText:
    """The comparison form of `text`, used wherever the product compares article text."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        folded = _fold_normalized(text)
        # Dropping an invisible character can bring a letter and an accent together.
        if not folded.pieces or unicodedata.is_normalized("NFC", folded.text):
            return folded
    return _fold_by_chunks(text)


def _fold_normalized(text: str) -> FoldedText:
    present = _specials_in(text)
    folded = text
    for char in present:
        if char in _ONE_TO_ONE:
            folded = folded.replace(char, _ONE_TO_ONE[char])
    breaks = _line_breaks(text, present)
    if "  " not in folded and not any(c in _SPACE_OR_INVISIBLE or c == _ELLIPSIS for c in present):
        return FoldedText(folded, len(text), (), tuple(breaks))
    parts: list[str] = []
    pieces: list[_Piece] = []
    done = shift = 0
    for start, end in _length_changes(folded, present):
        replacement = _replacement(folded[start:end])
        parts += (folded[done:start], replacement)
        pieces.append(_Piece(start + shift, start, len(replacement), end - start))
        shift += len(replacement) - (end - start)
        done = end
    parts.append(folded[done:])
    unmapped = FoldedText("".join(parts), len(text), tuple(pieces))
    return _with_line_breaks(unmapped, breaks)


def _line_breaks(text: str, present: set[str]) -> list[int]:
    breaks = []
    for char in LINE_BREAKS:
        if char not in present:
            continue
        at = text.find(char)
        while at != -1:
            breaks.append(at)
            at = text.find(char, at + 1)
    return sorted(breaks)


def _with_line_breaks(folded: FoldedText, breaks: list[int]) -> FoldedText:
    mapped = tuple(sorted({folded.to_folded_start(at) for at in breaks}))
    return FoldedText(folded.text, folded.original_length, folded.pieces, mapped)


def _specials_in(text: str) -> set[str]:
    """The characters of `text` that folding changes, other than the plain space."""
    present = {c for c in _ASCII_SPECIALS if c in text}
    if text.isascii():
        return present
    encoded = text.encode("utf-8", "surrogatepass")
    for lead in _LEAD_BYTES:
        if lead not in encoded:
            continue
        # Each piece after a lead byte starts with the rest of that character.
        for rest in {piece[:2] for piece in encoded.split(lead)[1:]}:
            char = _NON_ASCII_SPECIALS.get(lead + rest[:1]) or _NON_ASCII_SPECIALS.get(lead + rest)
            if char:
                present.add(char)
    return present


def _length_changes(folded: str, present: set[str]) -> list[tuple[int, int]]:
    """The runs that fold to another length: two or more spaces or invisible
    characters together, a lone invisible character, an ellipsis."""
    seeds: list[int] = []
    for needle in ["  ", *(c for c in present if c in _INVISIBLE or c == _ELLIPSIS)]:
        at = folded.find(needle)
        while at != -1:
            seeds.append(at)
            at = folded.find(needle, at + 1)
    runs: list[tuple[int, int]] = []
    for seed in sorted(seeds):
        if runs and seed < runs[-1][1]:
            continue
        if folded[seed] == _ELLIPSIS:
            runs.append((seed, seed + 1))
            continue
        start = end = seed
        while start > 0 and folded[start - 1] in _SPACE_OR_INVISIBLE:
            start -= 1
        while end < len(folded) and folded[end] in _SPACE_OR_INVISIBLE:
            end += 1
        runs.append((start, end))
    return runs


def _replacement(run: str) -> str:
    if run == _ELLIPSIS:
        return "..."
    return " " if " " in run else ""


def _fold_by_chunks(text: str) -> FoldedText:
    """Fold text that is not in NFC: each chunk NFC can compose is normalised on its
    own, so every folded character still maps to the chunk it came from."""
    segments: list[tuple[str, int, int]] = []
    for start, end in _nfc_chunks(text):
        chunk = text[start:end].translate(_DROP)
        folded = unicodedata.normalize("NFC", chunk).translate(_FOLD_AND_DROP)
        folded = folded.replace(_ELLIPSIS, "...")
        if segments and _in_one_space_run(segments[-1][0], folded):
            # Runs of spaces and invisible characters fold as in _length_changes.
            previous, start, _ = segments.pop()
            folded = _SPACE_RUN.sub(" ", previous + folded)
        segments.append((folded, start, end))
    parts: list[str] = []
    pieces: list[_Piece] = []
    position = 0
    for folded, start, end in segments:
        if folded != text[start:end]:
            pieces.append(_Piece(position, start, len(folded), end - start))
        parts.append(folded)
        position += len(folded)
    unmapped = FoldedText("".join(parts), len(text), tuple(pieces))
    return _with_line_breaks(unmapped, [i for i, c in enumerate(text) if c in LINE_BREAKS])


def _in_one_space_run(before: str, after: str) -> bool:
    return (before == "" or before.endswith(" ")) and (after == "" or after.startswith(" "))


def _nfc_chunks(text: str) -> list[tuple[int, int]]:
    """Stretches that NFC composes on their own: a character and the accents after
    it (invisible characters between them included, since folding drops those)."""
    chunks: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text)):
        char = text[index]
        if unicodedata.combining(char) or char in _COMPOSES_WITH_PREVIOUS:
            continue
        if char in _INVISIBLE and _accent_follows(text, index):
            continue
        chunks.append((start, index))
        start = index
    if text:
        chunks.append((start, len(text)))
    return chunks


def _accent_follows(text: str, index: int) -> bool:
    while index < len(text) and text[index] in _INVISIBLE:
        index += 1
    return index < len(text) and unicodedata.combining(text[index]) > 0
