"""What an edit of the article changed in a reported passage, word by word. (The
passage in its paragraph is `corrigenda.anchoring.text.passage_in_context`.)"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words, runs of whitespace and single punctuation marks: "month." and "month," differ
# in one mark, not in the whole word.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class DiffPiece:
    text: str
    changed: bool


@dataclass(frozen=True)
class PassageDiff:
    """A passage before and after an edit, each cut into pieces that the edit left
    alone or changed (removed from `before`, added in `after`)."""

    before: tuple[DiffPiece, ...]
    after: tuple[DiffPiece, ...]


def word_diff(before: str, after: str) -> PassageDiff:
    """What an edit changed in a passage, word by word."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    old_pieces: list[DiffPiece] = []
    new_pieces: list[DiffPiece] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        old_text, new_text = "".join(old[i1:i2]), "".join(new[j1:j2])
        # A lone space between two changes is part of one change: "then planned" ->
        # "than expected" reads as one rewrite, not two words and a kept space.
        between_changes = 0 < index < len(opcodes) - 1 and old_text.isspace()
        changed = tag != "equal" or between_changes
        _append(old_pieces, old_text, changed)
        _append(new_pieces, new_text, changed)
    return PassageDiff(before=tuple(old_pieces), after=tuple(new_pieces))


def _append(pieces: list[DiffPiece], text: str, changed: bool) -> None:
    if not text:
        return
    if pieces and pieces[-1].changed == changed:
        pieces[-1] = DiffPiece(pieces[-1].text + text, changed)
    else:
        pieces.append(DiffPiece(text, changed))
