"""Edits as splices of the old text, and where old offsets land in the new text.

Ground truth follows the same rule the product documents: text inserted exactly at a
passage's start comes before the passage, text inserted exactly at its end comes after
it, and a replaced stretch that starts or ends at a passage's edge belongs to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Splice:
    """Replace `[start, end)` of the old text with `text`."""

    start: int
    end: int
    text: str

    @property
    def growth(self) -> int:
        return len(self.text) - (self.end - self.start)


def ordered(splices: list[Splice]) -> list[Splice]:
    """The splices by position; ValueError when two of them overlap."""
    result = sorted(splices)
    for before, after in zip(result, result[1:], strict=False):
        if after.start < before.end or (after.start == before.end == after.end == before.start):
            raise ValueError(f"Overlapping edits: {before} and {after}.")
    return result


def apply(text: str, splices: list[Splice]) -> str:
    parts, done = [], 0
    for splice in ordered(splices):
        parts += (text[done : splice.start], splice.text)
        done = splice.end
    parts.append(text[done:])
    return "".join(parts)


def new_start(splices: list[Splice], offset: int) -> int:
    """Where a passage starting at old `offset` starts in the new text."""
    for splice in splices:
        if splice.start < offset < splice.end:
            raise ValueError(f"{offset} is inside the replaced stretch {splice}.")
    return offset + sum(s.growth for s in splices if s.end <= offset)


def new_end(splices: list[Splice], offset: int) -> int:
    """Where a passage ending at old `offset` ends in the new text."""
    for splice in splices:
        if splice.start < offset < splice.end:
            raise ValueError(f"{offset} is inside the replaced stretch {splice}.")
    return offset + sum(s.growth for s in splices if s.start < offset and s.end <= offset)


def overlaps(splices: list[Splice], start: int, end: int) -> bool:
    """Whether any splice changes text inside `[start, end)`; an insertion exactly at
    either edge does not count."""
    return any(
        (s.start < end and start < s.end) or (s.start == s.end and start < s.start < end)
        for s in splices
    )
