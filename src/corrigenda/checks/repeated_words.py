"""The same word twice in a row ("the the")."""

from __future__ import annotations

import re

from corrigenda.checks.findings import Finding, Words, gettext_noop

RULE = "repeated-word"
# Letters only, so "10 10" and "2024 2024" in tables are left alone.
_REPEAT = re.compile(r"(?<![\w'’-])([^\W\d_]+) (\1)(?![\w'’-])", re.IGNORECASE)
# Doubles that grammar allows anywhere ("he said that that was wrong", "it had had").
GRAMMATICAL_DOUBLES = frozenset({"that", "had", "do", "бо", "так", "ну", "да", "ага"})
# "What it is is ...": "is is" after a clause opened by a question word.
_IS_IS_CLAUSE = re.compile(
    r"\b(?:what|where|how|why|who|all|thing|problem|point|question|truth)\b[^.!?\n]*$",
    re.IGNORECASE,
)
# "Results come in in the wards", "carried on on Monday": a verb's particle, then a
# preposition that happens to be the same word.
# fmt: off
PARTICLE_VERBS = frozenset({
    "come", "came", "comes", "coming", "pour", "poured", "pours", "pouring", "roll",
    "rolled", "rolling", "call", "called", "calling", "phone", "phoned", "check",
    "checked", "checking", "log", "logged", "move", "moved", "moving", "fill", "filled",
    "step", "stepped", "give", "gave", "given", "giving", "send", "sent", "turn",
    "turned", "turning", "hand", "handed", "handing", "bring", "brought", "chip",
    "chipped", "trickle", "trickled", "tune", "tuned", "settle", "settled", "stay",
    "stayed", "go", "went", "gone", "going", "carry", "carried", "carrying", "hold",
    "held", "holding", "keep", "kept", "take", "took", "taken", "put", "get", "got",
    "getting", "let", "lets", "kick", "kicked", "sign", "signed", "signing", "hang",
    "hung",
})
# fmt: on
_PARTICLES = frozenset({"in", "on", "out", "up", "off", "over", "down"})
# "Що що б не сталося", "что что-нибудь": the conjunction, then the pronoun of a clause.
_CLAUSE_PRONOUNS = frozenset({"що", "что"})
_CLAUSE_PRONOUN_FOLLOWERS = frozenset({"б", "би", "бы", "ж", "же", "не", "ни", "саме", "именно"})
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\w\n]*$")
_WORD_AFTER = re.compile(r"^\s*([^\W\d_]+)")


def _grammatical(text: str, match: re.Match[str]) -> bool:
    word = match.group(1).lower()
    if word in GRAMMATICAL_DOUBLES:
        return True
    before = text[max(0, match.start() - 200) : match.start()]
    if word == "is":
        return bool(_IS_IS_CLAUSE.search(before))
    if word in _PARTICLES:
        previous = _WORD_BEFORE.search(before)
        return previous is not None and previous.group(1).lower() in PARTICLE_VERBS
    if word in _CLAUSE_PRONOUNS:
        following = _WORD_AFTER.match(text[match.end() : match.end() + 40])
        after = text[match.end() : match.end() + 1]
        return after in {",", "?", "!", "…", "-"} or (
            following is not None and following.group(1).lower() in _CLAUSE_PRONOUN_FOLLOWERS
        )
    return False


def check_repeated_words(text: str) -> list[Finding]:
    findings = []
    for match in _REPEAT.finditer(text):
        if _grammatical(text, match):
            continue
        word = match.group(1)
        message = Words(
            gettext_noop("“%(word)s” twice in a row: one is likely a slip."), {"word": word}
        )
        reason = Words(
            gettext_noop(
                "“%(words)s”: the same word twice with only a space between, and not a double "
                "grammar allows (“had had”, “that that”, a verb's particle before the same "
                "preposition)."
            ),
            {"words": match.group()},
        )
        findings.append(
            Finding(
                RULE,
                match.span(),
                str(message),
                suggestion=word,
                severity="error",
                reason=str(reason),
                message_words=message,
                reason_words=reason,
            )
        )
    return findings
