"""Re-anchoring accuracy and speed on the revision corpus, side by side with two peers.

    .venv/bin/python bench/anchoring.py [--articles 230] [--seed N] [--no-peers]
        [--task-database sqlite] [--task-database postgres://postgres@127.0.0.1:5432/x]

For every case of the corpus (bench/corpus: ~230 articles of ~1,500 words, 14 edit
kinds, ~11,000 reported quotes) it re-anchors the quote from the old revision onto
the new one and prints, per edit kind, the share of correct answers and the median
and p99 time per re-anchor, for:

- ours: `corrigenda.anchoring.reanchor(selector, old_text, new_text)`, timed per call
  with nothing cached between calls;
- dom-anchor-text-quote (npm): the diff-match-patch search Hypothesis used until 2020;
- approx-string-match (npm), scored as the Hypothesis client's match-quote.ts does
  (candidates with the fewest errors, (50 quote + 20 prefix + 20 suffix + 2 position)
  / 92, best score wins, no minimum).

It then times the re-anchoring task with its database writes (`reanchor_article`, run as
the worker runs it) for one article with 1,000 open issues after one edit, on SQLite and
on PostgreSQL (`--task-database`, repeatable; by default a fresh SQLite file and, when the
server at 127.0.0.1:5432 answers, a fresh PostgreSQL database), each in a process of its
own, and prints the median time of 5 runs and the number of SQL statements. To compare
with another checkout's code, run the script with `PYTHONPATH=/that/checkout/src`.

The peers are installed with npm into a temporary folder and run under node by
bench/anchoring_peers.mjs; nothing of theirs is kept. Without npm or node the script
says so and prints our figures alone.

How answers are judged. Ours: right state (anchored, changed, orphaned) and, unless
orphaned, the exact expected span in the new text. The peers have no "changed" state,
so a peer is judged on place alone: correct when its span is the expected span (for
quotes anchored or changed), or when it finds nothing (for quotes deleted). Spans are
compared with surrounding whitespace trimmed. Ratios are ours / peer for correct
answers and peer / ours for median time.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from corpus import DEFAULT_ARTICLES, DEFAULT_SEED, RevisionCase, generate_corpus
from corpus.edits import quote_in

from corrigenda.anchoring import (
    Selector,
    Span,
    describe,
    position_from_utf16,
    reanchor,
    reanchor_many,
)
from corrigenda.anchoring.text import utf16_to_codepoint_offset

PEERS = ("dom-anchor-text-quote", "approx-string-match")
SHORT_NAMES = {"dom-anchor-text-quote": "DATQ", "approx-string-match": "ASM"}
NPM_PACKAGES = ("dom-anchor-text-quote", "approx-string-match", "jsdom")
HARNESS = Path(__file__).with_name("anchoring_peers.mjs")
TARGETS = {"anchored": 0.995, "changed": 0.97}
MAX_CONFIDENT_WRONG_WHEN_DELETED = 0.005


@dataclass
class Tally:
    correct: int = 0
    total: int = 0
    micros: list[float] = field(default_factory=list)

    def add(self, correct: bool, micros: float) -> None:
        self.correct += correct
        self.total += 1
        self.micros.append(micros)

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.micros) if self.micros else 0.0

    @property
    def p99(self) -> float:
        if len(self.micros) < 2:
            return self.median
        return statistics.quantiles(self.micros, n=100)[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-peers", action="store_true", help="only our figures")
    parser.add_argument(
        "--task-database",
        action="append",
        metavar="sqlite|URL",
        help="where to time the task with its writes (repeatable; default: SQLite and "
        "the local PostgreSQL if it answers); 'none' skips it",
    )
    parser.add_argument("--task-only", action="store_true", help="only time the task")
    parser.add_argument("--run-task-on", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.run_task_on:
        return run_task_here(options.run_task_on, options.seed)
    databases = options.task_database or default_task_databases()
    if options.task_only:
        time_tasks(databases)
        return 0

    started = time.perf_counter()
    revisions = list(generate_corpus(options.seed, options.articles))
    cases = sum(len(r.cases) for r in revisions)
    articles = len({r.article.id for r in revisions})
    words = statistics.median(r.article.words for r in revisions)
    print(
        f"corpus: seed {options.seed}, {articles} articles (median {words:.0f} words), "
        f"{len(revisions)} revisions, {cases} quote cases "
        f"({time.perf_counter() - started:.1f} s to generate)"
    )

    ours, deleted_but_placed = run_ours(revisions)
    peers = {} if options.no_peers else run_peers(revisions)
    print_table(ours, peers)
    batch_seconds = time_batch(revisions)
    time_tasks(databases)
    return print_targets(ours, peers, deleted_but_placed, batch_seconds)


def run_ours(revisions: list[RevisionCase]) -> tuple[dict[str, Tally], int]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    deleted_but_placed = 0
    for revision in revisions:
        old, new = revision.old_text, revision.new_text
        for case in revision.cases:
            selector = _codepoint_selector(case.selector, old)
            before = time.perf_counter()
            result = reanchor(selector, old, new)
            micros = (time.perf_counter() - before) * 1e6
            if case.state == "orphaned":
                correct = result.state == "orphaned"
                deleted_but_placed += not correct
            else:
                correct = result.state == case.state and _same_span(new, result.span, case.span)
            for key in (case.kind, f"expected {case.state}", "all"):
                tallies[key].add(correct, micros)
    return tallies, deleted_but_placed


def _codepoint_selector(items: list[dict], old_text: str) -> Selector:
    """The widget's selector with its UTF-16 position converted to code points."""
    selector = Selector.from_json(items)
    if selector.position is None:
        return selector
    return Selector(selector.quote, position_from_utf16(old_text, selector.position))


