"""The real Corrigenda server for the benches: a data dir or PostgreSQL database of its
own, `corrigenda serve` started as an operator starts it and stopped with its whole
process group, and the widget payloads a reader's browser sends.

    from server import BENCH_ORIGIN, new_site, start_server, reports, ...
"""

import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_ORIGIN = "http://bench.example"
# High enough never to throttle the run (all from one client address), with a short window
# so the sliding-window history stays as small as a real client's.
BENCH_RATE_LIMIT = "100000/s"
HOST = "127.0.0.1"
ARTICLES = 20
ARTICLE_CHARS = 5000
PROSE = (
    "the council said on tuesday that its budget for roads and schools would rise by "
    "four per cent next year after months of talks with unions ministers and local "
    "residents who had warned that the plan left too little for repairs critics "
    "including the opposition leader argued that figures published in march did not "
    "match those given to parliament while a spokesperson for the department insisted "
    "every number had been checked twice by independent auditors the mayor who took "
    "office in 2021 promised a public inquiry into delays at the new hospital where "
    "construction has cost more than expected experts at the university estimate that "
    "inflation added millions to the bill the report also found errors in how contracts "
    "were awarded and recommended changes to procurement rules officials declined to "
    "comment on individual cases but said lessons would be learned"
)
WORDS = PROSE.split()
PROPER = ["Kyiv", "Zürich", "Ana Lúcia", "Brontë", "São Paulo", "Dvořák", "Müller", "Škoda"]


