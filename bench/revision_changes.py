"""Precision and recall of corrigenda.checks.revision_changes: is an edit substantive?

    .venv/bin/python bench/revision_changes.py [--generated 15] [--seed 11] [--show-errors]

Two sets of (old text, new text, substantive?) pairs:

- hand-written: bench/checks_eval/revisions/pairs.jsonl (180 paragraphs in en/uk/ru, one
  edit each, labelled by someone who had not seen the classifier; its rules were then
  tuned while looking at its errors, so its figure is optimistic);
- generated: whole articles of the anchoring corpus (bench/corpus) under its edit kinds,
  labelled by kind, never looked at while tuning. Cosmetic: "typo fixed elsewhere",
  "quotes and dashes retypeset", "whitespace changed", "paragraphs reordered" (a sentence
  moved). Substantive: "sentence inserted before", "paragraph deleted before", "quote
  deleted" (sentences added or removed), "quote repeated elsewhere" and "lookalike
  inserted" (a sentence added). Left out, because their label depends on which random
  word the generator picked, not on the kind: "quote's words changed" (a typo fixed, a
  number changed or a random word swapped), "words inserted near", "repeated name, one
  edited", "emoji and Cyrillic".

A pair is substantive when any change `classify_changes` returns is. Prints precision
and recall of "substantive" per set, per language and per kind, with the pair counts;
targets 0.9 and 0.9.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks_eval.revisions import load_revision_pairs  # noqa: E402
from bench.corpus import KINDS, make_article  # noqa: E402
from corrigenda.checks.revision_changes import classify_changes, is_substantive  # noqa: E402

TARGET = 0.9
GENERATED_KINDS = {
    "typo fixed elsewhere": False,
    "quotes and dashes retypeset": False,
    "whitespace changed": False,
    "paragraphs reordered": False,
    "sentence inserted before": True,
    "paragraph deleted before": True,
    "quote deleted": True,
    "quote repeated elsewhere": True,
    "lookalike inserted": True,
}


def generated_pairs(count: int, seed: int = 11) -> list[tuple[str, str, str, str, bool]]:
    """(id, language, old, new, substantive) for `count` articles under each kind."""
    pairs = []
    for number in range(count):
        language = ("en", "uk", "ru")[number % 3]
        article = make_article(f"g{number}", language, seed * 1_000_003 + number, words=500)
        for kind, substantive in GENERATED_KINDS.items():
            edit = KINDS[kind](article, random.Random(f"{seed}:{number}:{kind}"), 3)
            if edit is None or edit.new_text == article.text:
                continue
            pairs.append((kind, language, article.text, edit.new_text, substantive))
    return pairs


def score(name: str, pairs: list[tuple[str, str, str, str, bool]], show_errors: bool) -> bool:
    by: dict[str, Counter[str]] = {}
    for kind, language, old, new, truth in pairs:
        changes = classify_changes(old, new, language)
        guess = is_substantive(changes)
        outcome = ("tp" if truth else "fp") if guess else ("fn" if truth else "tn")
        for key in ("all", f"language {language}", f"kind {kind}"):
            by.setdefault(key, Counter())[outcome] += 1
        if show_errors and outcome in {"fp", "fn"}:
            seen = [(c.kind, c.old_text[:50], c.new_text[:50]) for c in changes if c.substantive]
            print(f"  {outcome} [{language}] {kind}: {seen or [c.kind for c in changes]}")
    print(f"\n{name}: {len(pairs)} pairs")
    print(f"{'':<36}{'pairs':>6}{'subst.':>7}{'precision':>11}{'recall':>8}")
    ok = True
    for key in sorted(by, key=lambda k: (k != "all", k)):
        c = by[key]
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        total = sum(c.values())
        line = f"{key:<36}{total:>6}{tp + fn:>7}{precision:>11.3f}{recall:>8.3f}"
        if key == "all":
            passed = precision >= TARGET and recall >= TARGET
            ok &= passed
            line += f"  {'PASS' if passed else 'FAIL'}"
        print(line)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generated", type=int, default=15, help="articles per edit kind")
    parser.add_argument("--seed", type=int, default=11, help="of the generated articles")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    written = [
        (pair.kind, pair.language, pair.before, pair.after, pair.substantive)
        for pair in load_revision_pairs()
    ]
    generated = generated_pairs(args.generated, args.seed)
    ok = score("hand-written pairs (pairs.jsonl)", written, args.show_errors)
    ok &= score("generated pairs (bench/corpus edit kinds)", generated, args.show_errors)
    ok &= score("both sets", written + generated, False)
    print("ALL PASS" if ok else "SOME FAIL")


if __name__ == "__main__":
    main()
