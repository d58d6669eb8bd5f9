import os

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from corrigenda.reports.models import Membership
from corrigenda.reports.services import add_member, create_site
from tests.mail import smtp_inbox

NEWS_ORIGIN = "https://news.example.org"

# In CI the property tests draw the same examples every run, so a red run is reproducible.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher takes most of a second per user on purpose; tests make many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def make_editor(username, site, role=Membership.Role.EDITOR):
    user = get_user_model().objects.create_user(username, password="pw-" + username)
    add_member(site, user, role)
    return user


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
