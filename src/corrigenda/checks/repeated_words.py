"""The same word twice in a row ("the the")."""

from __future__ import annotations

import re

from corrigenda.checks.findings import Finding

RULE = "repeated-word"
# Letters only, so "10 10" and "2024 2024" in tables are left alone.
_REPEAT = re.compile(r"(?<![\w'’-])([^\W\d_]+) (\1)(?![\w'’-])", re.IGNORECASE)
# Doubles that grammar allows ("he said that that was wrong", "it had had").
GRAMMATICAL_DOUBLES = frozenset({"that", "had", "is", "do", "бо", "що", "так", "ну", "да", "ага"})


def check_repeated_words(text: str) -> list[Finding]:
    findings = []
    for match in _REPEAT.finditer(text):
        word = match.group(1)
        if word.lower() in GRAMMATICAL_DOUBLES:
            continue
        findings.append(
            Finding(
                RULE,
                match.span(),
                f"“{word}” is repeated.",
                suggestion=word,
                severity="error",
            )
        )
    return findings
