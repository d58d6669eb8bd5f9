"""Abuse benchmark: what a hostile sender gets out of the real server, with its defaults.

    .venv/bin/python bench/abuse.py [--database-url URL]

It starts `corrigenda serve` (gunicorn and the worker, as an operator runs it, with the
default limits) on a new data dir, a site and a local SMTP server that counts what
arrives, then plays four attacks on the loopback interface (clients are source
addresses 127.0.0.2 and up, every one a machine of the same botnet):

1. rate limit bypass: one client sends 100 reports, a new User-Agent on each;
2. storage amplification: 1,000 requests from one client, each a gzip-compressed report
   whose article text is new (190,000 characters, about 1 KB on the wire); prints the
   bytes the database grew by per byte received (target <= 2); then the same from ten
   clients, for information;
3. mail to a victim: 20 reports on two sites naming a victim's address in +tag, dotted
   and upper-case spellings; prints the confirmation emails the victim's mailbox gets;
4. a flood: 2,000 reports from 200 clients on one article; prints how long refusing it
   took and how many got through.

Figures are printed, with the target beside each; nothing is asserted. Peers: Isso and
Remark42 take comments, not reports, so no ratio is printed; the targets come from issue
11 of the project.
"""

import argparse
import asyncio
import gzip
import http.client
import json
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import (  # noqa: E402
    BENCH_ORIGIN,
    HOST,
    corrigenda,
    database,
    free_port,
    new_site,
    server_environment,
    start_server,
    stop,
    wait_until_answering,
)

STORAGE_TARGET = 2.0
WORDS = [
    "council",
    "budget",
    "bridge",
    "mayor",
    "river",
    "repairs",
    "contract",
    "tender",
    "inquiry",
    "ministry",
    "hospital",
    "school",
    "teachers",
    "union",
    "strike",
    "harbour",
    "ferry",
    "timetable",
    "parliament",
    "audit",
    "figures",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL instead of SQLite")
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="corrigenda-abuse-") as work,
        database(options.database_url) as database_url,
    ):
        run(Path(work), database_url)
    return 0


def run(work: Path, database_url: str | None) -> None:
    inbox = Inbox()
    env = server_environment(work, database_url)
    for ceiling in ("REPORT", "SITE_REPORT", "ARTICLE_REPORT"):
        del env[f"CORRIGENDA_{ceiling}_RATE_LIMIT"]  # the defaults, as deployed
    env["EMAIL_URL"] = f"smtp://127.0.0.1:{inbox.port}"
    site = new_site(env, "Courier")
    other_site = new_site(env, "Gazette")
    port = free_port()
    print(f"database: {'PostgreSQL' if database_url else 'SQLite'}; server defaults for limits")
    with open(work / "server.log", "wb") as log:
        server = start_server(env, port, log)
        # --no-worker above; the emails need the worker, so start one beside it.
        worker = start_worker(env, log)
        try:
            wait_until_answering(server, port)
            user_agent_rotation(port, site)
            storage_amplification(port, site, env, database_url)
            mail_to_a_victim(port, site, other_site, inbox)
            if not inbox.messages:
                print((work / "server.log").read_text(errors="replace")[-8000:])
            flood(port, site)
        finally:
            stop(worker)
            stop(server)


