"""One name spelled two ways in one article (Zelensky / Zelenskyy, Oleksandr /
Olexandr, a dropped letter). The finding sits on the rarer spelling and points at the
more common one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from corrigenda.checks.findings import Finding
from corrigenda.checks.transliteration import name_key
from corrigenda.checks.words import Word, words

RULE = "name-variant"
MIN_NAME_LENGTH = 3
# One edit apart is a typo only in names this long ("Karen" / "Karin" are two people);
# a letter dropped or added is rarer between real names than one changed.
MIN_LENGTH_FOR_CHANGED_LETTER = 6
MIN_LENGTH_FOR_DROPPED_LETTER = 5
# Inflected languages change the last letters of a name by grammatical case.
INFLECTED_ENDING = {"uk": 2, "ru": 2}
_POSSESSIVE = ("'s", "’s")


def _name_text(word: Word) -> str:
    for suffix in _POSSESSIVE:
        if word.text.endswith(suffix):
            return word.text[: -len(suffix)]
    return word.text


def _one_slip_apart(a: str, b: str, protected_ending: int) -> bool:
    """A letter dropped, added or changed inside the name, not at its start or end:
    endings are grammar or derivation (German / Germany, Петренко / Петренка)."""
    shorter = min(len(a), len(b))
    changed = len(a) == len(b)
    minimum = MIN_LENGTH_FOR_CHANGED_LETTER if changed else MIN_LENGTH_FOR_DROPPED_LETTER
    if shorter < minimum or Levenshtein.distance(a, b) != 1:
        return False
    if a.startswith(b) or b.startswith(a):
        return False
    prefix = 0
    while a[prefix] == b[prefix]:
        prefix += 1
    return 1 <= prefix < shorter - (protected_ending if changed else 1)


def check_name_variants(
    text: str,
    *,
    language: str = "en",
    is_common_word: Callable[[str], bool] | None = None,
) -> list[Finding]:
    occurrences: dict[str, list[Word]] = defaultdict(list)
    mid_sentence: set[str] = set()
    for word in words(text):
        if not word.is_capitalised or word.text.isupper():
            continue
        name = _name_text(word)
        if len(name) < MIN_NAME_LENGTH:
            continue
        occurrences[name].append(word)
        if not word.starts_sentence:
            mid_sentence.add(name)

    def is_name(name: str) -> bool:
        # A capitalised word seen only at sentence starts is a name unless it is a common word.
        if name in mid_sentence:
            return True
        return is_common_word is None or not is_common_word(name.lower())

    names = list(occurrences)
    keys = {name: name_key(name) for name in names}
    protected_ending = INFLECTED_ENDING.get(language, 1)
    findings = []
    for a, b in combinations(names, 2):
        same_key = keys[a] == keys[b] and len(keys[a]) >= MIN_NAME_LENGTH
        if not same_key and not _one_slip_apart(keys[a], keys[b], protected_ending):
            continue
        # Two common words ("Those" / "These") are no name; one is enough ("Шевчук" is also a noun).
        if a.lower() == b.lower() or not (is_name(a) or is_name(b)):
            continue
        # Without a majority spelling there is no telling which is wrong, and two names
        # met once each are as often two people (Smith, Smyth).
        if len(occurrences[a]) == len(occurrences[b]):
            continue
        common, rare = (a, b) if len(occurrences[a]) > len(occurrences[b]) else (b, a)
        rare_word, common_word = occurrences[rare][0], occurrences[common][0]
        findings.append(
            Finding(
                RULE,
                (rare_word.start, rare_word.start + len(rare)),
                f"“{rare}” is spelled “{common}” elsewhere in this article.",
                suggestion=common,
                related=(common_word.start, common_word.start + len(common)),
            )
        )
    return findings
