"""A real SMTP server, a real HTTP endpoint that checks webhook signatures, and the real
task worker, for the notification tests."""

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from corrigenda.reports.models import Membership
from tests.factories import make_editor
from tests.mail import PUBLIC_URL, html_part, text_part  # noqa: F401 (for the tests here)


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
        self.error_body = b"nope"
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
                self.wfile.write(endpoint.error_body if endpoint.status >= 400 else b"")

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
def endpoint(settings):
    """The endpoint, on 127.0.0.1: internal, so allowed by name, as an operator would."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    server = Endpoint()
    yield server
    server.stop()


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
