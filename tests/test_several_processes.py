"""Several `corrigenda serve` processes and workers on one PostgreSQL and one Redis, as the
README's deployment section runs them: the report limits are one count across all of
them, and each background task runs once, whichever worker takes it."""

import json
import os
import random
import re
import secrets
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest

from tests.conftest import needs
from tests.factories import ARTICLE_URL, report_payload
from tests.notify.conftest import Endpoint
from tests.processes import corrigenda, environment, free_port, running

REDIS_SERVER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
ORIGIN = "https://news.example.org"
# Redis has databases 0-15; 0 is left to whoever else uses the server.
REDIS_DATABASES = range(1, 16)
TASKS_TIMEOUT = 120.0


@pytest.fixture
def redis_url():
    """A Redis database of its own on the test server, emptied before and after: claimed in
    database 0 for the test's length, so tests running at once never share one."""
    import redis

    server = redis.Redis.from_url(f"{REDIS_SERVER_URL.rstrip('/')}/0", socket_connect_timeout=5)
    try:
        order = random.sample(REDIS_DATABASES, len(REDIS_DATABASES))
        number = next(n for n in order if server.set(f"corrigenda-test:db:{n}", 1, nx=True, ex=900))
    except redis.RedisError as error:
        needs([f"Redis at {REDIS_SERVER_URL} ({error})"])
    except StopIteration:
        pytest.fail("every Redis database of the test server is taken by another test")
    url = f"{REDIS_SERVER_URL.rstrip('/')}/{number}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        server.delete(f"corrigenda-test:db:{number}")


def send(port: int, site_key: str, payload: dict) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/sites/{site_key}/reports",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Origin": ORIGIN},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def created_site(env: dict[str, str]) -> str:
    created = corrigenda(env, "createsite", "Courier", "--origin", ORIGIN)
    assert created.returncode == 0, created.stderr
    return re.search(r"with key (\S+)", created.stdout).group(1)


def test_two_serve_processes_on_one_redis_keep_one_limit(tmp_path, redis_url):
    import redis

    env = environment(tmp_path / "data", REDIS_URL=redis_url, CORRIGENDA_REPORT_RATE_LIMIT="5/h")
    key = created_site(env)

    ports = [free_port(), free_port()]
    servers = [["serve", "--port", str(port), "--workers", "1", "--no-worker"] for port in ports]
    ready = [f"http://127.0.0.1:{port}/desk/login/" for port in ports]
    # The second starts once the first has set the database up.
    with (
        running(servers[0], env, tmp_path / "first.log", ready_urls=ready[:1]),
        running(servers[1], env, tmp_path / "second.log", ready_urls=ready[1:]),
    ):
        statuses = [
            send(ports[n % 2], key, report_payload(idempotency_key=f"several-processes-{n:04d}"))
            for n in range(8)
        ]

    # One client, two processes: five reports in all, whichever process took them.
    assert statuses.count(201) == 5
    assert statuses.count(429) == 3
    assert {statuses[n] for n in range(0, 8, 2)} & {201} and {
        statuses[n] for n in range(1, 8, 2)
    } & {201}
    assert redis.Redis.from_url(redis_url).keys("*rate:client:*")


# A sentence per passage: a report on each opens an issue of its own.
PASSAGES = [f"item {n} of the plan" for n in range(1, 25)]
ARTICLE = "\n".join(f"The council approved {passage} on Tuesday." for passage in PASSAGES)
LIMIT = 12

SET_UP = """
from corrigenda.notify.models import Webhook
from corrigenda.reports import services
from corrigenda.reports.models import Site
site = Site.objects.get()
Webhook.objects.create(site=site, url={url!r}, secret={secret!r}, events=["issue.opened"])
services.receive_article_revision(site, canonical_url={article_url!r}, title="Plan", text={text!r})
"""

PENDING_TASKS = """
from django_tasks_db.models import DBTaskResult
print("pending", DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).count())
"""

OUTCOME = """
import json
from django_tasks_db.models import DBTaskResult
from corrigenda.notify.models import Delivery
from corrigenda.reports.models import Event, Issue, Report
print("outcome", json.dumps({
    "tasks": list(DBTaskResult.objects.values("task_path", "status", "worker_ids", "args_kwargs")),
    "deliveries": list(Delivery.objects.values("status", "attempts", "payload")),
    "issues": sorted(Issue.objects.values_list("id", flat=True)),
    "reports": Report.objects.count(),
    "checked": Event.objects.filter(action="findings.checked").count(),
}))
"""


