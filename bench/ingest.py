"""Ingest benchmark: accepted reports per second and latency against the real server.

Run from the repository root:

    .venv/bin/python bench/ingest.py [--with-isso] [--rounds 3] [--requests N]
        [--concurrency C] [--articles 200] [--database-url URL]

It creates a temporary data directory and a site (`corrigenda createsite`), starts the
production server exactly as an operator would (`corrigenda serve`: gunicorn with the
default workers and threads, and the background worker inside, as `serve` runs by
default; its CPU counts as the server's), pushes every article's text through the
publisher API as a newsroom's CMS does (a report on a text the server does not know
stores the reader's copy and asks the worker to fetch the page) and waits for the worker
to re-anchor and check them. Then it loads the server from a separate process that keeps
C keep-alive HTTP/1.1 connections busy with realistic widget payloads: reports spread
over --articles articles of ~5 KB of prose, quotes taken from the text with matching
TextQuoteSelector and TextPositionSelector (UTF-16 offsets), unique idempotency keys and
the site's allowed Origin. A short warm-up is not counted. The rate limits are raised
for the run (the load comes from one client address), which the output states.

Loads, each counted apart:

- saturated, --rounds times: every connection sends its next report as soon as the last
  is answered, so the figure is the most the server accepts per second (latency here is
  mostly time spent queueing behind the other connections);
- paced at the floor's rate (300/s): reports are sent at that fixed rate whatever the
  answers do, and each latency counts from the moment its report was due, so a server
  that falls behind sees its queue in the figures (no coordinated omission).

Floor on a 2-core machine with SQLite: the median saturated round accepts at least 300
reports/s, and the run paced at 300/s has a p99 under 100 ms. The p99 is judged only on
the run paced at the floor's rate.

With `--with-isso` the same generator also loads Isso, a self-hosted comment server and
one of the peers named in the design, as its operators run it (gunicorn, SQLite, the same
processes and threads as `serve`): each report becomes an Isso comment on the same
article. Isso is installed with pip into a temporary virtualenv that is removed
afterwards. Both servers stay up for the whole run and the saturated rounds alternate
(ours, Isso, then Isso, ours, ...), so a burst of other work on the machine falls on
both; the script prints each round's ratio ours / Isso and their median. The latency
comparison paces both at one rate both sustain (half the slower one's median saturated
throughput, or --compare-rate). The payloads differ in size: ours carries the text the
reader saw (~5 KB, which places the quote); an Isso comment carries only the comment;
the script prints both sizes.

PostgreSQL: pass `--database-url postgres://postgres@127.0.0.1:5432/corrigenda_bench`.
A database that does not exist yet is created for the run and dropped afterwards; an
existing one is used as it is and left in place. Isso always runs on SQLite.

For each load it prints requests sent, accepted (2xx), errors by status, accepted reports
per second and p50 / p90 / p99 latency, the CPU time the server spent per report and how
busy the machine's CPUs were (other work on a 2-core machine moves every figure), checks
after stopping the server that the database holds exactly as many reports as it answered
201 to, and prints whether the floor holds. Linux only (it reads /proc).

Everything runs on the loopback interface; each load is bounded by --requests and
--max-seconds.
"""

import argparse
import asyncio
import datetime
import multiprocessing
import os
import queue
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    BENCH_ORIGIN,
    BENCH_RATE_LIMIT,
    HOST,
    api_token,
    bench_articles,
    database,
    free_port,
    new_site,
    pending_tasks,
    post,
    read_response,
    server_environment,
    server_processes,
    start_server,
    stop,
    stored_reports,
    wait_until_answering,
    widget_reports,
)

FLOOR_REPORTS_PER_SECOND = 300
FLOOR_P99_MS = 100
# The latency comparison paces both servers at this share of the slower one's throughput.
SUSTAINABLE_SHARE = 0.5
TASKS_TIMEOUT_SECONDS = 600
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list = field(default_factory=list)
    elapsed_s: float = 0.0
    transport_errors: Counter = field(default_factory=Counter)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    machine_busy_s: float = 0.0
    database_cpu_s: float = 0.0
    payload_bytes: float = 0.0


