import os
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from corrigenda.reports.models import Membership
from corrigenda.reports.services import create_site
from tests.factories import make_editor
from tests.mail import smtp_inbox

NEWS_ORIGIN = "https://news.example.org"
PG_SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

# In CI the property tests draw the same examples every run, so a red run is reproducible.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher takes most of a second per user on purpose; tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_test_process(tmp_path_factory):
    # Parallel test processes (pytest -n) each clear their cache, so each has its own: the
    # default disk cache in a folder of its own, even when REDIS_URL names a shared server.
    location = str(tmp_path_factory.mktemp("cache"))
    caches = {"default": {"BACKEND": "corrigenda.cache.PersistentDiskCache", "LOCATION": location}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit windows live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return create_site("Example News", allowed_origins=[NEWS_ORIGIN], article_selector="article")


@pytest.fixture
def other_site(db):
    return create_site("Other Gazette", allowed_origins=["https://gazette.example.com"])


@pytest.fixture
def editor(site):
    return make_editor("eddie", site)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin(site):
    return make_editor("ada", site, role=Membership.Role.ADMIN)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def inbox(settings):
    """A real SMTP server the app's email goes to; its `messages` are what arrived."""
    yield from smtp_inbox(settings)


def needs(missing: list[str]) -> None:
    """Skip the test for what it lacks, or fail it in CI, where everything must be there."""
    if missing:
        message = "needs " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture
def postgres_database():
    """The URL of a new, empty database of its own on the test PostgreSQL server, dropped
    afterwards: for tests that run `corrigenda` in other processes."""
    import psycopg

    try:
        server = psycopg.connect(PG_SERVER_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        needs([f"PostgreSQL at {PG_SERVER_URL} ({error})"])
    name = f"corrigenda_test_{uuid.uuid4().hex[:12]}"
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_SERVER_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Show the accessibility check's table of pages (tests/browser/test_accessibility.py)
    in every run's log, passed or failed; here, so the controller of `pytest -n` has it."""
    reports = terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
    for report in reports:
        for name, value in getattr(report, "user_properties", []):
            if report.when == "call" and name == "accessibility":
                terminalreporter.section("accessibility: axe-core, WCAG 2.2 A and AA")
                terminalreporter.write_line(value)
