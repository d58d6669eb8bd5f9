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