@dataclass
class Target:
    """A running server under test: ours (path to post to: the site key) or Isso."""

    name: str
    kind: str  # "corrigenda" or "isso"
    key: str  # our site key, or the origin Isso serves
    port: int
    group: int  # the server's process group
    articles: int
    postgres: bool = False  # its database's CPU is counted (roughly) when PostgreSQL
    created: int = 0  # answered 201, over every load, warm-ups included
    stored: int = 0  # found in its database once stopped
    saturated: list[Outcome] = field(default_factory=list)


def main() -> int:
    options = _parse_arguments()
    started = datetime.datetime.now(datetime.UTC)
    print(f"started:       {started:%Y-%m-%d %H:%M} UTC")
    with (
        tempfile.TemporaryDirectory(prefix="corrigenda-bench-") as data_dir,
        database(options.database_url) as database_url,
        _ours(options, Path(data_dir), database_url) as ours,
        tempfile.TemporaryDirectory(prefix="corrigenda-bench-isso-") as isso_dir,
        _isso(options, Path(isso_dir)) as isso,
    ):
        targets = [ours, isso] if isso else [ours]
        for number in range(options.rounds):
            # Alternate who goes first, so neither always meets the same machine.
            for target in targets if number % 2 == 0 else targets[::-1]:
                warmup = options.warmup if number == 0 else 0
                outcome = _load(options, target, warmup, seed=100 + number)
                target.saturated.append(outcome)
                print(
                    f"round {number + 1}, {target.name:<5} saturated: {_rate(outcome):6.1f} "
                    f"accepted/s, p50 {_p(outcome, 0.5):.0f} ms, p99 {_p(outcome, 0.99):.0f} ms, "
                    f"errors {_errors(outcome) or 'none'}"
                )
        for target in targets:
            print(f"\n== {target.name}: median saturated round")
            _print_figures(_median_round(target), target.kind)

        if isso:
            _compare(options, ours, isso)

        print(f"\n== ours paced at the floor's {FLOOR_REPORTS_PER_SECOND}/s")
        floor_run = _load(options, ours, 0, seed=300, rate=FLOOR_REPORTS_PER_SECOND)
        _print_figures(floor_run, "corrigenda")
    stored_ok = _check_stored(ours, isso)
    passed = _print_floor(ours, floor_run) and stored_ok
    finished = datetime.datetime.now(datetime.UTC)
    print(f"finished:      {finished:%H:%M} UTC")
    return 0 if passed else 1


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="counted per load (3000)")
    parser.add_argument("--warmup", type=int, default=300, help="uncounted requests first (300)")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (16)")
    parser.add_argument("--rounds", type=int, default=3, help="saturated rounds per server (3)")
    parser.add_argument("--articles", type=int, default=200, help="articles reported on (200)")
    parser.add_argument(
        "--compare-rate",
        type=float,
        help="reports per second for the latency comparison with Isso (default: half "
        "the slower server's median saturated throughput)",
    )
    parser.add_argument("--database-url", help="PostgreSQL URL; SQLite in a temp dir if absent")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop sending after (120)")
    parser.add_argument("--with-isso", action="store_true", help="also load Isso, print ours/Isso")
    return parser.parse_args()