@contextmanager
def database(url: str | None) -> Iterator[str | None]:
    """The PostgreSQL database for the run: created when it does not exist and then
    dropped afterwards, used as it is otherwise. SQLite needs nothing."""
    if not url:
        yield None
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    maintenance_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        created = exists.fetchone() is None
        if created:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        if created:
            with psycopg.connect(maintenance_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    # The server's own defaults are measured, unless its process and thread counts, or how
    # often SQLite syncs to disk, are given.
    kept = {"CORRIGENDA_WEB_CONCURRENCY", "CORRIGENDA_WEB_THREADS", "CORRIGENDA_SQLITE_SYNCHRONOUS"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key in kept or not key.startswith(("CORRIGENDA_", "DATABASE_URL", "REDIS_URL"))
    }
    env["CORRIGENDA_DATA_DIR"] = str(data_dir)
    # One client, a few articles: every ceiling raised, so the run measures the ingest.
    for ceiling in ("REPORT", "SITE_REPORT", "ARTICLE_REPORT"):
        env[f"CORRIGENDA_{ceiling}_RATE_LIMIT"] = BENCH_RATE_LIMIT
    env["CORRIGENDA_LOG_LEVEL"] = "WARNING"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def corrigenda(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "corrigenda.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise SystemExit(f"corrigenda {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def new_site(env: dict[str, str], name: str) -> str:
    """Migrate the database and create a site that takes reports from BENCH_ORIGIN; its key."""
    corrigenda(env, "manage", "migrate", "--verbosity", "0")
    created = corrigenda(env, "createsite", name, "--origin", BENCH_ORIGIN)
    return re.search(r"with key (\S+)", created).group(1)


def start_server(
    env: dict[str, str], port: int, log, *, with_worker: bool = False
) -> subprocess.Popen:
    """`corrigenda serve --no-worker` as an operator runs it (with its task worker inside,
    as `serve` runs by default, when `with_worker`), in a process group of its own
    (gunicorn's arbiter and workers), writing to the open file `log`."""
    worker = [] if with_worker else ["--no-worker"]
    return subprocess.Popen(
        [sys.executable, "-m", "corrigenda.cli", "serve", "--port", str(port), *worker],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stored_reports(env: dict[str, str]) -> int:
    code = "from corrigenda.reports.models import Report; print(Report.objects.count())"
    return int(corrigenda(env, "manage", "shell", "-c", code).split()[-1])


def server_processes(group: int) -> int:
    return sum(1 for stat in Path("/proc").glob("[0-9]*/stat") if process_group(stat) == group)


def process_group(stat: Path) -> int | None:
    try:
        # After the command name: state, ppid, pgrp.
        return int(stat.read_text().rpartition(")")[2].split()[2])
    except (OSError, IndexError, ValueError):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_answering(
    server: subprocess.Popen, port: int, path: str = "/api/v1/openapi.json", timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as connection:
                connection.sendall(
                    f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode()
                )
                if connection.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port} within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the whole process group (gunicorn's arbiter and its workers)."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        except ProcessLookupError:
            pass


# What a reader's browser sends: realistic payloads, built before the clock starts.


def post(port: int, path: str, origin: str, body: dict) -> bytes:
    content = json.dumps(body, ensure_ascii=False).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nOrigin: {origin}\r\n"
        "Content-Type: application/json\r\nUser-Agent: corrigenda-bench\r\n"
        f"Content-Length: {len(content)}\r\n\r\n"
    )
    return head.encode() + content


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers.get("connection", "").lower() != "close"


def widget_reports(count: int, seed: int, articles: list[dict] | None = None) -> list[dict]:
    """`count` reports on `articles` (else on ARTICLES made from `seed`), picked at random."""
    rng = random.Random(seed)
    articles = articles or [article(rng, number) for number in range(ARTICLES)]
    # Unique per run too, so a reused database never sees a key twice.
    run = os.urandom(6).hex()
    return [report(rng, rng.choice(articles), run, n) for n in range(count)]


def bench_articles(count: int, seed: int = 20240601) -> list[dict]:
    """The same `count` articles for every call with the same seed: what a newsroom's CMS
    pushes through the publisher API before readers report on them."""
    rng = random.Random(seed)
    return [article(rng, number) for number in range(count)]


def api_token(env: dict[str, str], site_key: str) -> str:
    """A new publisher API token of the site, made as an admin would (the service)."""
    code = (
        "from corrigenda.reports.models import Site\n"
        "from corrigenda.reports.services import create_api_token\n"
        f"print('token', create_api_token(Site.objects.get(key={site_key!r}), 'bench', by=None)[1])"
    )
    out = corrigenda(env, "manage", "shell", "-c", code)
    return next(line.split()[1] for line in out.splitlines() if line.startswith("token "))


def pending_tasks(env: dict[str, str]) -> int:
    """Background tasks queued and not yet done."""
    code = (
        "from django_tasks_db.models import DBTaskResult\n"
        "print('pending', DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count())"
    )
    out = corrigenda(env, "manage", "shell", "-c", code)
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("pending ")))


def article(rng: random.Random, number: int) -> dict:
    paragraphs, length = [], 0
    while length < ARTICLE_CHARS:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            words = rng.choices(WORDS, k=rng.randint(8, 24))
            if rng.random() < 0.4:
                words.insert(rng.randrange(len(words)), rng.choice(PROPER))
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), f"“{rng.choice(WORDS)}”")
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + rng.choice([".", ".", "?"]))
        paragraph = " — ".join(sentences) if rng.random() < 0.1 else " ".join(sentences)
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    slug = f"2024/06/story-{number}"
    return {
        "url": f"{BENCH_ORIGIN}/{slug}",
        "title": f"Story {number}: council budget row",
        "text": "\n".join(paragraphs),
    }


def report(rng: random.Random, article: dict, run: str, number: int) -> dict:
    text = article["text"]
    spans = [match.span() for match in re.finditer(r"\S+", text)]
    first = rng.randrange(len(spans) - 4)
    start, end = spans[first][0], spans[first + rng.randint(0, 3)][1]
    kind = rng.choice(["typo", "typo", "typo", "factual", "clarification", "other"])
    payload = {
        "url": f"{article['url']}?utm_source=bench&n={number}",
        "canonical_url": article["url"],
        "title": article["title"],
        "language": "en",
        "text": text,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - 32) : start],
                "suffix": text[end : end + 32],
            },
            {
                "type": "TextPositionSelector",
                "start": utf16(text[:start]),
                "end": utf16(text[:end]),
            },
        ],
        "kind": kind,
        "suggestion": "the correct spelling" if kind == "typo" else "",
        "comment": "This figure was different in the March report." if kind == "factual" else "",
        "email": f"reader{number}@example.org" if rng.random() < 0.3 else "",
        "idempotency_key": f"bench-{run}-{number:08d}",
        "website": "",
    }
    return payload


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
