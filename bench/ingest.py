"""Ingest benchmark: accepted reports per second and latency against the real server.

Run from the repository root:

    .venv/bin/python bench/ingest.py [--requests N] [--concurrency C] [--database-url URL]

It creates a temporary data directory and a site (`corrigenda createsite`), starts the
production server exactly as an operator would (`corrigenda serve --no-worker`, i.e.
gunicorn with the default workers and threads), and loads it from a separate process
that keeps C keep-alive HTTP/1.1 connections busy with realistic widget payloads:
~20 articles of ~5 KB of prose, quotes taken from the text with matching
TextQuoteSelector and TextPositionSelector (UTF-16 offsets), unique idempotency keys
and the site's allowed Origin. A short warm-up is not counted. The per-client rate
limit is raised for the run (the load comes from one client address), which the
output states.

The load runs twice after the warm-up:

- saturated: every connection sends its next report as soon as the last is answered, so
  the figure is the most the server accepts per second (latency here is mostly time
  spent queueing behind the other connections);
- paced: reports are sent at a fixed rate (--rate, default the floor's 300/s) whatever
  the answers do, and each latency counts from the moment its report was due, so a
  server that falls behind sees its queue in the figures (no coordinated omission).

For each it prints requests sent, accepted (2xx), errors by status, accepted reports per
second and p50 / p90 / p99 latency, the CPU time the server spent per report and how
busy the machine's CPUs were (other work on a 2-core machine moves every figure), checks
after stopping the server that the database holds exactly as many reports as it
answered 201 to, and prints whether the floor holds. Linux only (it reads /proc).

Floor on a 2-core machine with SQLite: 300 accepted reports/s with p99 under 100 ms,
i.e. the saturated run accepts at least 300/s and the paced run at 300/s has a p99
under 100 ms.

PostgreSQL: pass `--database-url postgres://postgres@127.0.0.1:5432/corrigenda_bench`.
A database that does not exist yet is created for the run and dropped afterwards; an
existing one is used as it is and left in place.

With `--with-isso` the same generator then loads Isso, a self-hosted comment server
and one of the peers named in the design, as its operators run it (gunicorn, SQLite,
the same processes and threads as `serve`): each report becomes an Isso comment on the
same article. Isso is installed with pip into a temporary virtualenv that is removed
afterwards; the script prints the ratio ours / Isso.

Everything runs on the loopback interface; the load is bounded by --requests and
--max-seconds.
"""

import argparse
import asyncio
import multiprocessing
import os
import queue
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    BENCH_ORIGIN,
    BENCH_RATE_LIMIT,
    HOST,
    database,
    free_port,
    new_site,
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
    stored: int = 0
    created_in_warmup: int = 0


@dataclass
class Run:
    """One server's two counted loads: as fast as it answers, and at a fixed rate."""

    saturated: Outcome
    paced: Outcome


def main() -> int:
    options = _parse_arguments()
    with (
        tempfile.TemporaryDirectory(prefix="corrigenda-bench-") as data_dir,
        database(options.database_url) as database_url,
    ):
        ours = _run(options, Path(data_dir), database_url)
    if options.with_isso:
        with tempfile.TemporaryDirectory(prefix="corrigenda-bench-isso-") as isso_dir:
            isso = _run_isso(options, Path(isso_dir))
        # CPU per request moves least with other work on the machine.
        print(
            f"ours / Isso:   {_rate(ours.saturated) / _rate(isso.saturated):.2f}x the throughput, "
            f"{_p99(ours.paced) / _p99(isso.paced):.2f}x the paced p99 latency, "
            f"{_cpu_per_request(ours.saturated) / _cpu_per_request(isso.saturated):.2f}x "
            "the server CPU per request"
        )
    return 0 if _passes_floor(ours) else 1


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=6000, help="counted requests (6000)")
    parser.add_argument("--warmup", type=int, default=300, help="uncounted requests first (300)")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (16)")
    parser.add_argument(
        "--rate",
        type=float,
        default=FLOOR_REPORTS_PER_SECOND,
        help=f"reports per second in the paced run ({FLOOR_REPORTS_PER_SECOND})",
    )
    parser.add_argument("--database-url", help="PostgreSQL URL; SQLite in a temp dir if absent")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop sending after (120)")
    parser.add_argument("--port", type=int, help="server port (a free loopback port if absent)")
    parser.add_argument("--with-isso", action="store_true", help="also load Isso, print ours/Isso")
    return parser.parse_args()


def _run(options: argparse.Namespace, data_dir: Path, database_url: str | None) -> Run:
    env = server_environment(data_dir, database_url)
    port = options.port or free_port()
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
        server = start_server(env, port, log)
        try:
            wait_until_answering(server, port)
            print(
                f"server:        corrigenda serve --no-worker on {HOST}:{port}, "
                f"{server_processes(server.pid) - 1} gunicorn workers, "
                f"threads {env.get('CORRIGENDA_WEB_THREADS', 'as serve defaults')}"
            )
            print(
                f"load:          {options.warmup} warm-up, then {options.requests} saturated and "
                f"{options.requests} paced at {options.rate:g}/s, "
                f"{options.concurrency} keep-alive connections, separate process"
            )
            warmup, run = _generate_load_in_child(
                options, port, server.pid, target=("corrigenda", site_key)
            )
        except BaseException:
            sys.stdout.write(log_path.read_text(errors="replace")[-4000:])
            raise
        finally:
            stop(server)

    run.paced.stored = stored_reports(env) - stored_before
    run.paced.created_in_warmup = warmup.statuses.get(201, 0) + run.saturated.statuses.get(201, 0)
    _print_run(run, "reports")
    _print_floor(run)
    return run


# The load generator: a child process, so its CPU is not counted in the server's.


