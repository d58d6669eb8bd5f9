"""The `corrigenda` command, run in-process with click's CliRunner."""

import re

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from corrigenda.cli import main
from corrigenda.reports.models import Membership, Site, StyleRule
from corrigenda.reports.services import create_site
from tests.checks.test_vale import PACKAGE, package_zip


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_main_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    assert "corrections desk" in result.output
    for command in (
        "serve",
        "worker",
        "demo",
        "createsite",
        "adduser",
        "manage",
        "check",
        "backup",
        "restore",
        "style",
    ):
        assert re.search(rf"^\s+{command}\s", result.output, re.M), command


def test_main_help_gives_each_command_a_whole_summary_and_the_first_steps():
    output = run("--help").output
    commands = output.split("Commands:")[1]
    # Click cuts a summary that is too long with "..."; each must read whole.
    assert "..." not in commands
    for first_step in ("corrigenda demo", "corrigenda createsite", "corrigenda serve"):
        assert first_step in output


def test_worker_help_says_it_runs_the_periodic_tasks_and_serve_help_how_to_split_them():
    assert "periodic tasks" in run("worker", "--help").output
    assert "corrigenda worker" in run("serve", "--help").output


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("serve", ["--host", "--port", "--workers", "--with-worker / --no-worker", "--data-dir"]),
        ("worker", ["--data-dir"]),
        ("demo", ["--host", "--port", "--password", "--data-dir"]),
        ("createsite", ["NAME", "--origin", "--selector", "--language"]),
        ("adduser", ["USERNAME", "--site", "--role", "--email", "--password"]),
        ("manage", ["createsuperuser"]),
        ("backup", ["PATH", "--force", "pg_dump", "integrity check"]),
        ("restore", ["PATH", "--yes", "pg_restore", "moved aside"]),
    ],
)
def test_each_command_has_help_naming_its_options(command, options):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: main {command}" in result.output or f"{command} [OPTIONS]" in result.output
    for option in options:
        assert option in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert re.search(r"\d+\.\d+", result.output)


@pytest.mark.parametrize(
    "origin", ["news.example.org", "https://news.example.org/path", "ftp://news.example.org"]
)
def test_createsite_refuses_a_bad_origin(db, origin):
    result = CliRunner().invoke(main, ["createsite", "Daily", "--origin", origin])
    assert result.exit_code == 2
    assert "is not an origin like https://news.example.org" in result.output
    assert "--origin" in result.output
    assert not Site.objects.exists()


def test_createsite_and_adduser_set_up_a_desk(db):
    result = run(
        "createsite",
        "Riverside Courier",
        "--origin",
        "https://courier.example/",
        "--selector",
        "main .story",
    )
    assert result.exit_code == 0
    site = Site.objects.get(name="Riverside Courier")
    assert f"key {site.key}" in result.output
    assert f'data-site="{site.key}" data-article="main .story"' in result.output
    assert (site.allowed_origins, site.article_selector) == (
        ["https://courier.example"],
        "main .story",
    )

    result = run(
        "adduser", "maria", "--site", site.key, "--role", "admin", "--password", "s3cret-pass!"
    )
    assert result.exit_code == 0
    assert "Created maria with password s3cret-pass!" in result.output
    user = get_user_model().objects.get(username="maria")
    assert user.check_password("s3cret-pass!")
    assert Membership.objects.get(site=site, user=user).role == "admin"

    again = run("adduser", "maria", "--site", site.key, "--password", "n3w-one!")
    assert "Updated maria with password n3w-one!" in again.output
    assert Membership.objects.filter(site=site, user=user).count() == 1
    user.refresh_from_db()
    assert user.check_password("n3w-one!")


def test_adduser_with_an_unknown_site_fails_and_creates_nobody(db):
    result = CliRunner().invoke(main, ["adduser", "maria", "--site", "nope"])
    assert result.exit_code == 2
    assert "no site has the key 'nope'" in result.output
    assert not get_user_model().objects.filter(username="maria").exists()


def test_createsite_stores_the_origin_as_browsers_send_it(db):
    result = run("createsite", "Daily", "--origin", "https://News.Example.org:443/")
    assert result.exit_code == 0
    site = Site.objects.get(name="Daily")
    assert site.allowed_origins == ["https://news.example.org"]
    # What Chromium and Firefox send in the Origin header.
    assert site.allows_origin("https://news.example.org")
    assert not site.allows_origin("https://news.example.org.evil.test")


def test_createsite_spells_the_language_tag_one_way(db):
    assert run("createsite", "Daily", "--language", "PT_br").exit_code == 0
    assert Site.objects.get(name="Daily").language == "pt-BR"
    refused = CliRunner().invoke(main, ["createsite", "Weekly", "--language", "not a tag"])
    assert refused.exit_code == 2
    assert "is not a language tag" in refused.output


def test_createsite_refuses_a_name_of_more_than_one_line(db):
    result = CliRunner().invoke(main, ["createsite", "Daily\nBcc: all@example.org"])
    assert result.exit_code == 2
    assert "A site name is one line" in result.output
    assert not Site.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("s3cret!", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
    ],
)
def test_adduser_holds_a_given_password_to_the_password_rules(db, password, message):
    result = CliRunner().invoke(main, ["adduser", "maria", "--password", password])
    assert result.exit_code == 2
    assert message in result.output
    assert "Nothing was changed." in result.output
    assert not get_user_model().objects.filter(username="maria").exists()


def test_adduser_keeps_the_old_password_when_the_new_one_is_refused(db):
    assert run("adduser", "maria", "--password", "n0t-obvious!").exit_code == 0
    refused = CliRunner().invoke(main, ["adduser", "maria", "--password", "12345678"])
    assert refused.exit_code == 2
    user = get_user_model().objects.get(username="maria")
    assert user.check_password("n0t-obvious!")


def test_adduser_without_a_password_gets_a_random_one_that_passes(db):
    result = run("adduser", "maria")
    assert result.exit_code == 0
    password = result.output.split("with password ", 1)[1].split()[0]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="maria").check_password(password)


def test_style_import_vale_imports_a_folder_or_zip_and_names_what_it_skips(db, tmp_path):
    site = create_site("Riverside Courier", allowed_origins=["https://courier.example"])
    result = run("style", "import-vale", "--site", site.key, str(PACKAGE))
    assert result.exit_code == 0
    assert (
        "Riverside Courier: imported 7 of 11 Vale rules as 13 new and 0 updated house style "
        "rules; 3 new accepted words." in result.output
    )
    assert "Skipped House.Passive: extends sequence: needs part-of-speech tagging" in (
        result.output
    )
    assert "Skipped House.ListItems: scope list:" in result.output
    assert StyleRule.objects.filter(site=site).count() == 13

    archive = tmp_path / "House.zip"
    archive.write_bytes(package_zip())
    again = run("style", "import-vale", "--site", site.key, str(archive))
    assert "as 0 new and 13 updated house style rules; 0 new accepted words." in again.output


def test_style_import_vale_refuses_an_unreadable_package_with_status_2(db, tmp_path):
    site = create_site("Riverside Courier", allowed_origins=["https://courier.example"])
    broken = tmp_path / "House.zip"
    broken.write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["style", "import-vale", "--site", site.key, str(broken)])
    assert result.exit_code == 2
    assert "not a zip file" in result.output
    unknown = CliRunner().invoke(main, ["style", "import-vale", "--site", "nope", str(broken)])
    assert unknown.exit_code == 2
    assert "No site has the key 'nope'." in unknown.output
