"""What a CMS does when it re-typesets quotation marks, apostrophes, dashes and dots."""

from __future__ import annotations

from .splices import Splice, apply

_OPENING = {"en": "\u201c", "uk": "\u00ab", "ru": "\u00ab"}
_CLOSING = {"en": "\u201d", "uk": "\u00bb", "ru": "\u00bb"}
_TO_STRAIGHT = {
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2019": "'",
    "\u2018": "'",
    "\u2014": "-",
    "\u2013": "-",
}


def retypeset_splices(text: str, language: str, *, to_typographic: bool) -> list[Splice]:
    """The character changes that turn straight marks typographic, or back."""
    splices: list[Splice] = []
    index = 0
    while index < len(text):
        char = text[index]
        if to_typographic:
            if char == '"':
                opening = index == 0 or text[index - 1] in " \n("
                mark = (_OPENING if opening else _CLOSING)[language]
                splices.append(Splice(index, index + 1, mark))
            elif char == "'":
                splices.append(Splice(index, index + 1, "\u2019"))
            elif (
                char == "-"
                and text[index - 1 : index] == " "
                and text[index + 1 : index + 2] == " "
            ):
                splices.append(Splice(index, index + 1, "\u2014"))
            elif text.startswith("...", index):
                splices.append(Splice(index, index + 3, "\u2026"))
                index += 2
        elif char in _TO_STRAIGHT:
            splices.append(Splice(index, index + 1, _TO_STRAIGHT[char]))
        elif char == "\u2026":
            splices.append(Splice(index, index + 1, "..."))
        index += 1
    return splices


def retypeset(text: str, language: str, *, to_typographic: bool) -> str:
    return apply(text, retypeset_splices(text, language, to_typographic=to_typographic))
