"""House style rules authored by the desk ("Kiev" -> "Kyiv") or imported from a Vale style
package (`checks.vale`), and their CSV form.

Most rules swap a pattern for a replacement, or only flag it when the replacement is
empty. The other checks a rule can make (`RuleCheck`) come from Vale's extension points:
a count of a pattern per sentence, paragraph or article; two spellings both used in one
article; a term used without the definition that must come with it; the capitalisation
of headings.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import regex

from corrigenda.checks import inflection
from corrigenda.checks.findings import SEVERITIES, Finding, Severity
from corrigenda.checks.words import words
from corrigenda.spreadsheet import cell_text, safe_cell

RULE = "style"
CSV_COLUMNS = ("pattern", "replacement", "explanation", "severity", "kind")

PatternKind = Literal["word", "regex"]
RuleCheck = Literal["swap", "occurrence", "consistency", "conditional", "capitalization"]
RULE_CHECKS: tuple[RuleCheck, ...] = (
    "swap",
    "occurrence",
    "consistency",
    "conditional",
    "capitalization",
)
# Where a rule looks. Article text keeps paragraphs but no markup, so a "heading" is a
# short paragraph that does not end like a sentence (`_is_heading`).
RuleScope = Literal["text", "paragraph", "sentence", "heading"]
RULE_SCOPES: tuple[RuleScope, ...] = ("text", "paragraph", "sentence", "heading")
# What a capitalization rule's pattern may name instead of a regular expression.
CAPITALIZATION_STYLES = ("$title", "$sentence", "$lower", "$upper")
HEADING_MAX_WORDS = 15
# The share of a heading's words that must follow the style (Vale's default threshold).
CAPITALIZATION_THRESHOLD = 0.8
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
    # What the rule checks; every check but "swap" takes `pattern` as a regular expression
    # (a capitalization rule: one of CAPITALIZATION_STYLES or a pattern a heading matches).
    check: RuleCheck = "swap"
    # consistency: the other spelling; conditional: what must also be in the article
    # (its first group, or the whole match, names what it defines).
    second: str = ""
    scope: RuleScope = "text"
    # occurrence: the fewest and most matches each scope may hold.
    min_count: int | None = None
    max_count: int | None = None
    # Matched texts the rule lets pass (a defined acronym, a proper name).
    exceptions: tuple[str, ...] = ()
    # Where an imported rule came from ("Vale House.Hedging"), shown with its findings.
    source: str = ""

    @property
    def patterns(self) -> tuple[str, ...]:
        """The regular expressions or words the rule matches with, to try on the sample."""
        if self.check == "capitalization" and self.pattern in CAPITALIZATION_STYLES:
            return ()
        return (self.pattern, self.second) if self.second else (self.pattern,)


@dataclass(frozen=True)
class StyleRulesResult:
    """The findings of the rules that finished, and the rules that ran out of time
    (`STYLE_RULE_BUDGET_SECONDS`) on the text: those contribute no findings."""

    findings: list[Finding]
    timed_out: tuple[StyleRule, ...] = ()


def compile_rule(rule: StyleRule, language: str = "") -> regex.Pattern[str]:
    """The rule's pattern for the `regex` engine, whose matching takes a time limit.

    Raises StyleRulePatternError for an invalid regular expression. The syntax a desk
    writes is Python's `re` (the README's promise and its error messages); `regex` runs it
    in its re-compatible VERSION0 mode. A one-word swap rule on a Ukrainian or Russian
    text matches every inflected form of the word (`inflection.word_forms`)."""
    for pattern in rule.patterns[1:]:
        _compile(pattern, "regex")
    if rule.check == "capitalization" and not rule.patterns:
        return _compile(r"\A\Z", "regex")
    kind = rule.kind if rule.check == "swap" else "regex"
    if kind == "word" and inflection.inflects(language) and " " not in rule.pattern.strip():
        return _compile_forms(rule.pattern, language)
    return _compile(rule.pattern, kind)


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


@lru_cache(maxsize=4096)
def _compile_forms(word: str, language: str) -> regex.Pattern[str]:
    word = word.strip()
    forms = [form for form, _grammemes in inflection.word_forms(word, language)] or [word]
    flags = regex.IGNORECASE if word == word.lower() else 0
    cased = sorted({_cased_like(word, form) for form in forms}, key=len, reverse=True)
    alternatives = "|".join(regex.escape(form) for form in cased)
    return regex.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags | regex.VERSION0)


def _cased_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """Non-empty matches; raises TimeoutError once the pattern has matched for longer than
    the budget on this text (the limit covers the whole scan, not each match)."""
    for match in pattern.finditer(text, timeout=STYLE_RULE_BUDGET_SECONDS):
        if match.start() != match.end():
            yield match


def _replacement_for(rule: StyleRule, match: regex.Match[str], language: str) -> str:
    if rule.kind == "regex":
        return match.expand(rule.replacement)
    found = match.group()
    replacement = rule.replacement
    if found.lower() != rule.pattern.strip().lower() and " " not in replacement.strip():
        # An inflected form ("Киеве") asks for the replacement in the same form.
        grammemes = dict(inflection.word_forms(rule.pattern.strip(), language)).get(
            found.lower(), frozenset()
        )
        replacement = inflection.inflect_like(replacement, grammemes, language) or replacement
    # A lower-case rule applied at a sentence start keeps the capital.
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _filled(template: str, *values: str) -> str:
    """A Vale message: each %s in turn takes the next value."""
    for value in values:
        template = template.replace("%s", value, 1)
    return template.replace("%s", "")


def _message(rule: StyleRule, default: str, *values: str) -> str:
    if "%s" in rule.explanation:
        message = _filled(rule.explanation, *values)
    else:
        message = f"{default} {rule.explanation}".strip()
    return f"{message} ({rule.source})" if rule.source else message


def check_style_rules(
    text: str, rules: Iterable[StyleRule], *, language: str = ""
) -> StyleRulesResult:
    """Every rule's findings in `text`; a rule that runs out of time is named in the
    result's `timed_out` instead, and the rules after it still run. `language` (uk, ru)
    lets one-word rules match the word's inflected forms."""
    findings: list[Finding] = []
    timed_out: list[StyleRule] = []
    for rule in rules:
        try:
            found = _CHECKS[rule.check](rule, text, language)
        except TimeoutError:
            timed_out.append(rule)
            continue
        findings.extend(
            replace(finding, reason=_reason(rule, finding.message), style_rule=rule)
            for finding in found
        )
    return StyleRulesResult(findings, tuple(timed_out))


