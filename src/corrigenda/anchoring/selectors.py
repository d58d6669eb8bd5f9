"""W3C Web Annotation selectors for a passage of article text, and their JSON form.

A reader's selection travels as a list of two selectors (the widget's payload):

    [{"type": "TextQuoteSelector", "exact": "...", "prefix": "...", "suffix": "..."},
     {"type": "TextPositionSelector", "start": 120, "end": 127}]

Offsets in these dataclasses are code points (Python string indices). Browsers count
UTF-16 code units; `position_from_utf16` and `position_to_utf16` convert at the border.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from .spans import Span
from .text import codepoint_to_utf16_offset, utf16_to_codepoint_offset

CONTEXT_LENGTH = 32


class InvalidSelector(ValueError):
    """The JSON does not describe a text passage."""


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "type": "TextQuoteSelector",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextQuoteSelector:
        fields = {name: data.get(name, "") for name in ("exact", "prefix", "suffix")}
        if not all(isinstance(value, str) for value in fields.values()):
            raise InvalidSelector("exact, prefix and suffix must be strings.")
        if not fields["exact"]:
            raise InvalidSelector("A TextQuoteSelector needs a non-empty exact quote.")
        return cls(**fields)


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise InvalidSelector(f"Not a position: [{self.start}, {self.end}).")

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_json(self) -> dict[str, str | int]:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextPositionSelector:
        start, end = data.get("start"), data.get("end")
        if not (_is_offset(start) and _is_offset(end)):
            raise InvalidSelector("start and end must be integers.")
        return cls(start, end)


@dataclass(frozen=True)
class Selector:
    """One passage: its quote with context and, when known, its position."""

    quote: TextQuoteSelector
    position: TextPositionSelector | None = None

    @classmethod
    def of(
        cls,
        exact: str,
        prefix: str = "",
        suffix: str = "",
        start: int | None = None,
        end: int | None = None,
    ) -> Selector:
        position = None if start is None or end is None else TextPositionSelector(start, end)
        return cls(TextQuoteSelector(exact, prefix, suffix), position)

    def to_json(self) -> list[dict[str, str | int]]:
        items: list[dict[str, str | int]] = [dict(self.quote.to_json())]
        if self.position is not None:
            items.append(self.position.to_json())
        return items

    @classmethod
    def from_json(cls, data: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> Selector:
        """Read a selector list (or a single selector object); other selector types,
        such as a RangeSelector from another client, are ignored."""
        items = [data] if isinstance(data, Mapping) else list(data)
        quote = position = None
        for item in items:
            if not isinstance(item, Mapping):
                raise InvalidSelector("Each selector must be a JSON object.")
            if item.get("type") == "TextQuoteSelector":
                quote = TextQuoteSelector.from_json(item)
            elif item.get("type") == "TextPositionSelector":
                position = TextPositionSelector.from_json(item)
        if quote is None:
            raise InvalidSelector("A TextQuoteSelector is required.")
        return cls(quote, position)


def _is_offset(value: object) -> TypeGuard[int]:
    # bool is an int in Python, but not an offset.
    return isinstance(value, int) and not isinstance(value, bool)


def describe(text: str, span: Span, context: int = CONTEXT_LENGTH) -> Selector:
    """The selector a reader's selection of `span` in `text` produces."""
    return Selector(
        TextQuoteSelector(
            exact=span.of(text),
            prefix=text[max(0, span.start - context) : span.start],
            suffix=text[span.end : span.end + context],
        ),
        TextPositionSelector(span.start, span.end),
    )


def position_from_utf16(text: str, position: TextPositionSelector) -> TextPositionSelector | None:
    """A browser's UTF-16 position as code points in `text`; None when it does not fit."""
    start = utf16_to_codepoint_offset(text, position.start)
    end = utf16_to_codepoint_offset(text, position.end)
    if start is None or end is None:
        return None
    return TextPositionSelector(start, end)


def position_to_utf16(text: str, position: TextPositionSelector) -> TextPositionSelector:
    return TextPositionSelector(
        codepoint_to_utf16_offset(text, position.start),
        codepoint_to_utf16_offset(text, position.end),
    )
