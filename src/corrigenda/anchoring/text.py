"""Article text as the product stores it, and browser (UTF-16) offsets into it.

The widget builds the same text in JavaScript (corrigenda-dialog.js,
`normalizeArticleText`), with the same whitespace class, so both sides agree on every
offset. Offsets counted in UTF-16 code units (what browsers count) are converted to code
points (what Python counts) here.
"""

import hashlib
import re
from dataclasses import dataclass

# Spelled out rather than \s, whose meaning differs between Python and JavaScript.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LINE_BREAK_RUN = re.compile(f"[{WHITESPACE}]*[\n\r\u2028\u2029][{WHITESPACE}]*")
_SPACE_RUN = re.compile(f"[{WHITESPACE}]+")
# What normalising would change: other whitespace, and spaces or line breaks side by side.
_OTHER_WHITESPACE = re.compile(f"[{WHITESPACE.replace(' ', '').replace(chr(10), '')}]")
_ADJACENT_SPACING = re.compile("[ \n][ \n]")


def normalize_article_text(text: str) -> str:
    """The canonical form of an article's text: paragraphs on their own lines.

    A whitespace run holding a line break becomes one newline, any other run one
    space; lines are trimmed and empty ones dropped. Revisions are stored and hashed
    in this form, and selector offsets count within it.
    """
    # The widget sends text already in this form; checking is much cheaper than rebuilding.
    if not (
        _OTHER_WHITESPACE.search(text)
        or _ADJACENT_SPACING.search(text)
        or text.startswith((" ", "\n"))
        or text.endswith((" ", "\n"))
    ):
        return text
    lines = (_SPACE_RUN.sub(" ", line).strip(" ") for line in _LINE_BREAK_RUN.split(text))
    return "\n".join(line for line in lines if line)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_codepoint_offset(text: str, utf16_offset: int) -> int | None:
    """Code-point offset for a UTF-16 offset, or None when it is out of range or
    falls inside a surrogate pair (no browser selection can end there)."""
    if utf16_offset < 0:
        return None
    if text.isascii() or utf16_length(text) == len(text):
        return utf16_offset if utf16_offset <= len(text) else None
    units = 0
    for index, char in enumerate(text):
        if units == utf16_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > utf16_offset:
            return None
    return len(text) if units == utf16_offset else None


def codepoint_to_utf16_offset(text: str, offset: int) -> int:
    return utf16_length(text[:offset])


@dataclass(frozen=True)
class PassageInContext:
    before: str
    quote: str
    after: str


def passage_in_context(
    text: str, start: int, end: int, context_chars: int = 400
) -> PassageInContext:
    """The paragraph (line of the article text) around start..end, trimmed to at most
    `context_chars` each side of the passage, with "…" where it was cut."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before_start = max(line_start, start - context_chars)
    after_end = min(line_end, end + context_chars)
    before = ("…" if before_start > line_start else "") + text[before_start:start]
    after = text[end:after_end] + ("…" if after_end < line_end else "")
    return PassageInContext(before=before, quote=text[start:end], after=after)
