"""Hand-written revision pairs for the "changed without a correction" check.

``pairs.jsonl`` holds one JSON object a line: a news paragraph as first published
(``before``), the same paragraph after an edit (``after``), and whether the edit is
substantive, i.e. would deserve a correction note:

    {"id": "en-001", "language": "en", "before": "...", "after": "...",
     "substantive": true, "kind": "number", "note": "optional"}

Substantive: a number, date, name, quotation or negation changed, or a sentence added or
removed. Cosmetic: typography, whitespace, quote marks and dashes, a typo fixed inside a
word, hyphenation, capitalisation, a figure or date written another way ("5" -> "five",
"1,000" -> "1 000", "14/11/2024" -> "14 November 2024"), a sentence moved, a rewording
with the same meaning outside quotations. Hard cases are marked in ``note``: a one-letter
fix that changes a surname (substantive), a reworded quotation (substantive), a typo fixed
inside a quotation (cosmetic), a house transliteration such as Kiev -> Kyiv (cosmetic, a
judgement call). Each edit changes one thing, so ``kind`` names it.

Written by hand in English, Ukrainian and Russian, with the same fictional places and
people as the realistic article set next door (bench/checks_eval/realistic).

    from bench.checks_eval.revisions import load_revision_pairs
    pairs = load_revision_pairs()   # validated; raises ValueError naming the bad line
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

PAIRS_FILE = Path(__file__).resolve().parent / "pairs.jsonl"

LANGUAGES = frozenset({"en", "uk", "ru"})
SUBSTANTIVE_KINDS = frozenset(
    {"number", "date", "name", "quotation", "negation", "sentence added", "sentence removed"}
)
COSMETIC_KINDS = frozenset(
    {
        "typography",
        "whitespace",
        "quote marks",
        "dashes",
        "typo fixed",
        "hyphenation",
        "capitalisation",
        "number format",
        "date format",
        "reworded (same meaning)",
        "sentence moved",
        "transliteration",
    }
)
_REQUIRED = {"id", "language", "before", "after", "substantive", "kind"}
_ID = re.compile(r"(en|uk|ru)-\d{3}")


@dataclass(frozen=True)
class RevisionPair:
    id: str
    language: str
    before: str
    after: str
    substantive: bool
    kind: str
    note: str = ""


def _pair(where: str, raw: object) -> RevisionPair:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: not a JSON object")
    keys = set(raw)
    if not keys >= _REQUIRED or keys - _REQUIRED - {"note"}:
        raise ValueError(f"{where}: needs the keys {sorted(_REQUIRED)} and optionally note")
    pair_id, language = raw["id"], raw["language"]
    if not isinstance(pair_id, str) or not _ID.fullmatch(pair_id):
        raise ValueError(f"{where}: id {pair_id!r} is not like en-001")
    if language not in LANGUAGES or not pair_id.startswith(f"{language}-"):
        raise ValueError(f"{where}: language {language!r} does not match the id {pair_id}")
    before, after, note = raw["before"], raw["after"], raw.get("note", "")
    if not all(isinstance(text, str) for text in (before, after, note)):
        raise ValueError(f"{where}: before, after and note must be strings")
    if not before.strip() or not after.strip():
        raise ValueError(f"{where}: before and after must not be empty")
    if before == after:
        raise ValueError(f"{where}: before and after are the same text")
    substantive, kind = raw["substantive"], raw["kind"]
    if not isinstance(substantive, bool):
        raise ValueError(f"{where}: substantive must be true or false")
    if kind not in SUBSTANTIVE_KINDS | COSMETIC_KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}")
    if substantive != (kind in SUBSTANTIVE_KINDS):
        expected = "substantive" if kind in SUBSTANTIVE_KINDS else "cosmetic"
        raise ValueError(f"{where}: a {kind!r} change is {expected}")
    return RevisionPair(pair_id, language, before, after, substantive, kind, note)


def load_revision_pairs(path: Path | None = None) -> list[RevisionPair]:
    """Every pair of pairs.jsonl, in file order, each checked; ValueError names a bad line."""
    path = path or PAIRS_FILE
    pairs: list[RevisionPair] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            where = f"{path.name} line {number}"
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError as error:
                raise ValueError(f"{where}: not valid JSON ({error})") from error
            pair = _pair(where, raw)
            if pair.id in seen:
                raise ValueError(f"{where}: the id {pair.id} is used twice")
            seen.add(pair.id)
            pairs.append(pair)
    return pairs
