"""Running the real `corrigenda` command in its own process, as an operator would: its
environment, a free port, waiting until it answers, and stopping its whole process group."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORRIGENDA = str(Path(sys.executable).with_name("corrigenda"))
SERVER_START_TIMEOUT = 60.0
SERVER_STOP_TIMEOUT = 15.0


def environment(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """This test run's environment for a fresh process with its own data dir and database
    (SQLite in the data dir unless `database_url`); no Redis unless `extra` names one."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        CORRIGENDA_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="corrigenda.settings",
        # This checkout's code (and its tests package), whichever one the venv installed.
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def corrigenda(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run one `corrigenda` command to its end."""
    return subprocess.run(
        [CORRIGENDA, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_port_pair() -> int:
    """A port P such that P and P + 1 are both free (the demo needs two)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise RuntimeError("found no two consecutive free ports")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """End the process and everything it started (gunicorn workers, the task worker)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def running(
    args: list[str], env: dict[str, str], log_path: Path, ready_urls: tuple[str, ...] = ()
) -> Iterator[subprocess.Popen]:
    """Start `corrigenda ARGS` in a process group of its own, wait until every one of
    `ready_urls` answers 200, and stop the group afterwards. Its output goes to `log_path`
    and is shown when it fails to start."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [CORRIGENDA, *args],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not all(answers(url) for url in ready_urls):
            if process.poll() is not None or time.monotonic() > deadline:
                state = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else f"did not answer within {SERVER_START_TIMEOUT:.0f}s"
                )
                output = log_path.read_text(errors="replace")
                pytest.fail(f"`corrigenda {' '.join(args)}` {state}; its output:\n{output}")
            time.sleep(0.2)
        yield process
    finally:
        stop(process)
