"""What stayed and what changed between two revisions of an article.

The diff is computed once per pair of revisions, on their folded forms, so that many
passages can be carried over from the old revision to the new one cheaply. The texts
are aligned sentence by sentence, then word by word inside sentences that changed
(rapidfuzz's Levenshtein alignment, in C, both times). Short runs of unchanged text
between two edits are merged into them, so that a rewritten sentence reads as one
change rather than as many small ones around shared spaces and "the"s.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz.distance import Indel, Levenshtein, Opcode, Opcodes

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# A changed sentence is aligned word by word with a new one at least this alike
# (Indel similarity); otherwise it was deleted, and the new one written (a paragraph
# moved away and another moved in, a sentence rewritten).
MIN_SIMILAR_SENTENCES = 0.5
# How many new sentences ahead a changed sentence looks for its counterpart.
PAIRING_REACH = 8
SENTENCE_END = ". "


@dataclass(frozen=True)
class Block:
    """A stretch of the old text and the stretch of the new text it became."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    equal: bool

    @property
    def old_length(self) -> int:
        return self.old_end - self.old_start

    @property
    def new_length(self) -> int:
        return self.new_end - self.new_start


class RevisionDiff:
    """The alignment of an old and a new text (both already folded)."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        self.blocks: list[Block] = _align(old, new)
        # Blocks covering old characters, for lookups by old offset.
        self._covering = [b for b in self.blocks if b.old_length]
        self._covering_starts = [b.old_start for b in self._covering]

    def map_start(self, offset: int) -> int:
        """Where a span starting at old `offset` starts in the new text; text inserted
        exactly there comes before it."""
        if offset >= len(self.old):
            return len(self.new)
        block = self._covering[self._index(offset)]
        if block.equal:
            return block.new_start + offset - block.old_start
        return block.new_start

    def map_end(self, offset: int) -> int:
        """Where a span ending at old `offset` ends in the new text; text inserted
        exactly there comes after it."""
        if offset <= 0:
            return 0
        block = self._covering[self._index(offset - 1)]
        if block.equal:
            return block.new_start + offset - block.old_start
        return block.new_end

    def _index(self, offset: int) -> int:
        return bisect_right(self._covering_starts, offset) - 1


def _align(old: str, new: str) -> list[Block]:
    return _coalesce(_align_sentences(old, new))


def _align_sentences(old: str, new: str) -> list[Block]:
    """Align sentence by sentence, then word by word inside the sentences that
    changed."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    old_at = list(accumulate(map(len, old_sentences), initial=0))
    new_at = list(accumulate(map(len, new_sentences), initial=0))
    blocks: list[Block] = []
    for equal, old_first, old_last, new_first, new_last in _runs(
        Levenshtein.opcodes(old_sentences, new_sentences)
    ):
        if equal:
            blocks.append(
                Block(
                    old_at[old_first], old_at[old_last], new_at[new_first], new_at[new_last], True
                )
            )
            continue
        # Pair each changed sentence with its counterpart among the next new ones;
        # the others were deleted or inserted.
        new_index = new_first
        for old_index in range(old_first, old_last):
            old_sentence = old[old_at[old_index] : old_at[old_index + 1]]
            match = _counterpart(old_sentence, new, new_at, new_index, new_last)
            if match is None:
                blocks.append(
                    Block(
                        old_at[old_index],
                        old_at[old_index + 1],
                        new_at[new_index],
                        new_at[new_index],
                        False,
                    )
                )
                continue
            if match > new_index:
                blocks.append(
                    Block(
                        old_at[old_index],
                        old_at[old_index],
                        new_at[new_index],
                        new_at[match],
                        False,
                    )
                )
            blocks += _align_words(
                old_sentence,
                new[new_at[match] : new_at[match + 1]],
                old_at[old_index],
                new_at[match],
            )
            new_index = match + 1
        if new_index < new_last:
            blocks.append(
                Block(
                    old_at[old_last], old_at[old_last], new_at[new_index], new_at[new_last], False
                )
            )
    return blocks


