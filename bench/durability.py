"""Nothing lost, nothing twice: reports the server acknowledged survive `kill -9`.

Run from the repository root:

    .venv/bin/python bench/durability.py [--rounds 5] [--concurrency 16] [--database-url URL]

Each round starts the production server (`corrigenda serve --no-worker`) on a fresh
temporary SQLite database (or the PostgreSQL database given), loads it with the same
realistic widget payloads as bench/ingest.py over keep-alive connections, and sends
SIGKILL to the whole server process group (gunicorn's arbiter and its workers) at a
random moment while reports are in flight. It then restarts the server and checks:

- every report answered 201 before the kill is in the database (none lost);
- resending every report sent before the kill, acknowledged or not, with the same
  idempotency key, answers 200 for each one already stored and 201 for the rest, and
  afterwards the database holds each key exactly once (none stored twice).

It prints, per round and in total, reports acknowledged before the kill, in flight at the
kill, found after the restart, lost, and duplicates; the target is 0 lost and 0 twice.
Linux only (process groups).
"""

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    BENCH_ORIGIN,
    HOST,
    corrigenda,
    database,
    free_port,
    new_site,
    post,
    read_response,
    server_environment,
    start_server,
    stop,
    wait_until_answering,
    widget_reports,
)


@dataclass
class Round:
    acknowledged: set[str] = field(default_factory=set)
    in_flight: set[str] = field(default_factory=set)
    stored_after_kill: Counter = field(default_factory=Counter)
    resent: Counter = field(default_factory=Counter)
    stored_after_resend: Counter = field(default_factory=Counter)

    @property
    def lost(self) -> int:
        return len(self.acknowledged - set(self.stored_after_kill))

    @property
    def twice(self) -> int:
        return sum(n - 1 for n in self.stored_after_resend.values() if n > 1)

    @property
    def missing_after_resend(self) -> int:
        return len((self.acknowledged | self.in_flight) - set(self.stored_after_resend))


def main() -> int:
    options = _parse_arguments()
    rng = random.Random(options.seed)
    rounds = []
    for number in range(1, options.rounds + 1):
        with (
            tempfile.TemporaryDirectory(prefix="corrigenda-durability-") as data_dir,
            database(options.database_url) as database_url,
        ):
            env = server_environment(Path(data_dir), database_url)
            result = _round(options, env, Path(data_dir), rng)
            rounds.append(result)
            if result.resent.get(500):
                errors = (Path(data_dir) / "server.log").read_text(errors="replace")
                print(errors[errors.rfind("Traceback") - 200 :][:3000])
            _clear(env, database_url)
        print(
            f"round {number}: acknowledged {len(result.acknowledged)}, in flight "
            f"{len(result.in_flight)}, found after restart "
            f"{len(result.acknowledged & set(result.stored_after_kill))}, lost {result.lost}; "
            f"resent {sum(result.resent.values())} ({_answers(result.resent)}), "
            f"stored twice {result.twice}, missing after resend {result.missing_after_resend}"
        )
    lost = sum(r.lost for r in rounds)
    twice = sum(r.twice for r in rounds)
    missing = sum(r.missing_after_resend for r in rounds)
    acknowledged = sum(len(r.acknowledged) for r in rounds)
    print(
        f"total:   {acknowledged} acknowledged before {len(rounds)} kill -9, "
        f"{lost} lost, {twice} stored twice, {missing} missing after resend"
    )
    ok = lost == twice == missing == 0
    print(f"nothing lost, nothing twice: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def _parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="kills (5)")
    parser.add_argument("--concurrency", type=int, default=16, help="open connections (16)")
    parser.add_argument("--database-url", help="PostgreSQL URL; SQLite in a temp dir if absent")
    parser.add_argument("--seed", type=int, default=20240602, help="when to kill (20240602)")
    return parser.parse_args()


def _round(
    options: argparse.Namespace, env: dict[str, str], data_dir: Path, rng: random.Random
) -> Round:
    site_key = new_site(env, "Durability")
    path = f"/api/v1/sites/{site_key}/reports"
    reports = widget_reports(4000, seed=rng.randrange(1 << 30))
    result = Round()

    port = free_port()
    server = _start(env, port, data_dir)
    try:
        kill_after = rng.uniform(1.0, 3.0)
        asyncio.run(_load_until_killed(server, port, path, reports, options, kill_after, result))
    finally:
        stop(server)
    result.stored_after_kill = _stored_keys(env)

    server = _start(env, port, data_dir)
    try:
        sent = [
            r for r in reports if r["idempotency_key"] in result.acknowledged | result.in_flight
        ]
        result.resent = asyncio.run(_send_all(port, path, sent))
    finally:
        stop(server)
    result.stored_after_resend = _stored_keys(env)
    return result


def _start(env: dict[str, str], port: int, data_dir: Path) -> subprocess.Popen:
    with open(data_dir / "server.log", "ab") as log:  # the child keeps its own copy
        server = start_server(env, port, log)
    wait_until_answering(server, port)
    return server


async def _load_until_killed(
    server: subprocess.Popen,
    port: int,
    path: str,
    reports: list[dict],
    options: argparse.Namespace,
    kill_after: float,
    result: Round,
) -> None:
    pending = iter(reports)
    killed = asyncio.Event()

    async def connection_loop() -> None:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            for report in pending:
                if killed.is_set():
                    return
                key = report["idempotency_key"]
                result.in_flight.add(key)
                writer.write(post(port, path, BENCH_ORIGIN, report))
                status, _ = await read_response(reader)
                if status == 201:
                    result.in_flight.discard(key)
                    result.acknowledged.add(key)
        except (ConnectionError, asyncio.IncompleteReadError):
            return  # the server died under this request: it stays "in flight"
        finally:
            writer.close()

    async def killer() -> None:
        await asyncio.sleep(kill_after)
        # The whole group at once, as the OOM killer or an operator's kill -9 would.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        killed.set()

    await asyncio.gather(killer(), *(connection_loop() for _ in range(options.concurrency)))


async def _send_all(port: int, path: str, reports: list[dict]) -> Counter:
    answers: Counter = Counter()
    pending = iter(reports)

    async def connection_loop() -> None:
        reader, writer = await asyncio.open_connection(HOST, port)
        for report in pending:
            writer.write(post(port, path, BENCH_ORIGIN, report))
            status, _ = await read_response(reader)
            answers[status] += 1
        writer.close()

    await asyncio.gather(*(connection_loop() for _ in range(8)))
    return answers


def _stored_keys(env: dict[str, str]) -> Counter:
    code = (
        "from corrigenda.reports.models import Report\n"
        "for key in Report.objects.values_list('idempotency_key', flat=True): print('key', key)"
    )
    output = corrigenda(env, "manage", "shell", "-c", code)
    return Counter(line[4:] for line in output.splitlines() if line.startswith("key "))


def _clear(env: dict[str, str], database_url: str | None) -> None:
    """An existing PostgreSQL database is reused by the next round: start it empty."""
    if database_url:
        corrigenda(env, "manage", "flush", "--no-input")


def _answers(statuses: Counter) -> str:
    return ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())) or "none"


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"took {time.monotonic() - started:.0f} s")
    sys.exit(code)
