"""One name spelled two ways in one article (Zelensky / Zelenskyy, Oleksandr /
Olexandr, Дарья / Дария, a dropped letter). The finding sits on the rarer (or, at a
tie, the later) spelling and points at the other.

In Ukrainian and Russian a name is compared by its dictionary forms (pymorphy3), so
case forms are one spelling («Наталією», «Наталію», «Наталія») and a surname's feminine
form shares its masculine lemma («Петрова» / «Петров»): relatives are no variants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import Levenshtein

from corrigenda.checks.findings import Finding, Words, gettext_noop
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
MORPHOLOGY_LANGUAGES = frozenset({"uk", "ru"})
_PROPER_NOUN_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})
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


@lru_cache(maxsize=50_000)
def name_lemmas(name: str, language: str) -> frozenset[str]:
    """The lower-case dictionary forms a capitalised word may be a case form of: its
    proper-noun readings in pymorphy3 (a name, surname, patronymic or place), and itself."""
    lemmas = {name.lower()}
    if language in MORPHOLOGY_LANGUAGES:
        from corrigenda.checks.spelling import analyses

        for parse in analyses(name.lower(), language):
            if _PROPER_NOUN_TAGS & parse.tag.grammemes:
                lemmas.add(parse.normal_form.replace("ё", "е"))
    return frozenset(lemmas)


@dataclass
class _Name:
    """One name as the article spells it, with every word written that way (any case)."""

    spellings: set[str]
    lemmas: set[str]
    keys: set[str]
    mentions: list[Word]


def _group(occurrences: dict[str, list[Word]], language: str) -> list[_Name]:
    """Spellings that share a dictionary form are one spelling in several cases."""
    groups: list[_Name] = []
    for spelling, mentions in occurrences.items():
        lemmas = set(name_lemmas(spelling, language))
        joined = [g for g in groups if g.lemmas & lemmas]
        group = _Name({spelling}, lemmas, set(), list(mentions))
        for other in joined:
            groups.remove(other)
            group.spellings |= other.spellings
            group.lemmas |= other.lemmas
            group.mentions += other.mentions
        groups.append(group)
    for group in groups:
        group.keys = {name_key(lemma) for lemma in group.lemmas}
        group.mentions.sort(key=lambda word: word.start)
    return groups


def _candidate_pairs(groups: list[_Name]) -> list[tuple[_Name, _Name]]:
    """Pairs whose keys could match: variants share the first letter of a key (a slip is
    never the first letter), so only groups met under one first letter are compared."""
    by_letter: dict[str, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        for letter in {key[:1] for key in group.keys}:
            by_letter[letter].append(index)
    pairs = {
        (first, second)
        for members in by_letter.values()
        for first, second in combinations(members, 2)
    }
    return [(groups[first], groups[second]) for first, second in sorted(pairs)]


def check_name_variants(
    text: str,
    *,
    language: str = "en",
    is_common_word: Callable[[str], bool] | None = None,
) -> list[Finding]:
    article_words = words(text)
    occurrences: dict[str, list[Word]] = defaultdict(list)
    mid_sentence: set[str] = set()
    for word in article_words:
        if not word.is_capitalised or word.text.isupper():
            continue
        name = _name_text(word)
        if len(name) < MIN_NAME_LENGTH:
            continue
        occurrences[name].append(word)
        if not word.starts_sentence:
            mid_sentence.add(name)

    def is_name(spellings: set[str]) -> bool:
        # A capitalised word seen only at sentence starts is a name unless it is a common word.
        return any(
            name in mid_sentence or is_common_word is None or not is_common_word(name.lower())
            for name in spellings
        )

    groups = _group(occurrences, language)
    group_of = {spelling: group for group in groups for spelling in group.spellings}
    # The words right before and after each mention ("Oleksandr" before "Kovalenko").
    neighbours: dict[int, tuple[Word | None, Word | None]] = {}
    for index, word in enumerate(article_words):
        before = article_words[index - 1] if index else None
        after = article_words[index + 1] if index + 1 < len(article_words) else None
        if before is not None and text[before.end : word.start] != " ":
            before = None
        if after is not None and text[word.end : after.start] != " ":
            after = None
        neighbours[word.start] = (before, after)

    def companions(group: _Name) -> dict[int, set[int]]:
        """For each side (0 before, 1 after), the name groups written next to this one."""
        found: dict[int, set[int]] = {0: set(), 1: set()}
        for mention in group.mentions:
            for side, other in enumerate(neighbours[mention.start]):
                if other is not None and _name_text(other) in group_of:
                    found[side].add(id(group_of[_name_text(other)]))
        return found

    protected_ending = INFLECTED_ENDING.get(language, 1)
    findings = []
    for a, b in _candidate_pairs(groups):
        same_key = any(len(key) >= MIN_NAME_LENGTH for key in a.keys & b.keys)
        if not same_key and not any(
            _one_slip_apart(x, y, protected_ending) for x in a.keys for y in b.keys
        ):
            continue
        # Two common words ("Those" / "These") are no name; one is enough ("Шевчук" is also a noun).
        if not (is_name(a.spellings) or is_name(b.spellings)):
            continue
        beside_a, beside_b = companions(a), companions(b)
        full_name = any(beside_a[side] & beside_b[side] for side in (0, 1))
        # Without a majority spelling there is no telling which is wrong, and two names
        # met once each are as often two people (Smith, Smyth) -- unless both stand
        # beside the same first name or surname: one person, written two ways.
        if len(a.mentions) == len(b.mentions) and not full_name:
            continue
        if len(a.mentions) != len(b.mentions):
            common, rare = (a, b) if len(a.mentions) > len(b.mentions) else (b, a)
        else:
            common, rare = (a, b) if a.mentions[0].start < b.mentions[0].start else (b, a)
        beside_common = beside_a if common is a else beside_b
        how = Words(
            gettext_noop("the same name in another transliteration")
            if same_key
            else gettext_noop("one slip of a letter apart")
        )
        finding = _finding(common, rare, neighbours, group_of, beside_common)
        reason = _reason(text, finding, how)
        findings.append(replace(finding, reason=str(reason), reason_words=reason))
    return findings


def _paragraph(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _reason(text: str, finding: Finding, how: Words) -> Words:
    """Which two forms, where, and why they read as one name."""
    related = finding.related or finding.span
    return Words(
        gettext_noop(
            "“%(rare)s” (paragraph %(rare_paragraph)s) and “%(common)s” (first in paragraph "
            "%(common_paragraph)s) are %(how)s; the rarer spelling is flagged."
        ),
        {
            "rare": finding.quote(text),
            "rare_paragraph": _paragraph(text, finding.span[0]),
            "common": text[related[0] : related[1]],
            "common_paragraph": _paragraph(text, related[0]),
            "how": how,
        },
    )


def _finding(
    common: _Name,
    rare: _Name,
    neighbours: dict[int, tuple[Word | None, Word | None]],
    group_of: dict[str, _Name],
    common_companions: dict[int, set[int]],
) -> Finding:
    rare_word = next(w for w in rare.mentions if _name_text(w) not in common.spellings)
    common_word = common.mentions[0]
    start, end = rare_word.start, rare_word.start + len(_name_text(rare_word))
    # The whole name as written ("Olexandr Kovalenko") when the word beside it also
    # stands beside the other spelling.
    before, after = neighbours[rare_word.start]

    def beside_common(word: Word | None, side: int) -> bool:
        group = group_of.get(_name_text(word)) if word is not None else None
        return group is not None and id(group) in common_companions[side]

    if before is not None and beside_common(before, 0):
        start = before.start
    if after is not None and beside_common(after, 1):
        end = after.start + len(_name_text(after))
    rare_text = _name_text(rare_word)
    common_text = _name_text(common_word)
    times = len(common.mentions)
    if times > 1:
        template = gettext_noop(
            "“%(rare)s” here, “%(common)s” %(times)s times elsewhere in this article: the same "
            "person or place spelled two ways?"
        )
    else:
        template = gettext_noop(
            "“%(rare)s” here, “%(common)s” once elsewhere in this article: the same person or "
            "place spelled two ways?"
        )
    message = Words(template, {"rare": rare_text, "common": common_text, "times": times})
    return Finding(
        RULE,
        (start, end),
        str(message),
        message_words=message,
        suggestion=common_text,
        related=(common_word.start, common_word.start + len(common_text)),
    )
