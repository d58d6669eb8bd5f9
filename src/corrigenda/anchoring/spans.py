"""Spans of article text, and when two of them are the same passage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range `[start, end)` of code-point offsets into one text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Not a span: [{self.start}, {self.end}).")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The passage this span covers in `text`."""
        return text[self.start : self.end]

    def overlaps_enough(self, other: Span) -> bool:
        return spans_overlap_enough((self.start, self.end), (other.start, other.end))


def spans_overlap_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two passages are one: they overlap by at least half of the shorter."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return overlap > 0 and overlap * 2 >= shorter