def _reason(rule: StyleRule, message: str) -> str:
    """Why a house rule fired, for the desk: which rule (where it came from, or its
    pattern) and what it says."""
    name = rule.source or f"“{rule.pattern}”"
    if not rule.source and rule.replacement:
        name += f" → “{rule.replacement}”"
    check = "" if rule.check == "swap" else f" ({rule.check})"
    says = rule.explanation if rule.explanation and "%s" not in rule.explanation else message
    says = says.removesuffix(f" ({rule.source})")
    end = "" if says.endswith((".", "!", "?", "…", ")")) else "."
    return f"The house style rule {name}{check} matched: {says}{end}"


def _excepted(rule: StyleRule, found: str) -> bool:
    return found in rule.exceptions or found.casefold() in {
        exception.casefold() for exception in rule.exceptions
    }


def _in_scope(rule: StyleRule, text: str, span: tuple[int, int]) -> bool:
    if rule.scope != "heading":
        return True
    return any(start <= span[0] and span[1] <= end for start, end in _headings(text))


def _swap_findings(rule: StyleRule, text: str, language: str) -> list[Finding]:
    findings = []
    for match in _matches(compile_rule(rule, language), text):
        found = match.group()
        if _excepted(rule, found) or not _in_scope(rule, text, match.span()):
            continue
        if not rule.replacement:
            message = _message(rule, f"House style: avoid “{found}”.", found)
            findings.append(Finding(RULE, match.span(), message, None, rule.severity))
            continue
        replacement = _replacement_for(rule, match, language)
        if replacement == found:
            continue
        default = f"House style: “{replacement}”, not “{found}”."
        if (
            rule.kind == "word"
            and inflection.inflects(language)
            and found.lower() != rule.pattern.strip().lower()
            and replacement.lower() == rule.replacement.lower()
        ):
            # An inflected form the dictionary cannot put the replacement into.
            default += " Put it in the same case and number."
        message = _message(rule, default, replacement, found)
        findings.append(Finding(RULE, match.span(), message, replacement, rule.severity))
    return findings


_SENTENCE = regex.compile(r"\S.*?(?:[.!?…]+['\"’”»)\]]*(?=\s|$)|$)", regex.DOTALL)
_SENTENCE_END = ".!?…:;,"


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _is_heading(line: str) -> bool:
    stripped = line.strip().rstrip("'\"’”»)")
    return 0 < len(stripped.split()) <= HEADING_MAX_WORDS and stripped[-1] not in _SENTENCE_END


def _headings(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in _paragraph_spans(text) if _is_heading(text[s:e])]


def _scope_spans(text: str, scope: RuleScope) -> list[tuple[int, int]]:
    if scope == "text":
        return [(0, len(text))] if text.strip() else []
    if scope == "heading":
        return _headings(text)
    paragraphs = _paragraph_spans(text)
    if scope == "paragraph":
        return paragraphs
    return [
        (start + match.start(), start + match.end())
        for start, end in paragraphs
        for match in _SENTENCE.finditer(text[start:end])
    ]


def _occurrence_findings(rule: StyleRule, text: str, language: str) -> list[Finding]:
    starts = [
        match.start()
        for match in _matches(compile_rule(rule), text)
        if not _excepted(rule, match.group())
    ]
    findings = []
    for start, end in _scope_spans(text, rule.scope):
        count = bisect_left(starts, end) - bisect_left(starts, start)
        if rule.max_count is not None and count > rule.max_count:
            default = (
                f"{count} matches of the house style's “{rule.pattern}” in this {rule.scope}; "
                f"it allows at most {rule.max_count}."
            )
        elif rule.min_count is not None and count < rule.min_count:
            default = (
                f"{count} matches of the house style's “{rule.pattern}” in this {rule.scope}; "
                f"it asks for at least {rule.min_count}."
            )
        else:
            continue
        findings.append(
            Finding(RULE, (start, end), _message(rule, default, str(count)), None, rule.severity)
        )
    return findings