def _same_span(
    text: str, found: Span | tuple[int, int] | None, expected: tuple[int, int] | None
) -> bool:
    if found is None or expected is None:
        return False
    start, end = (found.start, found.end) if isinstance(found, Span) else found
    return _trimmed(text, start, end) == _trimmed(text, *expected)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def run_peers(revisions: list[RevisionCase]) -> dict[str, dict[str, Tally]]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        print("\nPEERS SKIPPED: node or npm is not installed; only our figures follow.")
        return {}
    with tempfile.TemporaryDirectory(prefix="corrigenda-peers-") as folder:
        where = Path(folder)
        print(f"\ninstalling {', '.join(NPM_PACKAGES)} with npm into {where} ...")
        install = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", *NPM_PACKAGES],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if install.returncode != 0:
            print("PEERS SKIPPED: npm could not install the peers (is the npm registry reachable?)")
            print(install.stderr.strip()[-2000:])
            return {}
        shutil.copy(HARNESS, where / HARNESS.name)
        with (where / "input.jsonl").open("w", encoding="utf-8") as stream:
            for revision in revisions:
                stream.write(json.dumps(_peer_input(revision), ensure_ascii=False) + "\n")
        started = time.perf_counter()
        run = subprocess.run(
            [node, HARNESS.name, "input.jsonl", "output.jsonl"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if run.returncode != 0:
            print("PEERS SKIPPED: the node harness failed:\n" + run.stderr.strip()[-2000:])
            return {}
        print(f"peers ran in {time.perf_counter() - started:.0f} s")
        lines = (where / "output.jsonl").read_text(encoding="utf-8").splitlines()
    tallies: dict[str, dict[str, Tally]] = {peer: defaultdict(Tally) for peer in PEERS}
    for revision, line in zip(revisions, lines, strict=True):
        for case, answers in zip(revision.cases, json.loads(line), strict=True):
            for peer, (start, end, micros) in zip(PEERS, answers, strict=True):
                span = _codepoint_span(revision.new_text, start, end)
                if case.state == "orphaned":
                    correct = start is None
                else:
                    correct = _same_span(revision.new_text, span, case.span)
                for key in (case.kind, f"expected {case.state}", "all"):
                    tallies[peer][key].add(correct, micros)
    return tallies


def _peer_input(revision: RevisionCase) -> dict:
    cases = []
    for case in revision.cases:
        quote, position = case.selector
        cases.append(
            {
                "exact": quote["exact"],
                "prefix": quote["prefix"],
                "suffix": quote["suffix"],
                "hint": position["start"],
            }
        )
    return {"new": revision.new_text, "cases": cases}


def _codepoint_span(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is None or end is None:
        return None
    start_cp = utf16_to_codepoint_offset(text, start)
    end_cp = utf16_to_codepoint_offset(text, end)
    # A span cutting an emoji in half is no answer a browser could show.
    return None if start_cp is None or end_cp is None else (start_cp, end_cp)


def print_table(ours: dict[str, Tally], peers: dict[str, dict[str, Tally]]) -> None:
    columns = {"ours": ours} | {SHORT_NAMES[name]: tallies for name, tallies in peers.items()}
    kinds = [k for k in ours if not k.startswith("expected ") and k != "all"]
    groups = sorted(k for k in ours if k.startswith("expected "))
    header = f"{'edit kind':<28}{'cases':>6} |"
    header += "".join(f"{name + ' ok%':>10}" for name in columns) + " |"
    header += "".join(f"{name + ' med':>10}" for name in columns) + " |"
    header += "".join(f"{name + ' p99':>10}" for name in columns)
    if peers:
        header += " |" + "".join(f"{'ok x' + SHORT_NAMES[name]:>9}" for name in peers)
        header += "".join(f"{'time x' + SHORT_NAMES[name]:>11}" for name in peers)
    print("\n" + header)
    print("-" * len(header))
    for key in [*kinds, *groups, "all"]:
        row = f"{key:<28}{ours[key].total:>6} |"
        row += "".join(f"{100 * t[key].share:>10.2f}" for t in columns.values()) + " |"
        row += "".join(f"{t[key].median:>10.0f}" for t in columns.values()) + " |"
        row += "".join(f"{t[key].p99:>10.0f}" for t in columns.values())
        if peers:
            row += " |" + "".join(
                f"{_ratio(ours[key].share, t[key].share):>9}" for t in peers.values()
            )
            row += "".join(f"{_ratio(t[key].median, ours[key].median):>11}" for t in peers.values())
        print(row)
    print(
        "ok%: right answers; med, p99: microseconds per re-anchor; "
        + "; ".join(f"{short} = {name}" for name, short in SHORT_NAMES.items() if name in peers)
        + ("; ok x: ours / peer; time x: peer / ours (above 1: we are faster)" if peers else "")
    )


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "inf"


def batch_spans(revision: RevisionCase, issues: int) -> list[tuple[int, int]]:
    """The reported passages of `issues` open issues on the old revision."""
    rng = random.Random(1)
    spans: list[tuple[int, int]] = []
    while len(spans) < issues:
        sentence = rng.choice(revision.article.sentences)
        span = quote_in(rng, revision.old_text, sentence.start, sentence.end)
        if span:
            spans.append(span)
    return spans


def batch_revision(revisions: list[RevisionCase]) -> RevisionCase:
    return next(r for r in revisions if r.kind == "quote's words changed")


def time_batch(revisions: list[RevisionCase], issues: int = 1000) -> float:
    """Re-anchor 1,000 open issues of one article after one edit (one call); the
    edit rewords several passages, so some issues change or lose their passage."""
    revision = batch_revision(revisions)
    old = revision.old_text
    selectors = [describe(old, Span(*span)) for span in batch_spans(revision, issues)]
    before = time.perf_counter()
    results = reanchor_many(selectors, old, revision.new_text)
    seconds = time.perf_counter() - before
    states = defaultdict(int)
    for result in results:
        states[result.state.value] += 1
    print(
        f"\nbatch: re-anchoring {issues} open issues of one {revision.article.words}-word "
        f"article after one edit took {seconds * 1000:.0f} ms "
        f"({', '.join(f'{n} {state}' for state, n in sorted(states.items()))})"
    )
    return seconds


TASK_RUNS = 5
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/corrigenda_bench_anchoring"


def default_task_databases() -> list[str]:
    try:
        import psycopg

        psycopg.connect(LOCAL_POSTGRES.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"(PostgreSQL at 127.0.0.1:5432 does not answer, so SQLite only: {error})")
        return ["sqlite"]
    return ["sqlite", LOCAL_POSTGRES]


def time_tasks(databases: list[str]) -> None:
    """The task with its writes, each database in a fresh process of its own."""
    for database in databases:
        if database == "none":
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--run-task-on", database],
            capture_output=True,
            text=True,
        )
        print(done.stdout.rstrip())
        if done.returncode != 0:
            print(f"task on {database} failed:\n{done.stderr}")


def run_task_here(database: str, seed: int, issues: int = 1000) -> int:
    """Time `reanchor_article` on `database` (a fresh SQLite file, or the PostgreSQL
    database at the URL, created and dropped when it does not exist)."""
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from server import database as bench_database

    with (
        tempfile.TemporaryDirectory() as data_dir,
        bench_database(None if database == "sqlite" else database) as url,
    ):
        os.environ["CORRIGENDA_DATA_DIR"] = data_dir
        os.environ["CORRIGENDA_LOG_LEVEL"] = "WARNING"
        os.environ.pop("DATABASE_URL", None)
        if url:
            os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "corrigenda.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Count
        from django.test.utils import CaptureQueriesContext

        call_command("migrate", verbosity=0)
        revision = batch_revision(list(generate_corpus(seed, 12)))
        spans = batch_spans(revision, issues)
        seconds, statements, states = [], [], {}
        for run in range(TASK_RUNS):
            new_revision_id = _article_with_open_issues(revision, spans, run)
            from corrigenda.reports.models import Event
            from corrigenda.reports.tasks import reanchor_article

            with CaptureQueriesContext(connection) as queries:
                before = time.perf_counter()
                looked_at = reanchor_article.call(new_revision_id)
                seconds.append(time.perf_counter() - before)
            statements.append(len(queries))
            states = dict(
                Event.objects.filter(action="issue.reanchored", detail__revision=new_revision_id)
                .values_list("detail__to")
                .annotate(n=Count("id"))
            )
        name = "PostgreSQL" if url else "SQLite"
        print(
            f"task: reanchor_article with its writes, {looked_at} open issues, {name}: "
            f"median {statistics.median(seconds) * 1000:.0f} ms of {TASK_RUNS} runs "
            f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}), "
            f"{statistics.median(statements):.0f} SQL statements as Django counts them (an "
            "executemany counts once); Events per new state: "
            + ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
        )
    return 0