def start_worker(env, log):
    import subprocess

    return subprocess.Popen(
        [sys.executable, "-m", "corrigenda.cli", "worker"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


# ---- the attacks ---------------------------------------------------------------------


def user_agent_rotation(port: int, site: str) -> None:
    statuses = Counter()
    for n in range(100):
        body = report(site_url("/news/rotation"), n, comment="again")
        statuses[send(port, site, body, client=2, user_agent=f"Browser/{n}.0")] += 1
    print(
        f"1. one client, 100 reports, a new User-Agent each: {statuses[201]} accepted, "
        f"{statuses[429]} refused (429); accepted after the limit: {max(0, statuses[201] - 30)} "
        "(target 0 past the 30/h limit)"
    )


def storage_amplification(port: int, site: str, env, database_url: str | None) -> None:
    rng = random.Random(11)
    for label, clients, first in (("one hostile sender", 1, 10), ("a botnet of 10", 10, 11)):
        before = database_bytes(env, database_url)
        received = 0
        statuses: Counter = Counter()
        for n in range(1000):
            text = hostile_text(rng, n)
            body = report(site_url(f"/news/story-{first}-{n % 50}"), n, text=text, exact=text[:40])
            wire = gzip.compress(json.dumps(body).encode(), compresslevel=9)
            received += len(wire)
            client = first + (n % clients) * 10 if clients > 1 else first
            statuses[send(port, site, wire, client=client, gzipped=True)] += 1
        grown = database_bytes(env, database_url) - before
        ratio = grown / received
        target = f"(target <= {STORAGE_TARGET:.0f})" if clients == 1 else "(for information)"
        print(
            f"2. {label}: 1,000 gzip reports, each a new article text of 190,000 characters: "
            f"{statuses[201]} accepted; received {received / 1e6:.2f} MB on the wire, the "
            f"database grew {grown / 1e6:.2f} MB: {ratio:.2f} bytes stored per byte "
            f"received {target}"
        )


def mail_to_a_victim(port: int, site: str, other_site: str, inbox: "Inbox") -> None:
    spellings = ["victim@example.org", "Victim+a@example.org", "v.ictim@example.org"]
    statuses: Counter = Counter()
    for n in range(20):
        target = site if n % 2 else other_site
        body = report(
            site_url(f"/news/mail-{n}"),
            n,
            email=spellings[n % 3],
            suggestion="Claim your prize at https://evil.test/login",
        )
        statuses[send(port, target, body, client=600 + n)] += 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not inbox.messages:
        time.sleep(0.5)
    time.sleep(3)  # the worker may still be sending the others, if it sent more than one
    to_victim = [m for m in inbox.messages if "ictim" in m[0].lower()]
    relayed = sum(1 for m in to_victim if "evil.test" in m[1])
    print(
        f"3. 20 reports naming a victim's address (3 spellings, 2 sites; {statuses[201]} "
        f"accepted): {len(to_victim)} "
        f"confirmation email(s) to the victim's mailbox, {relayed} carrying the sender's words "
        "(target 1 and 0)"
    )


def flood(port: int, site: str) -> None:
    url = site_url("/news/the-flooded-story")
    bodies = [(report(url, n, comment=f"flood {n}"), 100 + n % 200) for n in range(2000)]
    started = time.perf_counter()
    statuses = asyncio.run(send_all(port, site, bodies))
    elapsed = time.perf_counter() - started
    print(
        f"4. a flood of 2,000 reports from 200 clients on one article: {statuses[201]} accepted, "
        f"{statuses[429]} refused, all answered in {elapsed:.1f} s "
        f"({2000 / elapsed:.0f} requests/s; the article's ceiling is 100/h)"
    )


# ---- payloads and sending ------------------------------------------------------------


def site_url(path: str) -> str:
    return BENCH_ORIGIN + path


def hostile_text(rng: random.Random, n: int) -> str:
    """190,000 characters of article text that compress to about 1 KB, new each time."""
    line = " ".join(rng.choice(WORDS) for _ in range(12))
    # Just under the API's 200,000 characters of article text.
    return f"Story {n}: {line}.\n" + (f"{line} {n}.\n" * 3_000)[:190_000]


def report(url: str, n: int, *, text: str = "", exact: str = "", **fields) -> dict:
    body = {
        "url": url,
        "canonical_url": url,
        "idempotency_key": f"abuse-{n:05d}-{random.getrandbits(32):08x}",
        "kind": "typo",
        "title": "FORGED TITLE",
        **fields,
    }
    if text:
        body["text"] = text
        body["selector"] = [{"type": "TextQuoteSelector", "exact": exact}]
    return body


def send(
    port: int,
    site: str,
    body: dict | bytes,
    *,
    client: int,
    user_agent: str = "abuse-bench",
    gzipped: bool = False,
) -> int:
    connection = http.client.HTTPConnection(
        HOST, port, timeout=30, source_address=(client_address(client), 0)
    )
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {
        "Content-Type": "application/json",
        "Origin": BENCH_ORIGIN,
        "User-Agent": user_agent,
        **({"Content-Encoding": "gzip"} if gzipped else {}),
    }
    try:
        connection.request("POST", f"/api/v1/sites/{site}/reports", data, headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def client_address(client: int) -> str:
    """The loopback address client number `client` sends from (127.0.0.2 and up)."""
    return f"127.0.{client // 250}.{client % 250 + 2}"


async def send_all(port: int, site: str, bodies: list[tuple[dict, int]]) -> Counter:
    """Send every report, 16 at a time, each from its client's address."""
    statuses: Counter = Counter()
    queue = list(bodies)

    async def one_connection() -> None:
        while queue:
            body, client = queue.pop()
            statuses[await asyncio.to_thread(send, port, site, body, client=client)] += 1

    await asyncio.gather(*(one_connection() for _ in range(16)))
    return statuses


def database_bytes(env, database_url: str | None) -> int:
    """The database's size on disk: SQLite's file with its write-ahead log checkpointed,
    or PostgreSQL's pg_database_size."""
    if database_url:
        out = corrigenda(
            env,
            "manage",
            "shell",
            "-c",
            "from django.db import connection; c = connection.cursor(); "
            "c.execute('SELECT pg_database_size(current_database())'); print(c.fetchone()[0])",
        )
        return int(out.split()[-1])
    path = Path(env["CORRIGENDA_DATA_DIR"]) / "corrigenda.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


class Inbox:
    """A local SMTP server; `messages` holds (recipients, text) of what arrived."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[tuple[str, str]] = []
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
                text = envelope.content.decode("utf-8", "replace")
                inbox.messages.append((",".join(envelope.rcpt_tos), text))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()  # in a thread of its own


if __name__ == "__main__":
    sys.exit(main())