@contextmanager
def _ours(
    options: argparse.Namespace, data_dir: Path, database_url: str | None
) -> Iterator[Target]:
    env = server_environment(data_dir, database_url)
    port = free_port()
    database = "PostgreSQL" if database_url else "SQLite"
    print(f"database:      {database} ({database_url or data_dir / 'corrigenda.sqlite3'})")
    print(
        f"rate limits:   CORRIGENDA_*_RATE_LIMIT={BENCH_RATE_LIMIT}, raised so that the run, "
        "all from one client, is not throttled"
    )
    # Other work on the machine skews every figure below; say how busy it was.
    print(f"machine:       {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} before the run")
    site_key = new_site(env, "Bench")
    stored_before = stored_reports(env)
    log_path = data_dir / "server.log"
    with open(log_path, "wb") as log:
        server = start_server(env, port, log, with_worker=True)
        try:
            wait_until_answering(server, port)
            print(
                f"server:        corrigenda serve on {HOST}:{port} with its worker, "
                f"{server_processes(server.pid) - 2} gunicorn workers, "
                f"threads {env.get('CORRIGENDA_WEB_THREADS', 'as serve defaults')}"
            )
            _push_articles(env, port, site_key, options.articles)
            target = Target(
                "ours",
                "corrigenda",
                site_key,
                port,
                server.pid,
                options.articles,
                postgres=bool(database_url),
            )
            yield target
        except BaseException:
            sys.stdout.write(log_path.read_text(errors="replace")[-4000:])
            raise
        finally:
            stop(server)
    target.stored = stored_reports(env) - stored_before