def _consistency_findings(rule: StyleRule, text: str, language: str) -> list[Finding]:
    first = [m for m in _matches(compile_rule(rule), text) if not _excepted(rule, m.group())]
    second = [
        m for m in _matches(_compile(rule.second, "regex"), text) if not _excepted(rule, m.group())
    ]
    if not first or not second:
        return []
    # The spelling the article uses first is the one it meant; the other is flagged.
    kept, other = (first, second) if first[0].start() < second[0].start() else (second, first)
    findings = []
    wanted = kept[0].group()
    for match in other:
        suggestion = wanted[:1].lower() + wanted[1:] if match.group()[:1].islower() else wanted
        default = (
            f"“{match.group()}” and “{kept[0].group()}” are both in this article; "
            "the house style writes one of them."
        )
        findings.append(
            Finding(
                RULE,
                match.span(),
                _message(rule, default, match.group()),
                suggestion,
                rule.severity,
                related=kept[0].span(),
            )
        )
    return findings


def _named(match: regex.Match[str]) -> str:
    return match.group(1) if match.re.groups else match.group()


def _conditional_findings(rule: StyleRule, text: str, language: str) -> list[Finding]:
    defined = {_named(match) for match in _matches(_compile(rule.second, "regex"), text)}
    findings = []
    for match in _matches(compile_rule(rule), text):
        name = _named(match)
        if name in defined or _excepted(rule, name) or not _in_scope(rule, text, match.span()):
            continue
        default = f"“{name}” is used without the definition the house style asks for."
        findings.append(
            Finding(RULE, match.span(), _message(rule, default, name), None, rule.severity)
        )
    return findings


# Words AP title case leaves in lower case inside a title.
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "off",
        "on",
        "or",
        "per",
        "so",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "yet",
    ]
)
_WORD = regex.compile(r"\w[\w'’\-]*")


def _styled(words: list[str], style: str, exceptions: frozenset[str]) -> list[str]:
    styled = []
    for index, word in enumerate(words):
        if word in exceptions or (word.isupper() and len(word) > 1 and style != "$lower"):
            styled.append(word)
        elif style == "$upper":
            styled.append(word.upper())
        elif style == "$lower":
            styled.append(word.lower())
        elif style == "$sentence":
            styled.append(word[:1].upper() + word[1:] if index == 0 else word.lower())
        elif 0 < index < len(words) - 1 and word.lower() in _MINOR_WORDS:
            styled.append(word.lower())
        else:
            styled.append(word[:1].upper() + word[1:])
    return styled


def _names_outside(text: str, spans: list[tuple[int, int]]) -> frozenset[str]:
    """Words written with a capital mid-sentence outside `spans`: names, which keep it."""
    return frozenset(
        word.text
        for word in words(text)
        if word.is_capitalised
        and not word.starts_sentence
        and not any(start <= word.start < end for start, end in spans)
    )


def _capitalization_findings(rule: StyleRule, text: str, language: str) -> list[Finding]:
    units = _scope_spans(text, rule.scope)
    exceptions = frozenset(rule.exceptions) | _names_outside(text, units)
    findings = []
    for start, end in units:
        unit = text[start:end]
        if rule.pattern not in CAPITALIZATION_STYLES:
            if compile_rule(rule).fullmatch(unit.strip(), timeout=STYLE_RULE_BUDGET_SECONDS):
                continue
            suggestion = None
        else:
            matches = list(_WORD.finditer(unit))
            words = [match.group() for match in matches]
            styled = _styled(words, rule.pattern, exceptions)
            if not words or sum(map(str.__eq__, words, styled)) / len(words) >= (
                CAPITALIZATION_THRESHOLD
            ):
                continue
            suggestion = unit
            for match, word in reversed(list(zip(matches, styled, strict=True))):
                suggestion = suggestion[: match.start()] + word + suggestion[match.end() :]
        style = {"$title": "title case", "$sentence": "sentence case"}.get(
            rule.pattern, rule.pattern.lstrip("$") + " case"
        )
        default = f"House style: this {rule.scope} should be in {style}."
        findings.append(
            Finding(RULE, (start, end), _message(rule, default, unit), suggestion, rule.severity)
        )
    return findings


_CHECKS: dict[str, Callable[[StyleRule, str, str], list[Finding]]] = {
    "swap": _swap_findings,
    "occurrence": _occurrence_findings,
    "consistency": _consistency_findings,
    "conditional": _conditional_findings,
    "capitalization": _capitalization_findings,
}


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
    kind = rule.kind if rule.check == "swap" else "regex"
    return any(
        _times_out_on_sample(pattern, kind if index == 0 else "regex")
        for index, pattern in enumerate(rule.patterns)
    )


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
