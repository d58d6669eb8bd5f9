"""`corrigenda backup` and `corrigenda restore`: nothing an editor or reader stored is lost."""

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corrigenda.backup import BackupError, backup_sqlite, check_sqlite_backup, restore_sqlite
from corrigenda.cli import main
from tests.conftest import needs
from tests.processes import CORRIGENDA, ROOT, corrigenda, environment

# Run in a fresh process against a fresh database: a desk with a site, an editor, two
# reader reports and a correction draft, all made through the services.
POPULATE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from corrigenda.corrections.services import Wording, draft_correction
from corrigenda.reports.services import add_member, change_status, create_site
from tests.factories import submit_report
site = create_site("Riverside Courier", allowed_origins=["https://courier.example"])
editor = get_user_model().objects.create_user("eddie", password="pw-eddie")
add_member(site, editor, "editor")
issue = submit_report(site, "4 million euros").issue
submit_report(site, "the the")
change_status(issue, "accepted", by=editor)
note = Wording(kind="correction", note="The works cost 4 million euros, not 40.")
draft_correction([issue], note, by=editor)
"""


def populate(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", POPULATE], env=env, cwd=ROOT, check=True, timeout=60)


@pytest.fixture(scope="module")
def desk_database(tmp_path_factory) -> Path:
    """An SQLite file of a desk in use, made once; tests work on copies of it."""
    data_dir = tmp_path_factory.mktemp("populated")
    populate(environment(data_dir))
    return data_dir / "corrigenda.sqlite3"


@pytest.fixture
def data_dir(tmp_path, desk_database) -> Path:
    shutil.copyfile(desk_database, tmp_path / "corrigenda.sqlite3")
    return tmp_path


def rows(database: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_backup_then_restore_brings_back_what_was_changed_and_deleted(data_dir, tmp_path):
    env = environment(data_dir)
    live = data_dir / "corrigenda.sqlite3"
    copy = tmp_path / "nightly.sqlite3"

    made = corrigenda(env, "backup", str(copy))
    assert made.returncode == 0, made.stderr
    assert f"Backed up to {copy}" in made.stdout
    assert "1 sites, 1 articles, 2 reports, 2 issues, 1 corrections" in made.stdout

    connection = sqlite3.connect(live)
    connection.execute("UPDATE reports_site SET name = 'Vandalised'")
    connection.execute("DELETE FROM reports_report")
    connection.execute("DELETE FROM corrections_correction_issues")
    connection.execute("DELETE FROM corrections_correctionversion")
    connection.execute("DELETE FROM corrections_correction")
    connection.commit()
    connection.close()

    restored = corrigenda(env, "restore", str(copy), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert f"Restored {copy}." in restored.stdout
    assert rows(live, "SELECT name FROM reports_site") == [("Riverside Courier",)]
    assert rows(live, "SELECT count(*) FROM reports_report") == [(2,)]
    assert rows(live, "SELECT note FROM corrections_correction") == [
        ("The works cost 4 million euros, not 40.",)
    ]
    # The database it replaced is kept, with the changes made after the backup.
    set_aside = next(data_dir.glob("corrigenda.sqlite3.before-restore-*"))
    assert f"The previous database is kept at {set_aside}" in restored.stdout
    assert rows(set_aside, "SELECT name FROM reports_site") == [("Vandalised",)]
    assert rows(set_aside, "SELECT count(*) FROM reports_report") == [(0,)]


def test_restore_asks_first_and_changes_nothing_when_told_no(data_dir, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    backup_sqlite(data_dir / "corrigenda.sqlite3", copy)
    before = (data_dir / "corrigenda.sqlite3").read_bytes()
    result = subprocess.run(
        [CORRIGENDA, "restore", str(copy)],
        env=environment(data_dir),
        input="n\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Replace" in result.stdout and "Aborted" in result.stderr
    assert (data_dir / "corrigenda.sqlite3").read_bytes() == before
    assert not list(data_dir.glob("*.before-restore-*"))


def test_backup_without_a_path_goes_to_the_data_dirs_backups_folder(data_dir):
    made = corrigenda(environment(data_dir), "backup")
    assert made.returncode == 0, made.stderr
    (written,) = (data_dir / "backups").glob("corrigenda-*.sqlite3")
    assert str(written) in made.stdout
    assert check_sqlite_backup(written)["reports"] == 2


def test_a_backup_taken_while_another_connection_writes_is_a_consistent_snapshot(
    data_dir, tmp_path
):
    live = data_dir / "corrigenda.sqlite3"
    setup = sqlite3.connect(live)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE load (n INTEGER, padding TEXT)")
    setup.executemany("INSERT INTO load VALUES (?, ?)", [(n, "x" * 800) for n in range(2000)])
    setup.commit()
    setup.close()
    written = []
    stop = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(live, timeout=20)
        while not stop.is_set():
            writer.execute("INSERT INTO load VALUES (?, ?)", (len(written), "y" * 800))
            writer.commit()
            written.append(1)
        writer.close()

    writes_during_copy = []

    def progress(copied: int, total: int) -> None:
        writes_during_copy.append(len(written))
        time.sleep(0.001)  # let the writer in between steps

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while not written:
            time.sleep(0.001)
        counts = backup_sqlite(live, tmp_path / "copy.sqlite3", progress=progress, pages_per_step=8)
    finally:
        stop.set()
        thread.join()

    assert writes_during_copy[-1] > writes_during_copy[0], "the writer wrote during the copy"
    copy = tmp_path / "copy.sqlite3"
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    (copied,) = rows(copy, "SELECT count(*) FROM load")[0]
    assert 2000 < copied < 2000 + len(written)
    assert counts["reports"] == 2
    # One self-contained file: nothing expected beside it.
    assert rows(copy, "PRAGMA journal_mode") == [("delete",)]
    assert not Path(f"{copy}-wal").exists()


def test_backup_refuses_to_overwrite_a_file(tmp_path):
    existing = tmp_path / "kept.sqlite3"
    existing.write_text("last week's backup")
    result = CliRunner().invoke(main, ["backup", str(existing)])
    assert result.exit_code == 1
    assert f"{existing} already exists; give --force to overwrite it." in result.output
    assert existing.read_text() == "last week's backup"


def test_backup_force_overwrites(data_dir, tmp_path):
    existing = tmp_path / "kept.sqlite3"
    existing.write_text("last week's backup")
    made = corrigenda(environment(data_dir), "backup", str(existing), "--force")
    assert made.returncode == 0, made.stderr
    assert check_sqlite_backup(existing)["sites"] == 1


def test_backup_into_a_folder_that_does_not_exist_fails_clearly(tmp_path):
    missing = tmp_path / "no-such-folder" / "x.sqlite3"
    result = CliRunner().invoke(main, ["backup", str(missing)])
    assert result.exit_code == 1
    assert f"No such folder: {missing.parent}" in result.output


def _not_sqlite(path: Path, desk: Path) -> None:
    path.write_text("id,name\n1,Riverside Courier\n")


def _someone_elses_sqlite(path: Path, desk: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.commit()
    connection.close()


def _cut_short(path: Path, desk: Path) -> None:
    # A copy whose transfer stopped halfway: the header is right, the pages are not all there.
    data = desk.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make_bad_file", "reason"),
    [
        (_not_sqlite, "is not an SQLite database"),
        (_someone_elses_sqlite, "is not a Corrigenda database"),
        (_cut_short, "malformed"),
    ],
)
def test_restore_refuses_a_bad_file_and_leaves_the_live_database_alone(
    data_dir, tmp_path, desk_database, make_bad_file, reason
):
    live = data_dir / "corrigenda.sqlite3"
    before = live.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    make_bad_file(bad, desk_database)
    with pytest.raises(BackupError, match=reason):
        restore_sqlite(bad, live)
    assert live.read_bytes() == before
    assert not list(data_dir.glob("*.before-restore-*"))


def test_restore_command_refuses_a_bad_file_with_exit_status_1(data_dir, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text("id,name\n1,Riverside Courier\n")
    result = corrigenda(environment(data_dir), "restore", str(bad), "--yes")
    assert result.returncode == 1
    assert f"Error: {bad} is not an SQLite database." in result.stderr
    assert rows(data_dir / "corrigenda.sqlite3", "SELECT count(*) FROM reports_report") == [(2,)]


def test_restore_refuses_while_the_server_has_the_database_open(data_dir, tmp_path):
    live = data_dir / "corrigenda.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    backup_sqlite(live, copy)
    server = sqlite3.connect(live)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("SELECT count(*) FROM reports_report").fetchone()
    try:
        with pytest.raises(BackupError, match="is in use"):
            restore_sqlite(copy, live)
    finally:
        server.close()
    assert not list(data_dir.glob("*.before-restore-*"))


def test_backup_on_postgresql_without_pg_dump_fails_clearly(tmp_path):
    env = environment(tmp_path, "postgres://corrigenda@127.0.0.1:1/corrigenda")
    env["PATH"] = str(tmp_path)  # no pg_dump on it
    result = corrigenda(env, "backup", str(tmp_path / "x.dump"))
    assert result.returncode == 1
    assert "pg_dump is not installed" in result.stderr
    assert not (tmp_path / "x.dump").exists()


@pytest.fixture
def postgres_tools():
    needs([tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None])


@pytest.mark.postgres
def test_postgresql_backup_then_restore_brings_back_what_was_deleted(
    postgres_tools, postgres_database, tmp_path
):
    import psycopg

    env = environment(tmp_path, postgres_database)
    populate(env)
    dump = tmp_path / "nightly.dump"
    made = corrigenda(env, "backup", str(dump))
    assert made.returncode == 0, made.stderr
    assert f"Backed up to {dump}" in made.stdout
    assert dump.read_bytes().startswith(b"PGDMP")

    with psycopg.connect(postgres_database, autocommit=True) as connection:
        connection.execute("UPDATE reports_site SET name = 'Vandalised'")
        connection.execute("TRUNCATE reports_report, corrections_correction CASCADE")

    restored = corrigenda(env, "restore", str(dump), "--yes")
    assert restored.returncode == 0, restored.stderr
    (safety,) = (tmp_path / "backups").glob("corrigenda-before-restore-*.dump")
    assert f"The previous database is kept at {safety}" in restored.stdout
    with psycopg.connect(postgres_database) as connection:
        assert connection.execute("SELECT name FROM reports_site").fetchall() == [
            ("Riverside Courier",)
        ]
        assert connection.execute("SELECT count(*) FROM reports_report").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM corrections_correction").fetchone() == (1,)
