"""Absolute links into the desk, for emails and webhooks read outside it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

# Without CORRIGENDA_PUBLIC_URL, links point where `corrigenda serve` listens by default.
FALLBACK_PUBLIC_URL = "http://localhost:8000"


def absolute(path: str) -> str:
    return (settings.PUBLIC_URL or FALLBACK_PUBLIC_URL) + path


def issue_url(issue_id: int) -> str:
    return absolute(reverse("desk:issue", args=[issue_id]))


def site_notifications_url(site_key: str) -> str:
    return absolute(reverse("notify:site", args=[site_key]))


def web_link(url: str) -> str:
    """The URL when it is an http(s) address, else "": a reader-sent URL must never become
    a `javascript:` link in an email."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""
