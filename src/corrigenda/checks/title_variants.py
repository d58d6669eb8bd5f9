"""One named thing called two ways: "the Minsk Protocol" and "the Minsk Accord" — the
same head words with a different generic noun of the same family."""

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


def check_title_variants(text: str) -> list[Finding]:
    # (head words, family) -> generic noun -> spans where the title appears
    titles: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
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
        for _noun, spans in ranked[1:]:
            rare_text = text[spans[0][0] : spans[0][1]]
            findings.append(
                Finding(
                    RULE,
                    spans[0],
                    f"“{rare_text}” is called “{common_text}” elsewhere in this article.",
                    suggestion=common_text,
                    related=common_spans[0],
                )
            )
    return findings
