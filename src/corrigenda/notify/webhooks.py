"""Webhook bodies, their HMAC-SHA256 signature, and the POST that carries them.

The POST goes only to public addresses: the host is resolved when the connection is made,
every address it has is checked, and the connection goes to the checked one, so a name
that points at the desk's own network (or is re-pointed there after the check) is refused.
"""

import hashlib
import hmac
import ipaddress
import json
import socket
from http import HTTPStatus
from typing import Any

import httpcore
import httpx
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Issue, Site

from . import links

SIGNATURE_HEADER = "X-Corrigenda-Signature"
TIMEOUT_SECONDS = 5.0
PASSAGE_IN_TEXT = 120


class WebhookFailed(Exception):
    """The endpoint could not be reached or did not answer 2xx."""


class InternalAddress(WebhookFailed):
    """The webhook's host is, or resolves to, an address of the desk's own network."""

    def __init__(self, host: str, address: str) -> None:
        shown = host if host == address else f"{host} ({address})"
        super().__init__(
            f"Not sent: {shown} is an internal address. Name the host in "
            "CORRIGENDA_WEBHOOK_ALLOWED_HOSTS to allow it."
        )
        self.host, self.address = host, address


def is_internal(address: str) -> bool:
    """Loopback, link-local, private, multicast, reserved, unspecified or otherwise not
    public, also when written as an IPv4-mapped IPv6 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def is_allowed_host(host: str) -> bool:
    """Named in CORRIGENDA_WEBHOOK_ALLOWED_HOSTS: may be internal."""
    return host.strip("[]").lower() in settings.WEBHOOK_ALLOWED_HOSTS


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, each checked; raises `InternalAddress` if one is
    internal (a name with one internal address among public ones is refused too) and
    OSError (socket.gaierror) when it does not resolve."""
    host = host.strip("[]")
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    for address in addresses:
        if is_internal(address):
            raise InternalAddress(host, address)
    return addresses


class _PublicOnlyNetwork(httpcore.SyncBackend):
    """Opens each TCP connection to an address checked just before, never to a fresh
    lookup of the name; TLS and the Host header still use the URL's host name."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = [host] if is_allowed_host(host) else public_addresses(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        raise error or httpcore.ConnectError(f"{host} has no address")


class _PublicOnlyTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend of its own; its pool (httpcore's) does.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=_PublicOnlyNetwork(),
        )


def signature(secret: str, body: bytes) -> str:
    """The header value: `sha256=` and the hex HMAC of the raw body with the secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def post(url: str, secret: str, payload: dict[str, Any], *, delivery_id: int) -> None:
    """Send one signed body; raises `WebhookFailed` with a message for the desk."""
    body = encode(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Corrigenda-Webhook",
        SIGNATURE_HEADER: signature(secret, body),
        "X-Corrigenda-Event": payload["event"],
        "X-Corrigenda-Delivery": str(delivery_id),
    }
    # No proxy from the environment and no redirects: the request goes where it is checked.
    with httpx.Client(
        transport=_PublicOnlyTransport(), trust_env=False, timeout=TIMEOUT_SECONDS
    ) as client:
        try:
            response = client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise WebhookFailed(f"{type(error).__name__}: {error}"[:500]) from error
        except socket.gaierror as error:
            raise WebhookFailed(f"The host name does not resolve: {error.strerror}") from error
    if not response.is_success:
        # Never the body: an internal service's answer must not reach the desk.
        raise WebhookFailed(f"HTTP {response.status_code} {status_phrase(response.status_code)}")


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(unknown status)"


def slack_escape(text: str) -> str:
    """Slack's `text` reads <…> as links and &…; as entities: keep readers' words plain."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _passage(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PASSAGE_IN_TEXT else text[: PASSAGE_IN_TEXT - 1] + "…"


def _site(site: Site) -> dict[str, str]:
    return {"key": site.key, "name": site.name}


def _issue(issue: Issue) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "status": issue.status,
        "kind": issue.kind,
        "passage": issue.exact,
        "report_count": issue.report_count,
        "created": issue.created.isoformat(),
        "article": {"url": issue.article.canonical_url, "title": issue.article.title},
        "url": links.issue_url(issue.pk),
    }


def issue_opened(issue: Issue) -> dict[str, Any]:
    url = links.issue_url(issue.pk)
    text = (
        f"New {issue.kind} issue on {slack_escape(issue.site.name)}: "
        f"“{slack_escape(_passage(issue.exact))}” in {slack_escape(str(issue.article))} "
        f"<{url}|#{issue.pk}>"
    )
    return {
        "event": "issue.opened",
        "site": _site(issue.site),
        "issue": _issue(issue),
        "url": url,
        "text": text,
    }


def issue_status_changed(
    issue: Issue, previous: str, by: AbstractBaseUser | None
) -> dict[str, Any]:
    url = links.issue_url(issue.pk)
    who = f" by {slack_escape(by.get_username())}" if by else ""
    text = (
        f"Issue <{url}|#{issue.pk}> on {slack_escape(issue.site.name)} "
        f"(“{slack_escape(_passage(issue.exact))}”) is now {issue.status} (was {previous}){who}"
    )
    return {
        "event": "issue.status_changed",
        "site": _site(issue.site),
        "issue": {**_issue(issue), "previous_status": previous},
        "by": by.get_username() if by else None,
        "url": url,
        "text": text,
    }


def correction_published(correction: Correction) -> dict[str, Any]:
    issue_ids = sorted(correction.issues.values_list("pk", flat=True))
    url = links.issue_url(issue_ids[0]) if issue_ids else links.absolute("/desk/")
    article = correction.article
    text = (
        f"{correction.get_kind_display()} published on {slack_escape(correction.site.name)} "
        f"for {slack_escape(str(article))}: {slack_escape(_passage(correction.note))} "
        f"<{url}|open in the desk>"
    )
    return {
        "event": "correction.published",
        "site": _site(correction.site),
        "correction": {
            "id": correction.pk,
            "kind": correction.kind,
            "said": correction.said,
            "correct": correction.correct,
            "note": correction.note,
            "published_at": correction.published_at.isoformat()
            if correction.published_at
            else None,
            "article": {"url": article.canonical_url, "title": article.title},
            "issues": issue_ids,
        },
        "url": url,
        "text": text,
    }


def ping(site: Site, by: AbstractBaseUser | None) -> dict[str, Any]:
    url = links.site_notifications_url(site.key)
    who = f" by {slack_escape(by.get_username())}" if by else ""
    return {
        "event": "ping",
        "site": _site(site),
        "url": url,
        "text": f"Test from Corrigenda for {slack_escape(site.name)}{who} <{url}|webhooks>",
    }
