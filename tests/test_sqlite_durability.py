"""What the SQLite connection promises on a power cut, read back from a real connection
of the `corrigenda` command on a database file (the tests' own database is in memory)."""

import pytest

from tests.processes import corrigenda, environment

READ_BACK = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    for pragma in ('journal_mode', 'synchronous'):\n"
    "        print(pragma, cursor.execute(f'PRAGMA {pragma}').fetchone()[0])\n"
)
READ = ("journal_mode", "synchronous")
# SQLite's numbers for PRAGMA synchronous.
FULL, NORMAL = "2", "1"


def pragmas(tmp_path, **extra: str) -> dict[str, str]:
    done = corrigenda(environment(tmp_path / "data", **extra), "manage", "shell", "-c", READ_BACK)
    assert done.returncode == 0, done.stderr
    return dict(line.split() for line in done.stdout.splitlines() if line.startswith(READ))


def test_by_default_every_commit_is_synced_to_disk(tmp_path):
    assert pragmas(tmp_path) == {"journal_mode": "wal", "synchronous": FULL}


@pytest.mark.parametrize(("setting", "synchronous"), [("normal", NORMAL), ("FULL", FULL)])
def test_the_setting_chooses_how_often_the_log_is_synced(tmp_path, setting, synchronous):
    assert pragmas(tmp_path, CORRIGENDA_SQLITE_SYNCHRONOUS=setting) == {
        "journal_mode": "wal",
        "synchronous": synchronous,
    }


def test_an_unknown_setting_is_refused_before_anything_runs(tmp_path):
    env = environment(tmp_path / "data", CORRIGENDA_SQLITE_SYNCHRONOUS="off")
    done = corrigenda(env, "manage", "shell", "-c", READ_BACK)

    assert done.returncode != 0
    assert "CORRIGENDA_SQLITE_SYNCHRONOUS must be full or normal, not 'off'" in done.stderr
