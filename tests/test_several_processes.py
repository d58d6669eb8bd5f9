"""Several `corrigenda serve` processes on one Redis, as the README's deployment section
runs them: the report limits are one count across all of them."""

import json
import os
import random
import re
import urllib.error
import urllib.request

import pytest

from tests.conftest import needs
from tests.factories import report_payload
from tests.processes import corrigenda, environment, free_port, running

REDIS_SERVER_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
ORIGIN = "https://news.example.org"


@pytest.fixture
def redis_url():
    """A Redis database of its own on the test server, emptied before and after."""
    import redis

    url = f"{REDIS_SERVER_URL.rstrip('/')}/{random.randint(1, 15)}"
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.flushdb()
    except redis.RedisError as error:
        needs([f"Redis at {REDIS_SERVER_URL} ({error})"])
    yield url
    client.flushdb()


def send(port: int, site_key: str, number: int) -> int:
    payload = report_payload(idempotency_key=f"several-processes-{number:04d}")
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


def test_two_serve_processes_on_one_redis_keep_one_limit(tmp_path, redis_url):
    import redis

    env = environment(tmp_path / "data", REDIS_URL=redis_url, CORRIGENDA_REPORT_RATE_LIMIT="5/h")
    created = corrigenda(env, "createsite", "Courier", "--origin", ORIGIN)
    assert created.returncode == 0, created.stderr
    key = re.search(r"with key (\S+)", created.stdout).group(1)

    ports = [free_port(), free_port()]
    servers = [["serve", "--port", str(port), "--workers", "1", "--no-worker"] for port in ports]
    ready = [f"http://127.0.0.1:{port}/desk/login/" for port in ports]
    # The second starts once the first has set the database up.
    with (
        running(servers[0], env, tmp_path / "first.log", ready_urls=ready[:1]),
        running(servers[1], env, tmp_path / "second.log", ready_urls=ready[1:]),
    ):
        statuses = [send(ports[n % 2], key, n) for n in range(8)]

    # One client, two processes: five reports in all, whichever process took them.
    assert statuses.count(201) == 5
    assert statuses.count(429) == 3
    assert {statuses[n] for n in range(0, 8, 2)} & {201} and {
        statuses[n] for n in range(1, 8, 2)
    } & {201}
    assert redis.Redis.from_url(redis_url).keys("*rate:client:*")
