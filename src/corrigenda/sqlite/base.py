"""SQLite for a server with several processes and threads writing at once.

SQLite tells a writer that finds the database locked to sleep and retry, backing off to
100 ms between tries, so under load writers sleep far longer than the writes take, the
CPU idles, and a late writer can overtake one that has waited for long. Here each
transaction first takes an exclusive lock on a file beside the database, which the
kernel hands to the next waiter the moment it is released. Writes outside a transaction
still rely on SQLite's own timeout.

The database holds password hashes, session keys, webhook secrets and readers' addresses,
so its files are readable by their owner only.
"""

import contextlib
import fcntl
import os
import stat

from django.db.backends.sqlite3 import base

# SQLite gives the -wal and -shm files the database file's mode when it creates them.
DATABASE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


_made_private: set[str] = set()


def make_private(database: str) -> None:
    """Create the database file for its owner alone (0600) before SQLite opens it, and
    take read access from others on files an earlier version left open; once per process.

    An existing database file is never opened here: closing any descriptor of a file
    drops every POSIX lock this process holds on it, including SQLite's own, which lets
    another process write at the same time and corrupts the database."""
    if database in _made_private:
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600))
    for suffix in DATABASE_FILE_SUFFIXES:
        try:
            status = os.stat(database + suffix)
        except FileNotFoundError:
            continue
        if status.st_mode & 0o077 and status.st_uid == os.getuid():
            os.chmod(database + suffix, stat.S_IMODE(status.st_mode) & 0o600)
    _made_private.add(database)


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock_file = None
    _holds_writer_lock = False

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            make_private(str(self.settings_dict["NAME"]))
        return super().get_new_connection(conn_params)

    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()
            if self._writer_lock_file is not None:
                self._writer_lock_file.close()
                self._writer_lock_file = None

    def _take_writer_lock(self) -> None:
        if self.is_in_memory_db():
            return
        if self._writer_lock_file is None:
            self._writer_lock_file = open(f"{self.settings_dict['NAME']}-writer.lock", "a")  # noqa: SIM115
        fcntl.flock(self._writer_lock_file, fcntl.LOCK_EX)
        self._holds_writer_lock = True

    def _release_writer_lock(self) -> None:
        if self._holds_writer_lock:
            fcntl.flock(self._writer_lock_file, fcntl.LOCK_UN)
            self._holds_writer_lock = False
