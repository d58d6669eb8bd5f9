"""A real SMTP server, a real HTTP endpoint that checks webhook signatures, and the real
task worker, for the notification tests."""

import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from corrigenda.reports.models import Membership
from tests.conftest import make_editor

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
    settings.DEFAULT_FROM_EMAIL = "desk@news.example.org"
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.PUBLIC_URL = PUBLIC_URL


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Endpoint:
    """An HTTP server standing in for a newsroom's webhook receiver. Like a real one, it
    refuses a request whose X-Corrigenda-Signature does not match the body (401); else it
    answers `status`."""

    def __init__(self) -> None:
        self.secret = ""
        self.status = 204
        self.calls: list[Call] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                expected = (
                    "sha256=" + hmac.new(endpoint.secret.encode(), body, hashlib.sha256).hexdigest()
                )
                given = self.headers.get("X-Corrigenda-Signature", "")
                ok = bool(endpoint.secret) and hmac.compare_digest(expected, given)
                endpoint.calls.append(Call(self.path, dict(self.headers), body, ok))
                self.send_response(endpoint.status if ok else 401)
                self.end_headers()
                self.wfile.write(b"nope" if endpoint.status >= 400 else b"")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/corrigenda"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.stop()


def run_worker() -> None:
    """Run `corrigenda worker`'s loop until no queued task is due."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


@pytest.fixture
def admin(site):
    user = make_editor("ada", site, role=Membership.Role.ADMIN)
    user.email = "ada@news.example.org"
    user.save()
    return user


def editor_with_email(username: str, site, role=Membership.Role.EDITOR):
    user = make_editor(username, site, role=role)
    user.email = f"{username}@news.example.org"
    user.save()
    return user


def text_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