def _generate_load_in_child(
    options: argparse.Namespace, port: int, server_group: int, target: tuple[str, str]
) -> tuple[Outcome, Run]:
    """The warm-up's outcome and the counted ones. `target` is ("corrigenda", site key)
    or ("isso", allowed origin)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(
        target=_load_process,
        args=(
            results,
            port,
            target,
            server_group,
            options.requests,
            options.warmup,
            options.concurrency,
            options.max_seconds,
            options.rate,
        ),
    )
    child.start()
    try:
        while True:
            try:
                outcomes = results.get(timeout=1)
                break
            except queue.Empty:
                if not child.is_alive():
                    raise SystemExit(f"the load generator exited with {child.exitcode}") from None
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    return outcomes


def _load_process(
    results, port, target, server_group, counted, warmup, concurrency, max_seconds, rate
) -> None:
    reports = widget_reports(warmup + 2 * counted, seed=20240601)
    kind, key = target
    if kind == "corrigenda":
        posts = [(f"/api/v1/sites/{key}/reports", BENCH_ORIGIN, report) for report in reports]
    else:
        posts = [_isso_comment(report, origin=key) for report in reports]
    messages = [post(port, path, origin, body) for path, origin, body in posts]
    warmup_outcome = asyncio.run(_drive(port, messages[:warmup], concurrency, max_seconds))
    saturated = _measured(
        server_group, _drive(port, messages[warmup : warmup + counted], concurrency, max_seconds)
    )
    paced = _measured(
        server_group,
        _drive(port, messages[warmup + counted :], concurrency, max_seconds, rate=rate),
    )
    results.put((warmup_outcome, Run(saturated, paced)))


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


def _accepted(outcome: Outcome) -> int:
    return sum(n for status, n in outcome.statuses.items() if str(status).startswith("2"))


def _rate(outcome: Outcome) -> float:
    return _accepted(outcome) / outcome.elapsed_s if outcome.elapsed_s else 0.0


def _p99(outcome: Outcome) -> float:
    return _percentile(sorted(outcome.latencies_ms), 0.99)


def _cpu_per_request(outcome: Outcome) -> float:
    return outcome.server_cpu_s / outcome.sent if outcome.sent else float("nan")


def _errors(outcome: Outcome) -> dict:
    return {s: n for s, n in outcome.statuses.items() if not str(s).startswith("2")}


def _consistent(outcome: Outcome) -> bool:
    return outcome.stored == outcome.statuses.get(201, 0) + outcome.created_in_warmup


def _print_figures(outcome: Outcome, noun: str, stored: bool) -> None:
    created = outcome.statuses.get(201, 0)
    latencies = sorted(outcome.latencies_ms)
    p50, p90, p99 = (_percentile(latencies, f) for f in (0.50, 0.90, 0.99))
    print(f"sent:          {outcome.sent} in {outcome.elapsed_s:.2f} s")
    print(f"accepted:      {_accepted(outcome)} (2xx; 201 created: {created})")
    error_list = ", ".join(f"{s}: {n}" for s, n in sorted(_errors(outcome).items(), key=str))
    print(f"errors:        {error_list or 'none'}")
    if outcome.transport_errors:
        retried = ", ".join(f"{k}: {n}" for k, n in outcome.transport_errors.items())
        print(f"reconnects:    {retried}")
    print(f"throughput:    {_rate(outcome):.1f} accepted {noun}/s")
    print(f"latency:       p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms")
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
    if not stored:
        return
    answered = created + outcome.created_in_warmup
    print(
        f"stored:        {outcome.stored} {noun} in the database vs {answered} answered 201 "
        f"(both runs and warm-up): {'OK' if _consistent(outcome) else 'MISMATCH'}"
    )


def _print_run(run: Run, noun: str) -> None:
    print("-- saturated (each connection sends again as soon as it is answered)")
    _print_figures(run.saturated, noun, stored=False)
    print(f"-- paced (latency counted from when each {noun[:-1]} was due)")
    _print_figures(run.paced, noun, stored=True)


def _passes_floor(run: Run) -> bool:
    return (
        _consistent(run.paced)
        and not _errors(run.saturated)
        and not _errors(run.paced)
        and _rate(run.saturated) >= FLOOR_REPORTS_PER_SECOND
        # A server that cannot keep up with the pace queues, and the queue shows in p99.
        and _p99(run.paced) < FLOOR_P99_MS
    )


def _print_floor(run: Run) -> None:
    print(
        f"vs floor:      {_rate(run.saturated) / FLOOR_REPORTS_PER_SECOND:.2f}x the rate "
        f"(saturated), {_p99(run.paced) / FLOOR_P99_MS:.2f}x the p99 limit (paced at "
        f"{_rate(run.paced):.0f}/s)"
    )
    print(
        f"floor: {FLOOR_REPORTS_PER_SECOND} reports/s, p99 < {FLOOR_P99_MS} ms: "
        f"{'PASS' if _passes_floor(run) else 'FAIL'}"
    )


# The peer: Isso, installed for the run only.


def _run_isso(options: argparse.Namespace, work_dir: Path) -> Run:
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
    # The same processes and threads as `corrigenda serve` in the run above.
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
            warmup, run = _generate_load_in_child(options, port, server.pid, target=("isso", site))
        except BaseException:
            sys.stdout.write(log_path.read_text(errors="replace")[-4000:])
            raise
        finally:
            stop(server)
    with sqlite3.connect(database) as connection:
        run.paced.stored = connection.execute("SELECT count(*) FROM comments").fetchone()[0]
    run.paced.created_in_warmup = warmup.statuses.get(201, 0) + run.saturated.statuses.get(201, 0)
    _print_run(run, "comments")
    return run


if __name__ == "__main__":
    sys.exit(main())
