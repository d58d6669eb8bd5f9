"""Precision and recall of corrigenda.checks per check type, and its speed.

    .venv/bin/python bench/checks.py [--seed 7] [--articles 200] [--show-errors]

Accuracy: the labelled set of bench/checks_eval (96 English, 16 Ukrainian, 16 Russian
short articles with seeded errors, 42 of them clean with tricky non-errors). A finding
counts as correct when an expected label has the same rule id and span text.

Speed: `run_checks` with every check on, single process, over ~800-word English
articles, after the dictionaries are loaded; "warm" keeps the per-word dictionary
cache across articles as a worker does, "cold" clears it before each article.
Targets (issue 4): precision >= 0.9 overall and per type, recall >= 0.8 per type,
>= 50 articles/s per core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.checks_eval.articles import STYLE_RULES, build_eval_set, build_long_article  # noqa: E402
from corrigenda.checks import ALL_CHECKS, run_checks  # noqa: E402
from corrigenda.checks.spelling import clear_caches  # noqa: E402

PRECISION_TARGET = 0.9
RECALL_TARGET = 0.8
SPEED_TARGET = 50.0


def evaluate(seed: int, show_errors: bool) -> bool:
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    eval_set = build_eval_set(seed)
    languages = Counter(article.language for article in eval_set)
    clean = sum(1 for article in eval_set if not article.expected)
    print(
        f"eval set:   {len(eval_set)} articles "
        f"({', '.join(f'{n} {lang}' for lang, n in sorted(languages.items()))}; {clean} clean)"
    )
    for article in eval_set:
        findings = run_checks(
            article.text,
            language=article.language,
            style_rules=STYLE_RULES,
            site_history=article.site_history,
        )
        found = Counter((f.rule, f.quote(article.text)) for f in findings)
        expected = Counter(article.expected)
        for (rule, _quote), n in (found & expected).items():
            true_pos[rule] += n
        for (rule, quote), n in (found - expected).items():
            false_pos[rule] += n
            if show_errors:
                print(f"  false positive [{article.language}] {rule}: {quote!r}")
        for (rule, quote), n in (expected - found).items():
            false_neg[rule] += n
            if show_errors:
                print(f"  missed [{article.language}] {rule}: {quote!r}\n    in: {article.text!r}")

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    ok = True
    print(f"{'check':<20}{'expected':>9}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}")
    for rule in sorted(ALL_CHECKS):
        tp, fp, fn = true_pos[rule], false_pos[rule], false_neg[rule]
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        passed = precision >= PRECISION_TARGET and recall >= RECALL_TARGET
        ok &= passed
        print(
            f"{rule:<20}{tp + fn:>9}{tp + fp:>7}{tp:>7}{precision:>11.3f}{recall:>8.3f}"
            f"  {'PASS' if passed else 'FAIL'}"
        )
    tp, fp, fn = sum(true_pos.values()), sum(false_pos.values()), sum(false_neg.values())
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    passed = precision >= PRECISION_TARGET
    ok &= passed
    print(
        f"{'all':<20}{tp + fn:>9}{tp + fp:>7}{tp:>7}{precision:>11.3f}{recall:>8.3f}"
        f"  {'PASS' if passed else 'FAIL'} (precision)"
    )
    return ok


def measure_speed(seed: int, count: int) -> bool:
    rng = random.Random(seed)
    articles = [build_long_article(rng) for _ in range(count)]
    words = sum(len(a.split()) for a in articles) / count
    run_checks(articles[0], language="en", style_rules=STYLE_RULES)  # loads the dictionary
    ok = True
    for label, clear in (("warm", False), ("cold", True)):
        elapsed = 0.0
        for article in articles:
            if clear:
                clear_caches()
            started = time.perf_counter()
            run_checks(article, language="en", style_rules=STYLE_RULES)
            elapsed += time.perf_counter() - started
        rate = count / elapsed
        passed = rate >= SPEED_TARGET
        ok &= passed
        print(
            f"speed ({label} word cache): {rate:.0f} articles/s/core on {count} articles of "
            f"~{words:.0f} words; target {SPEED_TARGET:.0f}, ratio {rate / SPEED_TARGET:.2f}  "
            f"{'PASS' if passed else 'FAIL'}"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    accuracy_ok = evaluate(args.seed, args.show_errors)
    speed_ok = measure_speed(args.seed, args.articles)
    print("ALL PASS" if accuracy_ok and speed_ok else "SOME FAIL")


if __name__ == "__main__":
    main()
