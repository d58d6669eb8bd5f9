"""Tasks that run as soon as they are queued, and ways to read the readers' emails (the SMTP
server is the `inbox` fixture of tests/conftest.py)."""

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status
from tests.mail import PUBLIC_URL, html_part, text_part  # noqa: F401 (for the tests here)

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


def link_path(message: EmailMessage, kind: str) -> str:
    """The path of the message's /r/<kind>/ link, as the test client requests it."""
    urls = re.findall(rf"{re.escape(PUBLIC_URL)}/r/{kind}/\S+", text_part(message))
    assert len(set(urls)) == 1, urls
    return urlsplit(urls[0]).path


def publish(issue: Issue, note: str, *, by):
    """Accept the issue and publish a correction of it, as the desk does."""
    change_status(issue, Issue.Status.ACCEPTED, by=by)
    correction = draft_correction([issue], Wording(kind="correction", note=note), by=by)
    return publish_correction(correction, by=by)
