"""House style rules from a Vale style package (https://vale.sh): a folder or .zip of
YAML rules, and vocabularies of accepted and rejected words.

Each rule's extension point (`extends`) becomes what `style_rules` can check:

- existence: each token (or the `raw` pattern) is flagged, with the rule's message;
- substitution: each `swap` entry becomes a swap rule (a plain word, on a Ukrainian or
  Russian site, then matches its inflected forms too);
- occurrence: a count of `token` per scope against `max` / `min`;
- repetition: a token repeated at once ("the the");
- consistency: each `either` pair used both ways in one article;
- conditional: `first` found without `second` naming it (an acronym never spelled out);
- capitalization: headings (or other scopes) against $title, $sentence, $lower, $upper
  or a pattern.

Anything else is skipped and named with the reason: the extension points `spelling`,
`readability`, `metric`, `sequence` and `script` (word-class tagging, formulas and Tengo
scripts this engine does not run), and scopes the article text has no markup for
(tables, lists, code, links). A vocabulary's accept.txt entries become the site's
accepted words; reject.txt entries are flagged.

The package is untrusted input: its size, entry count and file sizes are capped, YAML is
read with `safe_load`, and every pattern must finish on the sample text within the style
rules' time budget (`style_rules.times_out_on_sample`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import yaml

from corrigenda.checks.findings import Severity
from corrigenda.checks.style_rules import (
    FIELD_MAX_LENGTHS,
    MAX_TIMEOUTS_PER_IMPORT,
    TOO_SLOW_ON_SAMPLE,
    RuleScope,
    StyleRule,
    StyleRulePatternError,
    compile_rule,
    times_out_on_sample,
)

MAX_PACKAGE_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_FILE_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_RULES = 5000
MAX_WORDS = 20_000

_LEVELS: dict[str, Severity] = {"suggestion": "info", "warning": "warning", "error": "error"}
_SCOPES: dict[str, RuleScope] = {
    "text": "text",
    "paragraph": "paragraph",
    "sentence": "sentence",
    "heading": "heading",
    "title": "heading",
    **{f"heading.h{level}": "heading" for level in range(1, 7)},
}
_NOT_RUN = {
    "spelling": "runs a Hunspell dictionary of its own; the site's spelling check and its "
    "accepted words do this job",
    "readability": "computes readability formulas this engine does not run",
    "metric": "computes formulas over document statistics this engine does not run",
    "sequence": "needs part-of-speech tagging this engine does not run",
    "script": "runs a Tengo script, which this engine does not run",
}
# A vocabulary entry taken as a word: letters joined by hyphens or apostrophes.
_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")
_PLAIN_PHRASE = re.compile(r"[^\W\d_]+(?:[-'’ʼ ][^\W\d_]+)*")


class ValePackageError(ValueError):
    """The package cannot be read at all (not a zip or folder, too large, no rules)."""


@dataclass(frozen=True)
class SkippedRule:
    """A rule (or vocabulary entry) the import left out: `name` is Vale's ("Style.Rule")."""

    name: str
    reason: str


@dataclass(frozen=True)
class ValePackage:
    rules: tuple[StyleRule, ...]
    accepted_words: tuple[str, ...]
    skipped: tuple[SkippedRule, ...]
    # How many YAML rules the package holds, and how many of them were imported.
    rule_files: int
    imported_rule_files: int


class _Skip(Exception):
    """Why one rule file is left out."""


def read_vale_package(path: Path) -> ValePackage:
    """The style rules a Vale package on disk (a folder, or a .zip) holds."""
    if path.is_dir():
        return vale_package_from_files(_folder_files(path))
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ValePackageError(f"cannot read {path}: {error.strerror}") from None
    if size > MAX_PACKAGE_BYTES:
        raise ValePackageError(f"the package is larger than {MAX_PACKAGE_BYTES // 2**20} MB")
    return vale_package_from_zip(path.read_bytes())


