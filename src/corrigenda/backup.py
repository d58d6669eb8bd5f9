"""Backups of the desk's database and restoring them.

SQLite is copied page by page through one read transaction, so the copy is a consistent
snapshot while the server keeps writing; PostgreSQL goes through pg_dump and pg_restore.
Nothing here imports Django: the CLI passes in the database settings it reads.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

# What `backup` counts in a copy, so an operator sees at a glance that it holds the desk.
COUNTED_TABLES = {
    "sites": "reports_site",
    "articles": "reports_article",
    "reports": "reports_report",
    "issues": "reports_issue",
    "corrections": "corrections_correction",
}
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# Pages copied per step: small enough for a smooth progress bar, large enough to be quick.
PAGES_PER_STEP = 256


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message tells the operator why."""


def default_backup_name(engine: str, prefix: str = "corrigenda") -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{prefix}-{stamp}.{'sqlite3' if is_sqlite(engine) else 'dump'}"


def is_sqlite(engine: str) -> bool:
    return engine.endswith("sqlite") or engine.endswith("sqlite3")


def backup_destination(
    path: str | None,
    *,
    backups_dir: Path,
    engine: str,
    force: bool = False,
    prefix: str = "corrigenda",
) -> Path:
    """Where the backup goes: PATH, a timestamped file inside PATH when it is a folder,
    or one in `backups_dir`. Refuses to overwrite a file unless `force`."""
    if path is None:
        backups_dir.mkdir(parents=True, exist_ok=True)
        destination = backups_dir / default_backup_name(engine, prefix)
    else:
        destination = Path(path)
        if destination.is_dir():
            destination = destination / default_backup_name(engine)
    if not destination.parent.is_dir():
        raise BackupError(f"No such folder: {destination.parent}")
    if destination.exists() and not force:
        raise BackupError(f"{destination} already exists; give --force to overwrite it.")
    return destination


def backup_sqlite(
    database: Path,
    destination: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    pages_per_step: int = PAGES_PER_STEP,
) -> dict[str, int]:
    """Copy the live SQLite database to `destination` and check the copy.

    `progress(copied, total)` is called after each step of pages. Returns the copy's row
    counts (see COUNTED_TABLES)."""
    if not database.is_file():
        raise BackupError(f"No database at {database} yet: nothing to back up.")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy_sqlite(database, partial, progress, pages_per_step)
        counts = check_sqlite_backup(partial)
    except BaseException:
        # A half-written or unsound copy must never be mistaken for a backup.
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, destination)
    return counts


def _copy_sqlite(
    database: Path,
    destination: Path,
    progress: Callable[[int, int], None] | None,
    pages_per_step: int,
) -> None:
    source = sqlite3.connect(database, timeout=20, isolation_level=None)
    try:
        # One read transaction for the whole copy: in WAL mode it pins a snapshot, so
        # writers go on and the copy never restarts or mixes two states.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        copy = sqlite3.connect(destination)
        try:
            source.backup(
                copy,
                pages=pages_per_step,
                progress=(lambda _s, left, total: progress(total - left, total))
                if progress
                else None,
            )
            # A single self-contained file, not one that expects a -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        source.execute("COMMIT")
    finally:
        source.close()


def check_sqlite_backup(path: Path) -> dict[str, int]:
    """Raise BackupError unless `path` is a sound SQLite database of Corrigenda; return
    its row counts."""
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not an SQLite database.")
    try:
        # Read-only and immutable: checking a file must never change it or create a -wal.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path} cannot be opened: {error}") from error
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(f"{path} fails SQLite's integrity check: {'; '.join(result[:5])}")
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        missing = {"django_migrations", *COUNTED_TABLES.values()} - tables
        if missing:
            raise BackupError(
                f"{path} is not a Corrigenda database (no {', '.join(sorted(missing))})."
            )
        applied = connection.execute(
            "SELECT count(*) FROM django_migrations WHERE app = 'reports'"
        ).fetchone()[0]
        if not applied:
            raise BackupError(f"{path} is not a Corrigenda database (no reports migrations).")
        return {
            name: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for name, table in COUNTED_TABLES.items()
        }
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
    finally:
        connection.close()


def restore_sqlite(backup: Path, database: Path) -> Path | None:
    """Put `backup` in place of the live database; the live one is kept beside it.

    Refuses while another process has the database open. Returns where the previous
    database was moved, or None when there was none."""
    check_sqlite_backup(backup)
    set_aside = None
    if database.exists():
        _close_wal(database)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        set_aside = database.with_name(f"{database.name}.before-restore-{stamp}")
        os.replace(database, set_aside)
    incoming = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, incoming)
    os.replace(incoming, database)
    return set_aside


def _close_wal(database: Path) -> None:
    """Fold the -wal into the database file, proving no other process has it open."""
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        # Leaving WAL mode needs the only connection: a running server or worker holds one.
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"{database} is in use (is `corrigenda serve` or `corrigenda worker` running?). "
            "Stop them, then restore."
        ) from error
    finally:
        connection.close()
    if mode != "delete":
        raise BackupError(f"{database} is in use; stop the server and worker, then restore.")


def _pg_connection(database: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump and pg_restore; the password goes in the environment
    so that it never shows in the process list."""
    options = ["--dbname", str(database["NAME"])]
    if database.get("HOST"):
        options += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        options += ["--port", str(database["PORT"])]
    if database.get("USER"):
        options += ["--username", str(database["USER"])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(database["OPTIONS"]["sslmode"])
    return options, env


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} is not installed; install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) of the server's version or newer."
        )
    return program


def _run_pg(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        name = Path(args[0]).name
        raise BackupError(f"{name} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def backup_postgres(database: Mapping[str, Any], destination: Path) -> None:
    """Dump the PostgreSQL database to `destination` in pg_dump's custom format."""
    pg_dump = _pg_program("pg_dump")
    options, env = _pg_connection(database)
    partial = destination.with_name(destination.name + ".partial")
    try:
        _run_pg([pg_dump, "--format=custom", "--file", str(partial), *options], env)
        check_postgres_backup(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, destination)


def check_postgres_backup(path: Path) -> None:
    """Raise BackupError unless `path` is a pg_dump archive of Corrigenda's tables."""
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    with open(path, "rb") as file:
        if file.read(len(PG_DUMP_HEADER)) != PG_DUMP_HEADER:
            raise BackupError(f"{path} is not a pg_dump archive (--format=custom).")
    listing = _run_pg([_pg_program("pg_restore"), "--list", str(path)], dict(os.environ))
    missing = {"django_migrations", *COUNTED_TABLES.values()} - {
        word for line in listing.splitlines() if " TABLE " in line for word in line.split()
    }
    if missing:
        raise BackupError(f"{path} is not a Corrigenda database (no {', '.join(sorted(missing))}).")


def restore_postgres(backup: Path, database: Mapping[str, Any]) -> None:
    """Replace the database's tables with the archive's, in one transaction: if anything
    fails, the database is left as it was."""
    check_postgres_backup(backup)
    pg_restore = _pg_program("pg_restore")
    options, env = _pg_connection(database)
    _run_pg(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *options,
            str(backup),
        ],
        env,
    )