def _push_articles(env: dict[str, str], port: int, site_key: str, count: int) -> None:
    """Every article's text through the publisher API, then wait until the worker has
    re-anchored and checked them all, so the loads measure ingest alone."""
    import http.client
    import json

    token = api_token(env, site_key)
    began = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for article in bench_articles(count):
        body = {"canonical_url": article["url"], "title": article["title"], "text": article["text"]}
        connection.request(
            "POST",
            f"/api/v1/sites/{site_key}/articles",
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        response.read()
        if response.status != 201:
            raise SystemExit(f"pushing {article['url']} answered {response.status}")
    connection.close()
    deadline = time.monotonic() + TASKS_TIMEOUT_SECONDS
    while (pending := pending_tasks(env)) and time.monotonic() < deadline:
        time.sleep(1)
    print(
        f"articles:      {count} pushed through the publisher API (~5 KB each) and checked "
        f"by the worker in {time.perf_counter() - began:.0f} s"
        + (f"; {pending} tasks still pending" if pending else "")
    )


# The load generator: a child process, so its CPU is not counted in the server's.


def _load(
    options: argparse.Namespace, target: Target, warmup: int, seed: int, rate: float | None = None
) -> Outcome:
    """One counted load on `target` (after `warmup` uncounted requests): as fast as it
    answers, or at `rate` per second."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(
        target=_load_process,
        args=(results, target, seed, options, warmup, rate),
    )
    child.start()
    try:
        while True:
            try:
                warmup_outcome, outcome = results.get(timeout=1)
                break
            except queue.Empty:
                if not child.is_alive():
                    raise SystemExit(f"the load generator exited with {child.exitcode}") from None
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    target.created += warmup_outcome.statuses.get(201, 0) + outcome.statuses.get(201, 0)
    return outcome


def _load_process(results, target: Target, seed: int, options, warmup: int, rate) -> None:
    articles = bench_articles(target.articles)
    reports = widget_reports(warmup + options.requests, seed=seed, articles=articles)
    if target.kind == "corrigenda":
        posts = [
            (f"/api/v1/sites/{target.key}/reports", BENCH_ORIGIN, report) for report in reports
        ]
    else:
        posts = [_isso_comment(report, origin=target.key) for report in reports]
    messages = [post(target.port, path, origin, body) for path, origin, body in posts]
    warmup_outcome = asyncio.run(
        _drive(target.port, messages[:warmup], options.concurrency, options.max_seconds)
    )
    outcome = _measured(
        target.group,
        _drive(target.port, messages[warmup:], options.concurrency, options.max_seconds, rate=rate),
    )
    outcome.payload_bytes = statistics.mean(len(message) for message in messages)
    if not target.postgres:
        outcome.database_cpu_s = 0.0  # other clients' queries, not this server's
    results.put((warmup_outcome, outcome))


def _measured(server_group: int, load) -> Outcome:
    """Run the `load` coroutine and note the CPU time it cost the server and the machine."""
    server_cpu, client_cpu = _group_cpu_seconds(server_group), time.process_time()
    machine_busy, database_cpu = _machine_busy_seconds(), _postgres_cpu_seconds()
    outcome = asyncio.run(load)
    outcome.server_cpu_s = _group_cpu_seconds(server_group) - server_cpu
    outcome.client_cpu_s = time.process_time() - client_cpu
    outcome.machine_busy_s = _machine_busy_seconds() - machine_busy
    outcome.database_cpu_s = _postgres_cpu_seconds() - database_cpu
    return outcome


def _group_cpu_seconds(group: int) -> float:
    """CPU time used so far by the live processes of a process group (Linux /proc)."""
    return sum(cpu for _, pgrp, cpu in _processes() if pgrp == group)


def _postgres_cpu_seconds() -> float:
    """CPU time used so far by the PostgreSQL server's live processes on this machine: a
    rough figure, as other clients' queries count and ended connections drop out."""
    return sum(cpu for name, _, cpu in _processes() if name == "postgres")


def _processes() -> Iterator[tuple[str, int, float]]:
    """Name, process group and CPU seconds of each live process (Linux /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, _, rest = stat.read_text().rpartition(")")
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, ... utime (12th), stime (13th).
        fields = rest.split()
        name = head.partition("(")[2]
        yield name, int(fields[2]), (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def _machine_busy_seconds() -> float:
    """CPU time all processes on the machine have used (Linux /proc/stat)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / _CLOCK_TICKS


async def _drive(
    port: int,
    messages: list[bytes],
    concurrency: int,
    max_seconds: float,
    rate: float | None = None,
):
    """Send every message over `concurrency` connections: each as soon as a connection is
    free, or, with a `rate`, the n-th at n / rate seconds, latency counted from then."""
    outcome = Outcome()
    pending = iter(enumerate(messages))
    deadline = time.monotonic() + max_seconds
    began = time.perf_counter()

    async def connection_loop() -> None:
        reader = writer = None
        for number, message in pending:
            if time.monotonic() > deadline:
                break
            outcome.sent += 1
            started = time.perf_counter()
            if rate:
                due = began + number / rate
                await asyncio.sleep(max(0.0, due - started))
                started = due
            status = None
            # One retry on a fresh connection: the server may close an idle keep-alive
            # connection. Resending a report is safe, its idempotency key repeats; Isso
            # has none, so there a resend may store twice, which its stored count shows.
            for _attempt in range(2):
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection(HOST, port)
                    writer.write(message)
                    status, keep_alive = await read_response(reader)
                    if not keep_alive:
                        writer.close()
                        reader = writer = None
                    break
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    outcome.transport_errors[type(error).__name__] += 1
                    if writer is not None:
                        writer.close()
                    reader = writer = None
            outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
            outcome.statuses[status or "no answer"] += 1
        if writer is not None:
            writer.close()

    await asyncio.gather(*(connection_loop() for _ in range(concurrency)))
    outcome.elapsed_s = time.perf_counter() - began
    return outcome


# Realistic payloads, built before the clock starts.


def _isso_comment(report: dict, origin: str) -> tuple[str, str, dict]:
    """The same reader's message as an Isso comment on the same article."""
    quote = report["selector"][0]["exact"]
    said = report["suggestion"] or report["comment"] or "Is this right?"
    comment = {
        "text": f"“{quote}” ({report['kind']}): {said}",
        "author": "A reader",
        "email": report["email"] or None,
        "title": report["title"],
    }
    return f"/new?uri={urlsplit(report['canonical_url']).path}", origin, comment


# Results.


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def _p(outcome: Outcome, fraction: float) -> float:
    return _percentile(sorted(outcome.latencies_ms), fraction)


def _accepted(outcome: Outcome) -> int:
    return sum(n for status, n in outcome.statuses.items() if str(status).startswith("2"))


def _rate(outcome: Outcome) -> float:
    return _accepted(outcome) / outcome.elapsed_s if outcome.elapsed_s else 0.0


def _errors(outcome: Outcome) -> dict:
    return {s: n for s, n in outcome.statuses.items() if not str(s).startswith("2")}


def _median_round(target: Target) -> Outcome:
    """The saturated round with the median throughput."""
    ranked = sorted(target.saturated, key=_rate)
    return ranked[(len(ranked) - 1) // 2]


def _median_rate(target: Target) -> float:
    return statistics.median(_rate(outcome) for outcome in target.saturated)


def _print_figures(outcome: Outcome, kind: str) -> None:
    noun = "reports" if kind == "corrigenda" else "comments"
    created = outcome.statuses.get(201, 0)
    print(f"sent:          {outcome.sent} in {outcome.elapsed_s:.2f} s")
    print(f"accepted:      {_accepted(outcome)} (2xx; 201 created: {created})")
    error_list = ", ".join(f"{s}: {n}" for s, n in sorted(_errors(outcome).items(), key=str))
    print(f"errors:        {error_list or 'none'}")
    if outcome.transport_errors:
        retried = ", ".join(f"{k}: {n}" for k, n in outcome.transport_errors.items())
        print(f"reconnects:    {retried}")
    print(f"throughput:    {_rate(outcome):.1f} accepted {noun}/s")
    print(
        f"latency:       p50 {_p(outcome, 0.5):.1f} ms, p90 {_p(outcome, 0.9):.1f} ms, "
        f"p99 {_p(outcome, 0.99):.1f} ms"
    )
    print(f"request size:  {outcome.payload_bytes:.0f} B on average (headers and body)")
    if outcome.sent and outcome.elapsed_s:
        print(
            f"CPU per {noun[:-1]}: server {outcome.server_cpu_s / outcome.sent * 1000:.2f} ms, "
            f"load generator {outcome.client_cpu_s / outcome.sent * 1000:.2f} ms"
        )
        ours = outcome.server_cpu_s + outcome.client_cpu_s + outcome.database_cpu_s
        others = max(0.0, outcome.machine_busy_s - ours)
        database = (
            f"PostgreSQL ~{outcome.database_cpu_s / outcome.elapsed_s:.2f}, "
            if outcome.database_cpu_s
            else ""
        )
        print(
            f"CPUs busy:     server {outcome.server_cpu_s / outcome.elapsed_s:.2f}, {database}"
            f"load generator {outcome.client_cpu_s / outcome.elapsed_s:.2f}, "
            f"other processes {others / outcome.elapsed_s:.2f} (of {os.cpu_count()})"
        )


def _compare(options: argparse.Namespace, ours: Target, isso: Target) -> None:
    ratios = [
        _rate(mine) / _rate(theirs)
        for mine, theirs in zip(ours.saturated, isso.saturated, strict=True)
        if _rate(theirs)
    ]
    print(
        "\nours / Isso, accepted per second, round by round: "
        + ", ".join(f"{ratio:.2f}x" for ratio in ratios)
        + f"; median {statistics.median(ratios):.2f}x"
    )
    mine, theirs = _median_round(ours), _median_round(isso)
    print(
        f"payloads:      not the same size: ours {mine.payload_bytes:.0f} B per report "
        f"(it carries the ~5 KB article text the reader saw, which places the quote), "
        f"Isso {theirs.payload_bytes:.0f} B per comment"
    )
    print(
        f"server CPU:    ours {mine.server_cpu_s / mine.sent * 1000:.2f} ms per report (its "
        f"worker included), Isso {theirs.server_cpu_s / theirs.sent * 1000:.2f} ms per "
        "comment (median rounds)"
    )
    rate = options.compare_rate or round(
        SUSTAINABLE_SHARE * min(_median_rate(ours), _median_rate(isso))
    )
    print(f"\n== latency, both paced at {rate:g}/s (a rate both sustain)")
    paced = {}
    for target in (ours, isso):
        paced[target.name] = _load(options, target, 0, seed=200, rate=rate)
        outcome = paced[target.name]
        print(
            f"{target.name:<5} p50 {_p(outcome, 0.5):.1f} ms, p90 {_p(outcome, 0.9):.1f} ms, "
            f"p99 {_p(outcome, 0.99):.1f} ms, {_rate(outcome):.0f} accepted/s, "
            f"errors {_errors(outcome) or 'none'}"
        )
    print(
        f"ours / Isso p99 at {rate:g}/s: "
        f"{_p(paced['ours'], 0.99) / _p(paced['Isso'], 0.99):.2f}x (lower is better)"
    )


def _check_stored(ours: Target, isso: Target | None) -> bool:
    consistent = True
    for target in [ours, isso] if isso else [ours]:
        same = target.stored == target.created
        consistent &= same or target.kind != "corrigenda"
        print(
            f"stored:        {target.name}: {target.stored} in the database vs {target.created} "
            f"answered 201 over every load: {'OK' if same else 'MISMATCH'}"
        )
    return consistent


def _print_floor(ours: Target, floor_run: Outcome) -> bool:
    rate, p99 = _median_rate(ours), _p(floor_run, 0.99)
    passed = (
        rate >= FLOOR_REPORTS_PER_SECOND
        and p99 < FLOOR_P99_MS
        and not _errors(floor_run)
        and not any(_errors(outcome) for outcome in ours.saturated)
    )
    print(
        f"vs floor:      {rate / FLOOR_REPORTS_PER_SECOND:.2f}x the rate (median saturated "
        f"round), {p99 / FLOOR_P99_MS:.2f}x the p99 limit (paced at "
        f"{FLOOR_REPORTS_PER_SECOND}/s: {_rate(floor_run):.0f}/s accepted)"
    )
    print(
        f"floor: {FLOOR_REPORTS_PER_SECOND} reports/s, p99 < {FLOOR_P99_MS} ms at "
        f"{FLOOR_REPORTS_PER_SECOND}/s: {'PASS' if passed else 'FAIL'}"
    )
    return passed


# The peer: Isso, installed for the run only.


@contextmanager
def _isso(options: argparse.Namespace, work_dir: Path) -> Iterator[Target | None]:
    if not options.with_isso:
        yield None
        return
    print("\n-- peer: Isso (pip install isso gunicorn into a temporary virtualenv)")
    venv = work_dir / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "isso", "gunicorn"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode != 0:
        raise SystemExit(f"pip install isso failed:\n{installed.stdout}{installed.stderr}")
    # Isso checks at start-up that it can reach the site it serves; a closed loopback
    # port keeps that check on this machine.
    site = "http://127.0.0.1:9"
    database = work_dir / "comments.db"
    config = work_dir / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {database}\nhost = {site}\n"
        "[moderation]\nenabled = false\n"
        # Isso's guard allows a few comments per address and minute: off, as our rate limit is.
        "[guard]\nenabled = false\n"
    )
    port = free_port()
    # The same processes and threads as `corrigenda serve`.
    workers = os.environ.get("CORRIGENDA_WEB_CONCURRENCY", "2")
    threads = os.environ.get("CORRIGENDA_WEB_THREADS", "1")
    command = [
        str(venv / "bin" / "gunicorn"),
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        "isso.run",
    ]
    env = {**os.environ, "ISSO_SETTINGS": str(config)}
    log_path = work_dir / "isso.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_answering(server, port, path="/config")
            version = (
                subprocess.run(
                    [str(venv / "bin" / "pip"), "show", "isso"], capture_output=True, text=True
                )
                .stdout.split("Version: ")[-1]
                .split()[0]
            )
            print(
                f"server:        Isso {version} under gunicorn on {HOST}:{port}, "
                f"{server_processes(server.pid) - 1} workers, threads {threads}, SQLite"
            )
            target = Target("Isso", "isso", site, port, server.pid, options.articles)
            yield target
        except BaseException:
            sys.stdout.write(log_path.read_text(errors="replace")[-4000:])
            raise
        finally:
            stop(server)
    with sqlite3.connect(database) as connection:
        target.stored = connection.execute("SELECT count(*) FROM comments").fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