def shell(env: dict[str, str], code: str) -> str:
    """Run `code` in `corrigenda manage shell` on the test's database; what it printed
    after the word the code starts its line with."""
    done = corrigenda(env, "manage", "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(("pending", "outcome"))]
    return lines[-1].split(" ", 1)[1] if lines else ""


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {timeout:.0f}s")
        time.sleep(0.5)


def test_two_serve_processes_and_a_worker_run_each_task_once_and_keep_one_limit(
    tmp_path, postgres_database, redis_url
):
    """Two machines running `serve` (each with its worker inside, the default) and a third
    running `corrigenda worker`, on one PostgreSQL and one Redis."""
    hooks = Endpoint()
    hooks.secret = secrets.token_hex(16)
    shared = {
        "REDIS_URL": redis_url,
        "CORRIGENDA_SECRET_KEY": secrets.token_urlsafe(40),
        "CORRIGENDA_REPORT_RATE_LIMIT": f"{LIMIT}/h",
        "CORRIGENDA_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    }
    # Each "machine" has a data dir of its own: only the database and Redis are shared.
    envs = [environment(tmp_path / f"machine-{n}", postgres_database, **shared) for n in range(3)]
    assert corrigenda(envs[0], "manage", "migrate", "--verbosity", "0").returncode == 0
    key = created_site(envs[0])
    shell(
        envs[0],
        SET_UP.format(url=hooks.url, secret=hooks.secret, article_url=ARTICLE_URL, text=ARTICLE),
    )

    ports = [free_port(), free_port()]
    try:
        with (
            running(
                ["serve", "--port", str(ports[0]), "--workers", "1"],
                envs[0],
                tmp_path / "first.log",
                ready_urls=(f"http://127.0.0.1:{ports[0]}/desk/login/",),
            ),
            running(
                ["serve", "--port", str(ports[1]), "--workers", "1"],
                envs[1],
                tmp_path / "second.log",
                ready_urls=(f"http://127.0.0.1:{ports[1]}/desk/login/",),
            ),
            running(["worker"], envs[2], tmp_path / "worker.log"),
        ):
            statuses = [
                send(
                    ports[n % 2],
                    key,
                    report_payload(PASSAGES[n], text=ARTICLE, idempotency_key=f"several-{n:04d}"),
                )
                for n in range(len(PASSAGES))
            ]
            wait_until(lambda: len(hooks.calls) >= LIMIT, TASKS_TIMEOUT, "every webhook call")
            wait_until(
                lambda: shell(envs[0], PENDING_TASKS) == "0", TASKS_TIMEOUT, "every task done"
            )
            outcome = json.loads(shell(envs[0], OUTCOME))
    finally:
        hooks.stop()

    # The limit held across both processes: twelve accepted in all, each took some.
    assert Counter(statuses) == {201: LIMIT, 429: len(PASSAGES) - LIMIT}
    assert 201 in statuses[0::2] and 201 in statuses[1::2]
    assert outcome["reports"] == LIMIT

    # Every task was taken by exactly one worker and ran to its end.
    tasks = outcome["tasks"]
    assert [task for task in tasks if len(task["worker_ids"]) != 1] == []
    assert {task["status"] for task in tasks} == {"SUCCESSFUL"}
    # The workers competed for them: the two inside `serve` were up before any report.
    assert len({task["worker_ids"][0] for task in tasks}) >= 2
    per_task = Counter(task["task_path"].rsplit(".", 1)[1] for task in tasks)
    assert per_task["announce_issue_opened"] == LIMIT
    assert per_task["deliver"] == LIMIT
    assert per_task["reanchor_article"] == per_task["check_revision_task"] == 1
    # Three workers started: each periodic task was queued once all the same.
    assert per_task["send_daily_digests"] == per_task["forget_expired_emails"] == 1
    announced = [
        task["args_kwargs"]["args"][0] for task in tasks if "announce" in task["task_path"]
    ]
    assert sorted(announced) == outcome["issues"]
    assert outcome["checked"] == 1

    # Each new issue reached the newsroom's webhook once, signed.
    assert len(hooks.calls) == LIMIT
    assert all(call.signature_ok for call in hooks.calls)
    called_for = Counter(call.json["issue"]["id"] for call in hooks.calls)
    assert sorted(called_for) == outcome["issues"] and set(called_for.values()) == {1}
    assert [(d["status"], d["attempts"]) for d in outcome["deliveries"]] == [
        ("delivered", 1)
    ] * LIMIT