def vale_package_from_zip(data: bytes) -> ValePackage:
    if len(data) > MAX_PACKAGE_BYTES:
        raise ValePackageError(f"the package is larger than {MAX_PACKAGE_BYTES // 2**20} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValePackageError("not a zip file") from None
    with archive:
        return vale_package_from_files(_zip_files(archive))


def _zip_files(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > MAX_ENTRIES:
        raise ValePackageError(f"the package holds more than {MAX_ENTRIES} files")
    total = 0
    for info in entries:
        if not _wanted(info.filename):
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise ValePackageError(f"{info.filename} is larger than {MAX_FILE_BYTES // 1024} KB")
        with archive.open(info) as opened:
            # The header's size is a claim: read no more than the limit allows.
            content = opened.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise ValePackageError(f"{info.filename} is larger than {MAX_FILE_BYTES // 1024} KB")
        total += len(content)
        if total > MAX_TOTAL_BYTES:
            raise ValePackageError(
                f"the package unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB"
            )
        yield info.filename, content


def _folder_files(root: Path) -> Iterator[tuple[str, bytes]]:
    count = total = 0
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        count += 1
        if count > MAX_ENTRIES:
            raise ValePackageError(f"the folder holds more than {MAX_ENTRIES} files")
        name = path.relative_to(root).as_posix()
        if not _wanted(name):
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValePackageError(f"{name} is larger than {MAX_FILE_BYTES // 1024} KB")
        content = path.read_bytes()
        total += len(content)
        if total > MAX_TOTAL_BYTES:
            raise ValePackageError(f"the folder holds more than {MAX_TOTAL_BYTES // 2**20} MB")
        yield name, content


def _wanted(name: str) -> bool:
    path = PurePosixPath(name)
    return path.suffix in {".yml", ".yaml"} or path.name in {"accept.txt", "reject.txt"}


def _vocabulary(name: str) -> str | None:
    """The vocabulary a word list belongs to: config/vocabularies/NAME/ (Vale 3) or
    Vocab/NAME/ (Vale 2)."""
    parts = PurePosixPath(name).parts
    for index in range(len(parts) - 2):
        if parts[index : index + 2] == ("config", "vocabularies") and len(parts) == index + 4:
            return parts[index + 2]
        if parts[index] == "Vocab" and len(parts) == index + 3:
            return parts[index + 1]
    return None


def vale_package_from_files(files: Iterator[tuple[str, bytes]]) -> ValePackage:
    """The rules of a package given as (path inside it, content) pairs."""
    rules: list[StyleRule] = []
    accepted: list[str] = []
    skipped: list[SkippedRule] = []
    rule_files = imported = timeouts = 0
    for name, content in files:
        path = PurePosixPath(name)
        if path.suffix == ".txt":
            vocabulary = _vocabulary(name)
            if vocabulary is None:
                continue
            words, word_rules, left_out = _vocabulary_entries(
                vocabulary, path.stem, _text(name, content)
            )
            accepted.extend(words)
            rules.extend(word_rules)
            skipped.extend(left_out)
            _check_counts(rules, accepted)
            continue
        if path.name.startswith(".") or "vocabularies" in path.parts or "Vocab" in path.parts:
            continue
        rule_files += 1
        rule_name = f"{path.parent.name}.{path.stem}" if path.parent.name else path.stem
        try:
            found = _rules_of(rule_name, _text(name, content))
            for rule in found:
                _check_pattern(rule, timeouts)
        except _Skip as reason:
            if str(reason).startswith("the pattern took longer"):
                timeouts += 1
            skipped.append(SkippedRule(rule_name, str(reason)))
            continue
        rules.extend(found)
        imported += 1
        _check_counts(rules, accepted)
    if not rule_files and not accepted and not rules:
        raise ValePackageError("no Vale rules (.yml) or vocabularies (accept.txt, reject.txt)")
    return ValePackage(
        tuple(rules),
        tuple(dict.fromkeys(accepted)),
        tuple(skipped),
        rule_files,
        imported,
    )


def _check_counts(rules: list[StyleRule], accepted: list[str]) -> None:
    if len(rules) > MAX_RULES:
        raise ValePackageError(f"the package holds more than {MAX_RULES} rules")
    if len(accepted) > MAX_WORDS:
        raise ValePackageError(f"the vocabularies hold more than {MAX_WORDS} accepted words")


def _text(name: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValePackageError(f"{name} is not UTF-8 text") from None


def _check_pattern(rule: StyleRule, timeouts: int) -> None:
    for pattern in rule.patterns:
        if len(pattern) > FIELD_MAX_LENGTHS["pattern"]:
            raise _Skip(f"a pattern is longer than {FIELD_MAX_LENGTHS['pattern']} characters")
    try:
        compile_rule(rule)
    except StyleRulePatternError as error:
        raise _Skip(f"a pattern is not a regular expression Python reads: {error}") from None
    if timeouts >= MAX_TIMEOUTS_PER_IMPORT:
        raise _Skip(f"not tried: {timeouts} rules of the package already ran out of time")
    if times_out_on_sample(rule):
        raise _Skip(f"the pattern {TOO_SLOW_ON_SAMPLE}")


def _vocabulary_entries(
    vocabulary: str, list_name: str, text: str
) -> tuple[list[str], list[StyleRule], list[SkippedRule]]:
    words: list[str] = []
    rules: list[StyleRule] = []
    skipped: list[SkippedRule] = []
    name = f"vocabulary {vocabulary} ({list_name}.txt)"
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if list_name == "accept":
            if _PLAIN_WORD.fullmatch(entry):
                words.append(entry)
            else:
                skipped.append(
                    SkippedRule(
                        f"{name}: {entry[:80]}",
                        "the spelling check accepts single words, not patterns or phrases",
                    )
                )
            continue
        if _PLAIN_PHRASE.fullmatch(entry) and len(entry) <= FIELD_MAX_LENGTHS["pattern"]:
            rules.append(
                StyleRule(
                    entry,
                    "",
                    f"The vocabulary {vocabulary} rejects “%s”.",
                    source=f"Vale vocabulary {vocabulary}",
                )
            )
        else:
            skipped.append(
                SkippedRule(f"{name}: {entry[:80]}", "only words and phrases are flagged")
            )
    return words, rules, skipped


def _rules_of(name: str, text: str) -> list[StyleRule]:
    try:
        definition = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _Skip(f"not readable as YAML: {str(error).splitlines()[0]}") from None
    if not isinstance(definition, dict):
        raise _Skip("not a Vale rule: the file holds no mapping of keys")
    extends = definition.get("extends")
    if not isinstance(extends, str):
        raise _Skip("not a Vale rule: no `extends`")
    if extends in _NOT_RUN:
        raise _Skip(f"extends {extends}: {_NOT_RUN[extends]}")
    build = _BUILDERS.get(extends)
    if build is None:
        raise _Skip(f"extends {extends}: not a Vale extension point this engine knows")
    level = definition.get("level", "suggestion")
    if level not in _LEVELS:
        raise _Skip(f"level {level!r}: not suggestion, warning or error")
    message = _string(definition, "message")
    link = _string(definition, "link")
    explanation = f"{message} {link}".strip()[: FIELD_MAX_LENGTHS["explanation"]]
    base = StyleRule(
        "",
        "",
        explanation,
        _LEVELS[level],
        "regex",
        scope=_scope(definition.get("scope", "text")),
        exceptions=tuple(_strings(definition, "exceptions")),
        source=f"Vale {name}",
    )
    rules = build(definition, base)
    if not rules:
        raise _Skip(f"extends {extends}: the rule names nothing to look for")
    return rules


def _string(definition: dict, key: str) -> str:
    value = definition.get(key, "")
    if not isinstance(value, str | int | float):
        raise _Skip(f"`{key}` is not text")
    return str(value)


def _strings(definition: dict, key: str) -> list[str]:
    value = definition.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str | int) for item in value):
        raise _Skip(f"`{key}` is not a list of texts")
    return [str(item) for item in value]


def _flag(definition: dict, key: str) -> bool:
    value = definition.get(key, False)
    if not isinstance(value, bool):
        raise _Skip(f"`{key}` is not true or false")
    return value


def _scope(value: object) -> RuleScope:
    listed = value if isinstance(value, list) else [value]
    scopes = [scope for scope in listed if isinstance(scope, str)]
    if len(scopes) != len(listed):
        raise _Skip("`scope` is not text")
    # "~code" excludes markup the article text never has; what is left must be one scope.
    wanted = {scope for scope in scopes if not scope.startswith("~")}
    if not wanted:
        return "text"
    if len(wanted) > 1:
        raise _Skip(f"scope {' and '.join(sorted(wanted))}: only one scope is supported")
    (scope,) = wanted
    if scope not in _SCOPES:
        raise _Skip(
            f"scope {scope}: article text keeps paragraphs and sentences but no "
            "tables, lists, code, links or other markup"
        )
    return _SCOPES[scope]


def _bounded(pattern: str, definition: dict) -> str:
    """Vale's word boundaries around a pattern (none with `nonword`) and its case flag."""
    if not _flag(definition, "nonword"):
        pattern = rf"\b(?:{pattern})\b"
    return f"(?i){pattern}" if _flag(definition, "ignorecase") else pattern


def _existence(definition: dict, base: StyleRule) -> list[StyleRule]:
    tokens = _strings(definition, "tokens")
    raw = "".join(_strings(definition, "raw"))
    if raw and (not tokens or _flag(definition, "append")):
        suffix = f"(?:{'|'.join(tokens)})" if tokens else ""
        pattern = f"(?i){suffix}{raw}" if _flag(definition, "ignorecase") else suffix + raw
        return [replace(base, pattern=pattern)]
    return [replace(base, pattern=_bounded(token, definition)) for token in tokens]


def _substitution(definition: dict, base: StyleRule) -> list[StyleRule]:
    swap = definition.get("swap") or {}
    if not isinstance(swap, dict):
        raise _Skip("`swap` is not a mapping")
    rules = []
    ignorecase = _flag(definition, "ignorecase")
    for found, wanted in swap.items():
        if not isinstance(found, str | int) or not isinstance(wanted, str | int):
            raise _Skip("`swap` maps something other than texts")
        found, wanted = str(found), str(wanted)
        # Vale offers "a|b" as alternatives; the first one is the suggestion.
        suggestion = wanted.split("|")[0].strip()
        if len(suggestion) > FIELD_MAX_LENGTHS["replacement"]:
            raise _Skip("a replacement is longer than the site's rules allow")
        if _PLAIN_PHRASE.fullmatch(found) and not _flag(definition, "nonword"):
            # A plain word or phrase: matched as a word rule, which on a Ukrainian or
            # Russian site also catches its inflected forms.
            pattern = found.lower() if ignorecase else found
            rules.append(replace(base, pattern=pattern, replacement=suggestion, kind="word"))
        else:
            literal = suggestion.replace("\\", "\\\\")
            rules.append(replace(base, pattern=_bounded(found, definition), replacement=literal))
    return rules


def _occurrence(definition: dict, base: StyleRule) -> list[StyleRule]:
    token = _string(definition, "token")
    limits = {key: definition.get(key) for key in ("max", "min")}
    if not all(value is None or isinstance(value, int) for value in limits.values()):
        raise _Skip("`max` and `min` must be whole numbers")
    if not token or limits == {"max": None, "min": None}:
        return []
    return [
        replace(
            base,
            pattern=token,
            check="occurrence",
            max_count=limits["max"],
            min_count=limits["min"],
        )
    ]


def _repetition(definition: dict, base: StyleRule) -> list[StyleRule]:
    tokens = _strings(definition, "tokens")
    if not tokens:
        return []
    # The same token twice in a row, apart only by spaces.
    pattern = rf"(?<!\w)({'|'.join(tokens)})(?:\s+\1)+(?!\w)"
    if _flag(definition, "ignorecase"):
        pattern = f"(?i){pattern}"
    return [replace(base, pattern=pattern)]


def _consistency(definition: dict, base: StyleRule) -> list[StyleRule]:
    either = definition.get("either") or {}
    if not isinstance(either, dict):
        raise _Skip("`either` is not a mapping")
    return [
        replace(
            base,
            pattern=_bounded(str(one), definition),
            second=_bounded(str(other), definition),
            check="consistency",
        )
        for one, other in either.items()
    ]


def _conditional(definition: dict, base: StyleRule) -> list[StyleRule]:
    first, second = _string(definition, "first"), _string(definition, "second")
    if not first or not second:
        return []
    if _flag(definition, "ignorecase"):
        first, second = f"(?i){first}", f"(?i){second}"
    return [replace(base, pattern=first, second=second, check="conditional")]


def _capitalization(definition: dict, base: StyleRule) -> list[StyleRule]:
    match = _string(definition, "match")
    if not match:
        return []
    for unsupported in ("indicators", "prefix", "threshold"):
        if unsupported in definition:
            raise _Skip(f"`{unsupported}` is not supported")
    style = definition.get("style", "AP")
    if match == "$title" and style != "AP":
        raise _Skip(f"style {style}: only AP title case is supported")
    return [replace(base, pattern=match, check="capitalization")]


_BUILDERS = {
    "existence": _existence,
    "substitution": _substitution,
    "occurrence": _occurrence,
    "repetition": _repetition,
    "consistency": _consistency,
    "conditional": _conditional,
    "capitalization": _capitalization,
}
