"""Quotation marks and brackets left open or closed without opening, per paragraph.

Single quotes are not checked: ’ and ' are also apostrophes.
"""

from __future__ import annotations

import re

from corrigenda.checks.findings import Finding, Words, gettext_noop
from corrigenda.checks.words import paragraphs

QUOTE_RULE = "unbalanced-quote"
BRACKET_RULE = "unbalanced-bracket"

_QUOTE_MARKS = re.compile('["«»„“”]')
_BRACKETS = re.compile(r"[()\[\]{}]")
_BRACKET_PAIRS = {")": "(", "]": "[", "}": "{"}
# A list marker such as "1)" or "a)" closes nothing.
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:\d{1,3}|[^\W\d_])\)")
# Nor does a smiley such as ":)" or ";-(" standing apart from the words around it.
_EMOTICON = re.compile(r"(?:^|(?<=\s))[:;=]-?[()\[\]](?!\w)")


def _quote_problems(paragraph: str) -> list[tuple[int, Words]]:
    """(offset, message) for each quotation mark without its partner."""
    problems: list[tuple[int, Words]] = []
    stack: list[tuple[int, str]] = []
    straight: list[int] = []
    for match in _QUOTE_MARKS.finditer(paragraph):
        index, char = match.start(), match.group()
        if char == '"':
            straight.append(index)
        elif char in "«„":
            stack.append((index, char))
        elif char == "“":
            # After „ (Ukrainian, Russian, German) “ closes; otherwise it opens (English).
            if stack and stack[-1][1] == "„":
                stack.pop()
            else:
                stack.append((index, char))
        elif char in "»”":
            opener = "«" if char == "»" else "“„"
            if stack and stack[-1][1] in opener:
                stack.pop()
            else:
                problems.append(
                    (
                        index,
                        Words(
                            gettext_noop("Closing %(mark)s without an opening quotation mark."),
                            {"mark": char},
                        ),
                    )
                )
    for index, char in stack:
        problems.append(
            (
                index,
                Words(
                    gettext_noop("Opening %(mark)s is never closed in this paragraph."),
                    {"mark": char},
                ),
            )
        )
    if len(straight) % 2:
        problems.append(
            (straight[-1], Words(gettext_noop('An odd number of " marks in this paragraph.')))
        )
    return problems


def _bracket_problems(paragraph: str) -> list[tuple[int, Words]]:
    problems: list[tuple[int, Words]] = []
    stack: list[tuple[int, str]] = []
    markers = {match.end() - 1 for match in _LIST_MARKER.finditer(paragraph)}
    markers |= {match.end() - 1 for match in _EMOTICON.finditer(paragraph)}
    for match in _BRACKETS.finditer(paragraph):
        index, char = match.start(), match.group()
        if index in markers:
            continue
        if char in "([{":
            stack.append((index, char))
        elif char in _BRACKET_PAIRS:
            if stack and stack[-1][1] == _BRACKET_PAIRS[char]:
                stack.pop()
            else:
                problems.append(
                    (
                        index,
                        Words(
                            gettext_noop("Closing %(mark)s without an opening bracket."),
                            {"mark": char},
                        ),
                    )
                )
    for index, char in stack:
        problems.append(
            (
                index,
                Words(
                    gettext_noop("Opening %(mark)s is never closed in this paragraph."),
                    {"mark": char},
                ),
            )
        )
    return problems


def _continues_quote(paragraph: str, problems: list[tuple[int, Words]], following: str) -> bool:
    """A quotation running over paragraphs leaves each one open and reopens the next
    (the English newsroom convention): that one open mark is no error."""
    if len(problems) != 1 or not following:
        return False
    offset = problems[0][0]
    mark = paragraph[offset]
    opens = mark in "“«„" or (mark == '"' and (offset == 0 or paragraph[offset - 1] == " "))
    return opens and following.startswith(mark)


def check_unbalanced_quotes(text: str) -> list[Finding]:
    findings: list[Finding] = []
    paras = list(paragraphs(text))
    for index, para in enumerate(paras):
        problems = _quote_problems(para.text)
        following = paras[index + 1].text if index + 1 < len(paras) else ""
        if _continues_quote(para.text, problems, following):
            continue
        findings.extend(
            Finding(
                QUOTE_RULE,
                (para.start + offset, para.start + offset + 1),
                str(message),
                reason=str(_in_paragraph(index, message)),
                message_words=message,
                reason_words=_in_paragraph(index, message),
            )
            for offset, message in problems
        )
    return findings


def check_unbalanced_brackets(text: str) -> list[Finding]:
    return [
        Finding(
            BRACKET_RULE,
            (para.start + offset, para.start + offset + 1),
            str(message),
            reason=str(_in_paragraph(index, message)),
            message_words=message,
            reason_words=_in_paragraph(index, message),
        )
        for index, para in enumerate(paragraphs(text))
        for offset, message in _bracket_problems(para.text)
    ]


def _in_paragraph(index: int, message: Words) -> Words:
    """Marks are paired within each paragraph: say which one."""
    return Words(
        gettext_noop("Paragraph %(number)s: %(problem)s"), {"number": index + 1, "problem": message}
    )
