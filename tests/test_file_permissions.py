"""The data dir and the SQLite database hold session keys, webhook secrets, password
hashes and readers' addresses: only their owner may read them."""

import stat

from tests.processes import corrigenda, environment


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def database_files(data_dir):
    return sorted(data_dir.glob("corrigenda.sqlite3*"))


def test_a_fresh_data_dir_and_its_database_are_the_owners_alone(tmp_path):
    data_dir = tmp_path / "data"
    done = corrigenda(environment(data_dir), "createsite", "Daily Example")
    assert done.returncode == 0, done.stderr

    assert mode(data_dir) == 0o700
    assert mode(data_dir / "secret_key") == 0o600
    files = {path.name: mode(path) for path in database_files(data_dir)}
    assert "corrigenda.sqlite3" in files
    for name, bits in files.items():
        if not name.endswith("-writer.lock"):
            assert bits == 0o600, name


def test_an_open_data_dir_is_closed_and_the_operator_told(tmp_path):
    data_dir = tmp_path / "data"
    env = environment(data_dir)
    assert corrigenda(env, "createsite", "Daily Example").returncode == 0
    # As an earlier version left them.
    data_dir.chmod(0o755)
    database = data_dir / "corrigenda.sqlite3"
    database.chmod(0o644)

    done = corrigenda(env, "createsite", "Other Gazette")
    assert done.returncode == 0, done.stderr
    assert f"The data directory {data_dir} was readable by others (mode 755)" in done.stderr
    assert mode(data_dir) == 0o700
    assert mode(database) == 0o600
    for path in database_files(data_dir):
        if not path.name.endswith("-writer.lock"):
            assert mode(path) == 0o600, path.name

    again = corrigenda(env, "createsite", "Third Herald")
    assert "was readable by others" not in again.stderr


def test_keeping_the_database_private_never_drops_sqlites_locks(tmp_path):
    # Closing any descriptor of the database file drops the process's POSIX locks on it,
    # SQLite's included: another process then believes it is the last one connected and
    # checkpoints and deletes the write-ahead log under this one (corruption).
    import sqlite3
    import subprocess
    import sys

    from corrigenda.sqlite.base import make_private

    database = str(tmp_path / "corrigenda.sqlite3")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("INSERT INTO t VALUES (1)")

    make_private(database)

    reader = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "print(c.execute('SELECT count(*) FROM t').fetchone()[0])\n"
        "c.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", reader, database], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "1"
    # It saw this process still connected, so it left the log in place.
    assert (tmp_path / "corrigenda.sqlite3-wal").exists()
    assert holder.execute("PRAGMA integrity_check").fetchone() == ("ok",)
