"""The reported passage cut out of its paragraph, for showing it highlighted."""

from dataclasses import dataclass

CONTEXT_CHARS = 400


@dataclass(frozen=True)
class PassageInContext:
    before: str
    quote: str
    after: str


def passage_in_context(text: str, start: int, end: int) -> PassageInContext:
    """The paragraph (line of the revision text) around start..end, trimmed to a few
    hundred characters each side of the quote."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before_start = max(line_start, start - CONTEXT_CHARS)
    after_end = min(line_end, end + CONTEXT_CHARS)
    before = ("…" if before_start > line_start else "") + text[before_start:start]
    after = text[end:after_end] + ("…" if after_end < line_end else "")
    return PassageInContext(before=before, quote=text[start:end], after=after)
