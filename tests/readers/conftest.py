"""A real SMTP server for the readers' emails, and tasks that run as soon as they are queued."""

import re
import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports.models import Issue
from corrigenda.reports.services import change_status

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PUBLIC_URL = "https://desk.example.org"


@dataclass
class Inbox:
    """What the SMTP server received, parsed as a mail program would."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "corrections@news.example.org"
    settings.PUBLIC_URL = PUBLIC_URL
    yield handler
    controller.stop()


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


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
