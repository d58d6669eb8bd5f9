"""One named thing called two ways: "the Minsk Protocol" and "the Minsk Accord" — the
same head words with a different generic noun of the same family.

Ukrainian and Russian titles are an adjective made from a name and a generic noun
(«Мінський протокол», «Минское соглашение»); both inflect, so each is compared by its
stem: «Мінських угод» and «Мінськими угодами» are one title, «Мінський протокол» another."""

from __future__ import annotations

import re
from collections import defaultdict

from corrigenda.checks.findings import Finding

RULE = "title-variant"
# Generic nouns that newsrooms swap for one another; only nouns of one family compete.
GENERIC_FAMILIES = (
    ("agreement", "accord", "protocol", "treaty", "deal", "pact", "convention", "memorandum"),
    ("law", "act", "bill", "code", "statute"),
    ("operation", "offensive", "campaign"),
    ("committee", "commission", "council", "board"),
    ("university", "college", "institute", "academy"),
    ("hospital", "clinic", "infirmary"),
    ("ministry", "department"),
    ("declaration", "charter"),
    ("summit", "conference", "forum"),
    ("stadium", "arena"),
)
_FAMILY = {noun: family for family, nouns in enumerate(GENERIC_FAMILIES) for noun in nouns}
_HEAD_WORD = r"[A-Z][\w'’.-]*"
_GENERIC = "|".join(sorted(_FAMILY, key=len, reverse=True))
# One to three capitalised head words, then the generic noun (maybe plural, maybe lower case).
_TITLE = re.compile(rf"(?<![\w-])((?:{_HEAD_WORD} ){{1,3}})((?i:{_GENERIC}))((?i:s|es))?(?![\w-])")
_LEADING_ARTICLES = {"the", "a", "an", "this", "that", "its", "their", "his", "her"}


# Ukrainian and Russian generic nouns by family (as in GENERIC_FAMILIES), each noun as
# its stems; case endings are added by _NOUN_ENDINGS. "Рада"/"совет" are left out: too
# many different bodies share a head adjective («Національна рада», «Національна комісія»).
CYRILLIC_FAMILIES: tuple[dict[str, tuple[str, ...]], ...] = (
    {
        "угода": ("угод",),
        "протокол": ("протокол",),
        "договір": ("договір", "договор"),
        "меморандум": ("меморандум",),
        "пакт": ("пакт",),
        "конвенція": ("конвенці", "конвенци"),
        "домовленість": ("домовленіст", "домовленост"),
        "соглашение": ("соглашени",),
        "договорённость": ("договорённост", "договоренност"),
        "сделка": ("сделк",),
    },
    {"закон": ("закон",), "кодекс": ("кодекс",), "акт": ("акт",)},
    {
        "операція": ("операці", "операци"),
        "наступ": ("наступ",),
        "наступление": ("наступлени",),
        "кампанія": ("кампані", "кампани"),
    },
    {"комітет": ("комітет", "комитет"), "комісія": ("комісі", "комисси")},
    {
        "університет": ("університет", "университет"),
        "інститут": ("інститут", "институт"),
        "академія": ("академі", "академи"),
        "коледж": ("коледж", "колледж"),
    },
    {"лікарня": ("лікарн",), "больница": ("больниц",), "клініка": ("клінік", "клініц", "клиник")},
    {"міністерство": ("міністерств", "министерств"), "відомство": ("відомств", "ведомств")},
    {"декларація": ("деклараці", "деклараци"), "хартія": ("харті", "харти")},
    {
        "саміт": ("саміт", "саммит"),
        "конференція": ("конференці", "конференци"),
        "форум": ("форум",),
    },
    {"стадіон": ("стадіон", "стадион"), "арена": ("арен",)},
)
# fmt: off
_NOUN_ENDINGS = frozenset((
    "", "а", "я", "о", "е", "є", "у", "ю", "и", "і", "ї", "й", "ь", "ы",
    "ам", "ям", "ами", "ями", "ах", "ях", "ом", "ем", "єм", "ою", "ею", "єю", "ів", "їв",
    "ов", "ев", "ей", "ий", "ия", "ии", "ию", "ие", "ием", "иям", "иями", "иях",
    "ій", "ія", "ії", "ію", "ією", "ой", "ью", "ьми",
))
# Longest first, so "ого" is taken off before "о".
_ADJECTIVE_ENDINGS = sorted({
    "ий", "ій", "ого", "ього", "ому", "ьому", "им", "ім", "а", "я", "ої", "ьої", "у", "ю",
    "ою", "ьою", "е", "є", "і", "их", "іх", "ими", "іми",
    "ый", "ой", "его", "ему", "ым", "ом", "ем", "ая", "яя", "ей", "ую", "юю", "ое", "ее",
    "ые", "ие", "ых", "ыми",
}, key=len, reverse=True)
# fmt: on
_CYRILLIC_NOUNS = {
    stem: (noun, family)
    for family, nouns in enumerate(CYRILLIC_FAMILIES)
    for noun, stems in nouns.items()
    for stem in stems
}
_CYRILLIC_WORD = re.compile(r"(?<![\w-])[А-ЯЁІЇЄҐа-яёіїєґ'’]+(?![\w-])")
# Before a capitalised word: is it the first of its sentence (or of a quotation)?
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s*|\n\s*|[«„\"“]\s*)$")


