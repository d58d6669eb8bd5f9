"""House style rules authored by the desk ("Kiev" -> "Kyiv"), and their CSV form."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import regex

from corrigenda.checks.findings import SEVERITIES, Finding, Severity
from corrigenda.spreadsheet import cell_text, safe_cell

RULE = "style"
CSV_COLUMNS = ("pattern", "replacement", "explanation", "severity", "kind")

PatternKind = Literal["word", "regex"]
# The longest texts a site stores per rule (reports.models.StyleRule).
FIELD_MAX_LENGTHS = {"pattern": 500, "replacement": 500, "explanation": 1000}
# A desk's regular expression can backtrack for minutes ("(a+)+$" on a run of a's); each
# rule gets this long on one text, then stops with no findings there.
STYLE_RULE_BUDGET_SECONDS = 0.2
# An import stops trying rules on the sample after this many ran out of time, so a file of
# runaway rules is refused in about a second rather than minutes.
MAX_TIMEOUTS_PER_IMPORT = 5


class StyleRulePatternError(ValueError):
    """A regex rule's pattern is not a regular expression; the message says why."""


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


@dataclass(frozen=True)
class StyleRulesResult:
    """The findings of the rules that finished, and the rules that ran out of time
    (`STYLE_RULE_BUDGET_SECONDS`) on the text: those contribute no findings."""

    findings: list[Finding]
    timed_out: tuple[StyleRule, ...] = ()


def compile_rule(rule: StyleRule) -> regex.Pattern[str]:
    """The rule's pattern for the `regex` engine, whose matching takes a time limit.

    Raises StyleRulePatternError for an invalid regular expression. The syntax a desk
    writes is Python's `re` (the README's promise and its error messages); `regex` runs it
    in its re-compatible VERSION0 mode."""
    return _compile(rule.pattern, rule.kind)


@lru_cache(maxsize=4096)
def _compile(pattern: str, kind: PatternKind) -> regex.Pattern[str]:
    if kind == "regex":
        try:
            re.compile(pattern)
            return regex.compile(pattern, regex.VERSION0)
        except (re.error, regex.error) as error:
            raise StyleRulePatternError(str(error)) from None
    flags = regex.IGNORECASE if pattern == pattern.lower() else 0
    words = r"\s+".join(regex.escape(word) for word in pattern.split())
    return regex.compile(rf"(?<!\w){words}(?!\w)", flags | regex.VERSION0)


def _matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """Non-empty matches; raises TimeoutError once the pattern has matched for longer than
    the budget on this text (the limit covers the whole scan, not each match)."""
    for match in pattern.finditer(text, timeout=STYLE_RULE_BUDGET_SECONDS):
        if match.start() != match.end():
            yield match


def _replacement_for(rule: StyleRule, match: regex.Match[str]) -> str:
    if rule.kind == "regex":
        return match.expand(rule.replacement)
    found = match.group()
    # A lower-case rule applied at a sentence start keeps the capital.
    if found[:1].isupper() and rule.replacement[:1].islower():
        return rule.replacement[:1].upper() + rule.replacement[1:]
    return rule.replacement


def check_style_rules(text: str, rules: Iterable[StyleRule]) -> StyleRulesResult:
    """Every rule's findings in `text`; a rule that runs out of time is named in the
    result's `timed_out` instead, and the rules after it still run."""
    findings: list[Finding] = []
    timed_out: list[StyleRule] = []
    for rule in rules:
        try:
            findings.extend(_rule_findings(rule, text))
        except TimeoutError:
            timed_out.append(rule)
    return StyleRulesResult(findings, tuple(timed_out))


def _rule_findings(rule: StyleRule, text: str) -> list[Finding]:
    findings = []
    for match in _matches(compile_rule(rule), text):
        replacement = _replacement_for(rule, match)
        if replacement == match.group():
            continue
        message = f"House style: “{replacement}”, not “{match.group()}”."
        if rule.explanation:
            message = f"{message} {rule.explanation}"
        reason = f"The house style rule “{rule.pattern}” → “{rule.replacement}” matched"
        reason += f": {rule.explanation}" if rule.explanation else "."
        findings.append(
            Finding(
                RULE,
                match.span(),
                message,
                replacement,
                rule.severity,
                reason=reason,
                style_rule=rule,
            )
        )
    return findings


# Where runaway patterns show themselves: long runs of one letter, of spaces, of
# punctuation, of words without a full stop or colon; then news copy in English, Ukrainian
# and Russian (four articles of bench/checks_eval/realistic, about 2,200 words).
_SAMPLE_RUNS = ("a", "я", "7", " ", ".", "-", "!", ",", "—", "word ", "слово ")
# Long enough for nested repeats to explode, short enough for a merely quadratic pattern
# (\w+\d: some 40 ms) to pass.
_SAMPLE_RUN_LENGTH = 1000


@cache
def style_rule_sample_text() -> str:
    runs = [(unit * _SAMPLE_RUN_LENGTH)[:_SAMPLE_RUN_LENGTH] for unit in _SAMPLE_RUNS]
    news = (Path(__file__).parent / "style_rule_sample.txt").read_text(encoding="utf-8")
    return "\n".join([*runs, news])


def times_out_on_sample(rule: StyleRule) -> bool:
    """Whether the rule runs out of its budget on `style_rule_sample_text()`: the desk
    refuses to save such a rule. Raises StyleRulePatternError for an invalid pattern."""
    return _times_out_on_sample(rule.pattern, rule.kind)


# The form and then the model check the same pattern when a rule is saved: try it once.
@lru_cache(maxsize=4096)
def _times_out_on_sample(pattern: str, kind: PatternKind) -> bool:
    try:
        for _ in _matches(_compile(pattern, kind), style_rule_sample_text()):
            pass
    except TimeoutError:
        return True
    return False


# Why a rule is refused, after "the pattern " (the desk's form and the CSV import say it).
TOO_SLOW_ON_SAMPLE = (
    f"took longer than {STYLE_RULE_BUDGET_SECONDS:g} s on a sample text (news copy and long "
    "runs of letters, spaces and punctuation); nested repeats such as (a+)+ are the usual cause"
)


def style_rules_from_csv(data: str) -> list[StyleRule]:
    """Rules from CSV with a header row naming at least `pattern` and `replacement`
    (optional: explanation, severity (info|warning|error), kind (word|regex)).

    Every row is checked before anything is returned, each rule also on the sample text
    (`times_out_on_sample`): a file with bad rows raises one `StyleRulesCSVError` naming
    all of them (up to `MAX_TIMEOUTS_PER_IMPORT` too slow ones), so the desk stores all
    rows or none."""
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
    timeouts = 0
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
            rule = _rule_from_row(columns, row)
        except ValueError as error:
            problems.append((reader.line_num, str(error)))
            continue
        if times_out_on_sample(rule):
            problems.append((reader.line_num, f"the pattern {TOO_SLOW_ON_SAMPLE}"))
            timeouts += 1
            if timeouts == MAX_TIMEOUTS_PER_IMPORT:
                problems.append(
                    (reader.line_num, f"stopped here: {timeouts} rules ran out of time")
                )
                break
            continue
        rules.append(rule)
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
    except StyleRulePatternError as error:
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