def _counterpart(sentence: str, new: str, new_at: list[int], first: int, last: int) -> int | None:
    """The index of the new sentence that `sentence` became, among the next few from
    `first`: one that still holds it whole (words were added at its edge), else the
    first one alike enough."""
    alike = None
    for index in range(first, min(last, first + PAIRING_REACH)):
        candidate = new[new_at[index] : new_at[index + 1]]
        if sentence in candidate:
            return index
        if alike is None and Indel.normalized_similarity(sentence, candidate) >= (
            MIN_SIMILAR_SENTENCES
        ):
            alike = index
    return alike


def _opcode(opcode: Opcode) -> tuple[str, int, int, int, int]:
    # rapidfuzz's stubs type an opcode's fields as one union; they are a tag and four ints.
    return opcode.tag, opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end


def _runs(opcodes: Opcodes) -> list[tuple[bool, int, int, int, int]]:
    """The opcodes with neighbouring edits joined: (equal, old range, new range)."""
    runs: list[tuple[bool, int, int, int, int]] = []
    for opcode in opcodes:
        tag, old_first, old_last, new_first, new_last = _opcode(opcode)
        equal = tag == "equal"
        if runs and not equal and not runs[-1][0]:
            _, old_first, _, new_first, _ = runs.pop()
        runs.append((equal, old_first, old_last, new_first, new_last))
    return runs


def _sentences(text: str) -> list[str]:
    """The text cut after each ". " (pieces keep it, and add up to the text): a rough
    cut into sentences is enough to align by, and str.split makes it in C."""
    pieces = [piece + SENTENCE_END for piece in text.split(SENTENCE_END)]
    pieces[-1] = pieces[-1][: -len(SENTENCE_END)]
    return [piece for piece in pieces if piece]


def _coalesce(blocks: list[Block]) -> list[Block]:
    """Drop empty blocks and join neighbours of the same kind."""
    result: list[Block] = []
    for block in blocks:
        if not block.old_length and not block.new_length:
            continue
        if result and result[-1].equal == block.equal:
            previous = result.pop()
            block = Block(
                previous.old_start, block.old_end, previous.new_start, block.new_end, block.equal
            )
        result.append(block)
    return result


def _align_words(old: str, new: str, old_offset: int, new_offset: int) -> list[Block]:
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    old_at = list(accumulate(map(len, old_tokens), initial=old_offset))
    new_at = list(accumulate(map(len, new_tokens), initial=new_offset))
    blocks = [
        Block(
            old_at[old_first], old_at[old_last], new_at[new_first], new_at[new_last], tag == "equal"
        )
        for tag, old_first, old_last, new_first, new_last in map(
            _opcode, Levenshtein.opcodes(old_tokens, new_tokens)
        )
    ]
    return _merge_short_equalities(_coalesce(blocks))


def _merge_short_equalities(blocks: list[Block]) -> list[Block]:
    """Within one sentence, fold an unchanged stretch into the edits on both sides of
    it when it is no longer than either of them (diff-match-patch's semantic
    clean-up, simplified)."""
    merged = True
    while merged:
        merged = False
        result: list[Block] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if (
                block.equal
                and result
                and not result[-1].equal
                and index + 1 < len(blocks)
                and not blocks[index + 1].equal
                and block.old_length <= min(_size(result[-1]), _size(blocks[index + 1]))
            ):
                result[-1] = _join(_join(result[-1], block), blocks[index + 1])
                index += 2
                merged = True
                continue
            result.append(block)
            index += 1
        blocks = result
    return blocks


def _size(block: Block) -> int:
    return max(block.old_length, block.new_length)


def _join(first: Block, second: Block) -> Block:
    return Block(first.old_start, second.old_end, first.new_start, second.new_end, False)