def _adjective_stem(word: str) -> str | None:
    word = word.lower()
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return None


def _cyrillic_noun(word: str) -> tuple[str, int] | None:
    word = word.lower()
    for cut in range(min(len(word), 4) + 1):
        stem, ending = word[: len(word) - cut], word[len(word) - cut :]
        if ending in _NOUN_ENDINGS and stem in _CYRILLIC_NOUNS:
            return _CYRILLIC_NOUNS[stem]
    return None


def _cyrillic_titles(text: str) -> list[tuple[tuple[str, int], str, tuple[int, int], bool]]:
    """Each capitalised adjective, maybe a second one, then a generic noun («Київська
    міська лікарня», «Мінських угод»): (head stems, family), the noun, the span, and
    whether it starts a sentence (where any adjective is capitalised)."""
    words = list(_CYRILLIC_WORD.finditer(text))
    found = []
    for i, first in enumerate(words):
        if not first.group()[0].isupper():
            continue
        for length in (2, 3):
            run = words[i : i + length]
            if len(run) < length or any(
                text[a.end() : b.start()] != " " for a, b in zip(run, run[1:], strict=False)
            ):
                break
            noun = _cyrillic_noun(run[-1].group())
            stems = [_adjective_stem(word.group()) for word in run[:-1]]
            if noun is None or not all(stems) or any(w.group()[0].isupper() for w in run[1:-1]):
                continue
            sentence_start = bool(_SENTENCE_START.search(text, 0, first.start()))
            key = (" ".join(stem for stem in stems if stem), noun[1])
            found.append((key, noun[0], (first.start(), run[-1].end()), sentence_start))
            break
    return found


def check_title_variants(text: str) -> list[Finding]:
    # (head words, family) -> generic noun -> spans where the title appears
    titles: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    cyrillic = _cyrillic_titles(text)
    # An adjective capitalised only at a sentence start («Нова угода») names nothing.
    named = {key for key, _noun, _span, sentence_start in cyrillic if not sentence_start}
    for key, noun, span, _sentence_start in cyrillic:
        if key in named:
            titles[(f"cyrillic:{key[0]}", key[1])][noun].append(span)
    for match in _TITLE.finditer(text):
        head_words = match.group(1).split()
        while head_words and head_words[0].lower() in _LEADING_ARTICLES:
            head_words = head_words[1:]
        if not head_words:
            continue
        noun = match.group(2).lower()
        head = " ".join(head_words).lower()
        start = match.start(1) + match.group(1).rfind(" ".join(head_words))
        titles[(head, _FAMILY[noun])][noun].append((start, match.end()))
    findings = []
    for variants in titles.values():
        if len(variants) < 2:
            continue
        ranked = sorted(variants.items(), key=lambda item: (-len(item[1]), item[1][0][0]))
        common_spans = ranked[0][1]
        common_text = text[common_spans[0][0] : common_spans[0][1]]
        inflected = _is_cyrillic(common_text)
        for _noun, spans in ranked[1:]:
            rare_text = text[spans[0][0] : spans[0][1]]
            findings.append(
                Finding(
                    RULE,
                    spans[0],
                    f"“{rare_text}” is called “{common_text}” elsewhere in this article.",
                    # Another case form is no drop-in replacement; the message names it.
                    suggestion=None if inflected else common_text,
                    related=common_spans[0],
                )
            )
    return findings


def _is_cyrillic(passage: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in passage)
