"""Webhook bodies, their HMAC-SHA256 signature, and the POST that carries them."""

import hashlib
import hmac
import json
from typing import Any

import httpx
from django.contrib.auth.models import AbstractBaseUser

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import Issue, Site

from . import links

SIGNATURE_HEADER = "X-Corrigenda-Signature"
TIMEOUT_SECONDS = 5.0
PASSAGE_IN_TEXT = 120


class WebhookFailed(Exception):
    """The endpoint could not be reached or did not answer 2xx."""


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
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise WebhookFailed(f"{type(error).__name__}: {error}"[:500]) from error
    if not response.is_success:
        raise WebhookFailed(f"HTTP {response.status_code}: {response.text[:300]}")


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