def _article_with_open_issues(
    revision: RevisionCase, spans: list[tuple[int, int]], run: int
) -> int:
    """A new article with `len(spans)` open issues on its old text and the new text just
    pushed (its task not yet run); the new revision's id."""
    from datetime import timedelta

    from django.utils import timezone

    from corrigenda.anchoring.text import content_hash
    from corrigenda.reports.models import Article, Issue, Revision, Site
    from corrigenda.reports.services import create_site

    site = Site.objects.first() or create_site("Bench", allowed_origins=["http://bench.example"])
    article = Article.objects.create(site=site, canonical_url=f"http://bench.example/{run}")
    now = timezone.now()
    old, new = (
        Revision.objects.create(
            article=article,
            text=text,
            content_hash=content_hash(text),
            source=Revision.Source.API,
            current_since=since,
        )
        for text, since in (
            (revision.old_text, now - timedelta(days=1)),
            (revision.new_text, now),
        )
    )
    Issue.objects.bulk_create(
        Issue(
            site=site,
            article=article,
            revision=old,
            exact=revision.old_text[start:end],
            start=start,
            end=end,
            report_count=1,
        )
        for start, end in spans
    )
    return new.pk


def print_targets(
    ours: dict[str, Tally],
    peers: dict[str, dict[str, Tally]],
    deleted_but_placed: int,
    batch_seconds: float,
) -> int:
    checks = []
    for state, target in TARGETS.items():
        share = ours[f"expected {state}"].share
        checks.append(
            (
                f"correct where the quote is {state}: {100 * share:.2f}%",
                share >= target,
                f">= {100 * target}%",
            )
        )
    deleted = ours["expected orphaned"].total
    wrong = deleted_but_placed / deleted if deleted else 0.0
    checks.append(
        (
            f"confident spans for deleted quotes: {100 * wrong:.2f}%",
            wrong <= MAX_CONFIDENT_WRONG_WHEN_DELETED,
            "<= 0.5%",
        )
    )
    median = ours["all"].median
    checks.append((f"median time per re-anchor: {median:.0f} µs", median < 1000, "< 1 ms"))
    checks.append(
        (f"1,000 issues after one edit: {batch_seconds:.2f} s", batch_seconds < 1, "< 1 s")
    )
    for name, tallies in peers.items():
        behind = [k for k in ours if ours[k].share < tallies[k].share]
        label = f"at least as accurate as {name} on every kind"
        checks.append(
            (label + (f" (behind on: {', '.join(behind)})" if behind else ""), not behind, "")
        )
    print("\ntargets:")
    for label, passed, target in checks:
        verdict = "PASS" if passed else "FAIL"
        print(f"  {verdict}  {label}" + (f" (target {target})" if target else ""))
    return 0 if all(passed for _, passed, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
