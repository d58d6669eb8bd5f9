"""House style rules authored by the desk ("Kiev" -> "Kyiv"), and their CSV form."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from corrigenda.checks.findings import SEVERITIES, Finding, Severity
from corrigenda.spreadsheet import cell_text, safe_cell

RULE = "style"
CSV_COLUMNS = ("pattern", "replacement", "explanation", "severity", "kind")

PatternKind = Literal["word", "regex"]
# The longest texts a site stores per rule (reports.models.StyleRule).
FIELD_MAX_LENGTHS = {"pattern": 500, "replacement": 500, "explanation": 1000}


class StyleRulesCSVError(ValueError):
    """A style-rules CSV the desk uploaded cannot be read; names every bad line.

    `problems` lists (line, message) in file order; `line` is the first bad line.
    """

    def __init__(self, line: int, message: str, *, more: Iterable[tuple[int, str]] = ()) -> None:
        self.problems = [(line, message), *more]
        super().__init__("; ".join(f"line {n}: {text}" for n, text in self.problems))
        self.line = line


@dataclass(frozen=True)
class StyleRule:
    """`pattern` is a word or phrase (matched as whole words; case-insensitive when
    written in lower case) or, with kind="regex", a Python regular expression whose
    groups `replacement` may name as \\1."""

    pattern: str
    replacement: str
    explanation: str = ""
    severity: Severity = "warning"
    kind: PatternKind = "word"


@lru_cache(maxsize=4096)
def compile_rule(rule: StyleRule) -> re.Pattern[str]:
    if rule.kind == "regex":
        return re.compile(rule.pattern)
    flags = re.IGNORECASE if rule.pattern == rule.pattern.lower() else 0
    words = r"\s+".join(re.escape(word) for word in rule.pattern.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", flags)


def _replacement_for(rule: StyleRule, match: re.Match[str]) -> str:
    if rule.kind == "regex":
        return match.expand(rule.replacement)
    found = match.group()
    # A lower-case rule applied at a sentence start keeps the capital.
    if found[:1].isupper() and rule.replacement[:1].islower():
        return rule.replacement[:1].upper() + rule.replacement[1:]
    return rule.replacement


def check_style_rules(text: str, rules: Iterable[StyleRule]) -> list[Finding]:
    findings = []
    for rule in rules:
        for match in compile_rule(rule).finditer(text):
            if match.start() == match.end():
                continue
            replacement = _replacement_for(rule, match)
            if replacement == match.group():
                continue
            message = f"House style: “{replacement}”, not “{match.group()}”."
            if rule.explanation:
                message = f"{message} {rule.explanation}"
            findings.append(
                Finding(RULE, match.span(), message, replacement, rule.severity),
            )
    return findings


def style_rules_from_csv(data: str) -> list[StyleRule]:
    """Rules from CSV with a header row naming at least `pattern` and `replacement`
    (optional: explanation, severity (info|warning|error), kind (word|regex)).

    Every row is checked before anything is returned: a file with bad rows raises one
    `StyleRulesCSVError` naming all of them, so the desk stores all rows or none."""
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise StyleRulesCSVError(1, f"not readable as CSV: {error}") from None
    if header is None:
        raise StyleRulesCSVError(1, "the file is empty; expected a header row")
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in CSV_COLUMNS]
    if unknown:
        raise StyleRulesCSVError(
            1, f"unknown column {unknown[0]!r}; known: {', '.join(CSV_COLUMNS)}"
        )
    for required in ("pattern", "replacement"):
        if required not in columns:
            raise StyleRulesCSVError(1, f"the header has no {required!r} column")
    rules = []
    problems: list[tuple[int, str]] = []
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            problems.append((reader.line_num, f"not readable as CSV: {error}"))
            break
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        try:
            rules.append(_rule_from_row(columns, row))
        except ValueError as error:
            problems.append((reader.line_num, str(error)))
    if problems:
        (line, message), *more = problems
        raise StyleRulesCSVError(line, message, more=more)
    return rules


def _rule_from_row(columns: list[str], row: list[str]) -> StyleRule:
    if len(row) != len(columns):
        raise ValueError(f"{len(row)} fields, the header has {len(columns)}")
    fields = dict(zip(columns, (cell_text(cell).strip() for cell in row), strict=True))
    if not fields["pattern"]:
        raise ValueError("the pattern is empty")
    for name, limit in FIELD_MAX_LENGTHS.items():
        if len(fields.get(name, "")) > limit:
            raise ValueError(f"the {name} is longer than {limit} characters")
    severity = fields.get("severity") or "warning"
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}")
    kind: PatternKind
    if (fields.get("kind") or "word") == "word":
        kind = "word"
    elif fields["kind"] == "regex":
        kind = "regex"
    else:
        raise ValueError("kind must be word or regex")
    rule = StyleRule(
        fields["pattern"], fields["replacement"], fields.get("explanation", ""), severity, kind
    )
    try:
        compile_rule(rule)
    except re.error as error:
        raise ValueError(f"the regular expression is invalid: {error}") from None
    return rule


def style_rules_to_csv(rules: Iterable[StyleRule]) -> str:
    """The rules as CSV for spreadsheets: a cell that starts like a formula (a regular
    expression such as `-based`) gets a leading `'`, which the import takes off again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rule in rules:
        cells = [rule.pattern, rule.replacement, rule.explanation, rule.severity, rule.kind]
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()
