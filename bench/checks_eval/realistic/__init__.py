"""A realistic, hand-labelled evaluation set for corrigenda.checks.

46 news articles written by hand as real copy (21 English, 13 Ukrainian, 12 Russian):
interviews, long reads, live blogs, news stories, features and explainers of 300-1,000
words, for four fictional outlets. People, places and organisations are invented. Each
article carries zero or more realistic errors of the kinds the checks look for (a typo in
an ordinary word, a doubled word, a lone quotation mark or bracket, one person's name or one
document's title written two ways, leaked page furniture, a house-style violation), and
each error is labelled. 16 articles have no error at all but contain traps a checker
should leave alone: relatives sharing a surname, Ukrainian and Russian case forms, two
different bodies with similar names, "had had", nested quotes and apostrophes, list items
such as "1)", smileys, rare but real words.

The set was written without reading the checks' code or tests (src/corrigenda/checks/,
tests/checks/), from the README's description of the checks only, so that it measures them
rather than the cases they were tuned on.

Files, next to this module:

- ``<lang>-<nn>-<slug>.txt``: the article (headline first, paragraphs separated by a
  blank line);
- ``<lang>-<nn>-<slug>.json``: its labels, ``{"language", "genre", "site", "expected":
  [[rule, span text], ...], "blocks": [["boilerplate", whole leaked block], ...], "note"}``;
  a span text occurs verbatim in the article, once per label (the same wrong text labelled
  twice occurs twice); a name or title variant is labelled at its later, minority form;
- ``sites.json``: the outlets, each with its house-style rules and its ``history``;
- ``history/*.txt``: other articles of each outlet, unlabelled, ending with that outlet's
  real furniture (the lines the labelled articles leak).

Usage::

    from bench.checks_eval.realistic import load_realistic_set
    from corrigenda.checks import run_checks

    for article in load_realistic_set():
        findings = run_checks(
            article.text,
            language=article.language,
            style_rules=article.style_rules,
            site_history=article.site_history,
        ).findings
        # compare Counter((f.rule, f.quote(article.text)) for f in findings)
        # with Counter(article.expected), as bench/checks.py does

The loader checks every label against its article and raises ValueError naming the file
when one does not fit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corrigenda.checks import StyleRule

ROOT = Path(__file__).resolve().parent

RULES = frozenset(
    {
        "spelling",
        "repeated-word",
        "unbalanced-quote",
        "unbalanced-bracket",
        "name-variant",
        "title-variant",
        "boilerplate",
        "style",
    }
)
LANGUAGES = frozenset({"en", "uk", "ru"})
GENRES = frozenset({"interview", "long read", "live blog", "news", "feature", "explainer"})
SEVERITIES = frozenset({"info", "warning", "error"})
KINDS = frozenset({"word", "regex"})
_ARTICLE_KEYS = {"language", "genre", "site", "expected", "blocks", "note"}
_RULE_KEYS = {"pattern", "replacement", "explanation", "severity", "kind"}

Label = tuple[str, str]


@dataclass(frozen=True)
class RealisticArticle:
    name: str
    text: str
    language: str
    genre: str
    expected: tuple[Label, ...]
    blocks: tuple[Label, ...]
    style_rules: tuple[StyleRule, ...]
    site_history: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class _Site:
    language: str
    style_rules: tuple[StyleRule, ...]
    history: tuple[str, ...]


def _read_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name}: cannot be read as UTF-8 text ({error})") from error
    if "\r" in text:
        raise ValueError(f"{path.name}: has carriage returns; use \\n line endings")
    return text.rstrip()


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path.name}: not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: the top level must be an object")
    return data


def _style_rule(site: str, index: int, raw: object) -> StyleRule:
    where = f"sites.json: {site}, style rule {index + 1}"
    if not isinstance(raw, dict) or set(raw) != _RULE_KEYS:
        raise ValueError(f"{where}: needs exactly the keys {sorted(_RULE_KEYS)}")
    if not all(isinstance(raw[key], str) for key in _RULE_KEYS) or not raw["pattern"]:
        raise ValueError(f"{where}: every field must be a string and the pattern non-empty")
    if raw["severity"] not in SEVERITIES:
        raise ValueError(f"{where}: severity {raw['severity']!r} is not info, warning or error")
    if raw["kind"] not in KINDS:
        raise ValueError(f"{where}: kind {raw['kind']!r} is not word or regex")
    return StyleRule(
        raw["pattern"], raw["replacement"], raw["explanation"], raw["severity"], raw["kind"]
    )


def _load_sites(root: Path) -> dict[str, _Site]:
    data = _read_json(root / "sites.json")
    sites = {}
    for key, raw in data.items():
        if not isinstance(raw, dict) or raw.get("language") not in LANGUAGES:
            raise ValueError(f"sites.json: {key} needs a language, one of {sorted(LANGUAGES)}")
        rules = raw.get("style_rules", [])
        history = raw.get("history", [])
        if not isinstance(rules, list) or not isinstance(history, list) or not history:
            raise ValueError(f"sites.json: {key} needs a style_rules list and a history list")
        texts = []
        for relative in history:
            path = root / relative
            if not path.is_file():
                raise ValueError(f"sites.json: {key} names a missing history file {relative}")
            texts.append(_read_text(path))
        sites[key] = _Site(
            raw["language"],
            tuple(_style_rule(key, i, rule) for i, rule in enumerate(rules)),
            tuple(texts),
        )
    return sites


def _labels(file: str, data: dict, field: str) -> tuple[Label, ...]:
    raw = data[field]
    if not isinstance(raw, list):
        raise ValueError(f"{file}: {field} must be a list of [rule, span text] pairs")
    labels = []
    for item in raw:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(part, str) and part for part in item)
        ):
            raise ValueError(f"{file}: {field} has a malformed label {item!r}")
        rule, span = item
        if rule not in RULES:
            raise ValueError(f"{file}: {field} has an unknown rule {rule!r}")
        labels.append((rule, span))
    return tuple(labels)


def _check_article(
    file: str, text: str, expected: tuple[Label, ...], blocks: tuple[Label, ...]
) -> None:
    wanted: dict[str, int] = {}
    for _rule, span in expected:
        wanted[span] = wanted.get(span, 0) + 1
    for span, times in wanted.items():
        found = text.count(span)
        if found == 0:
            raise ValueError(f"{file}: the label span {span!r} is not in the text")
        if found < times:
            raise ValueError(
                f"{file}: the span {span!r} is labelled {times} times but occurs {found} times"
            )
    block_lines: set[str] = set()
    for rule, block in blocks:
        if rule != "boilerplate":
            raise ValueError(f"{file}: a block must be labelled 'boilerplate', not {rule!r}")
        if block not in text:
            raise ValueError(f"{file}: the block {block[:40]!r}... is not in the text")
        block_lines.update(line for line in block.split("\n") if line.strip())
    furniture = {span for rule, span in expected if rule == "boilerplate"}
    if furniture - block_lines:
        missing = sorted(furniture - block_lines)[0]
        raise ValueError(f"{file}: the boilerplate label {missing!r} is in no block")
    if block_lines - furniture:
        missing = sorted(block_lines - furniture)[0]
        raise ValueError(f"{file}: the block line {missing!r} has no boilerplate label")


def _load_article(path: Path, sites: dict[str, _Site]) -> RealisticArticle:
    file = path.name
    data = _read_json(path)
    if set(data) != _ARTICLE_KEYS:
        raise ValueError(f"{file}: needs exactly the keys {sorted(_ARTICLE_KEYS)}")
    language, genre, site = data["language"], data["genre"], data["site"]
    if language not in LANGUAGES or not path.stem.startswith(f"{language}-"):
        raise ValueError(f"{file}: language {language!r} does not match the file name")
    if genre not in GENRES:
        raise ValueError(f"{file}: genre {genre!r} is not one of {sorted(GENRES)}")
    if site not in sites:
        raise ValueError(f"{file}: site {site!r} is not in sites.json")
    if sites[site].language != language:
        raise ValueError(f"{file}: site {site!r} publishes in {sites[site].language!r}")
    if not isinstance(data["note"], str):
        raise ValueError(f"{file}: note must be a string")
    text_path = path.with_suffix(".txt")
    if not text_path.is_file():
        raise ValueError(f"{file}: has no article text {text_path.name}")
    text = _read_text(text_path)
    expected = _labels(file, data, "expected")
    blocks = _labels(file, data, "blocks")
    _check_article(file, text, expected, blocks)
    return RealisticArticle(
        name=path.stem,
        text=text,
        language=language,
        genre=genre,
        expected=expected,
        blocks=blocks,
        style_rules=sites[site].style_rules,
        site_history=sites[site].history,
        note=data["note"],
    )


def load_realistic_set(root: Path | None = None) -> list[RealisticArticle]:
    """Every article of the set, sorted by name, with its labels checked against its text."""
    root = root or ROOT
    sites = _load_sites(root)
    texts = {path.stem for path in root.glob("*.txt")}
    labels = {path.stem for path in root.glob("*.json")} - {"sites"}
    if texts - labels:
        raise ValueError(f"{sorted(texts - labels)[0]}.txt: has no labels file")
    return [_load_article(path, sites) for path in sorted(root.glob("*-*.json"))]
