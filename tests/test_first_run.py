"""An operator's first commands on a fresh data dir, in the order `corrigenda --help` and
the README give them: create a site, add a user, serve. Each sets the database up itself."""

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.processes import corrigenda, environment, free_port, running


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_env(request, tmp_path):
    """A fresh data dir, and for PostgreSQL a new empty database."""
    url = request.getfixturevalue("postgres_database") if request.param == "postgresql" else None
    return environment(tmp_path / "data", url)


def test_createsite_adduser_serve_on_a_fresh_data_dir(fresh_env, tmp_path):
    created = corrigenda(
        fresh_env, "createsite", "Riverside Courier", "--origin", "https://courier.example"
    )
    assert created.returncode == 0, created.stderr
    assert "Traceback" not in created.stderr
    assert "Setting up the database" in created.stderr
    key = re.search(r"with key (\S+)", created.stdout).group(1)

    added = corrigenda(fresh_env, "adduser", "maria", "--site", key, "--password", "n0t-obvious!")
    assert added.returncode == 0, added.stderr
    assert "Created maria" in added.stdout
    # Set up once: the second command finds nothing to apply.
    assert "Setting up the database" not in added.stderr

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    args = ["serve", "--port", str(port), "--workers", "1", "--no-worker"]
    with (
        running(args, fresh_env, tmp_path / "serve.log", ready_urls=(base + "/desk/login/",)),
        urllib.request.urlopen(f"{base}/api/v1/sites/{key}/corrections") as response,
    ):
        assert json.load(response)["site"] == "Riverside Courier"
        # An address too long for the server is a 414, as the API document says.
        with pytest.raises(urllib.error.HTTPError) as too_long:
            urllib.request.urlopen(f"{base}/api/v1/sites/{key}/corrections?x={'a' * 5000}")
        assert too_long.value.code == 414
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_a_command_on_an_unreachable_database_says_so_in_one_line(tmp_path):
    env = environment(tmp_path, "postgres://corrigenda@127.0.0.1:1/corrigenda")
    result = corrigenda(env, "createsite", "Riverside Courier")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Cannot use the database 'corrigenda' on 127.0.0.1" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
