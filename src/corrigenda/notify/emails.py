"""Editors' emails: rendered from templates (text, and HTML with everything escaped)
when a delivery is made, sent through Django's email API when it is attempted."""

import unicodedata
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from corrigenda.corrections.models import Correction
from corrigenda.reports.models import NOT_IN_ONE_LINE, Issue, Report, Site

from . import links

SUBJECT_PASSAGE = 60


def subject_line(text: str) -> str:
    """One line, whatever a site name or a reader's passage holds: control characters
    and runs of whitespace become one space (a line break would end the header)."""
    text = "".join(" " if unicodedata.category(char) in NOT_IN_ONE_LINE else char for char in text)
    return " ".join(text.split())


def _short(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _render(template: str, subject: str, context: dict[str, Any]) -> dict[str, str]:
    context = {**context, "subject": subject}
    return {
        "subject": subject_line(subject),
        "text": render_to_string(f"notify/email/{template}.txt", context),
        "html": render_to_string(f"notify/email/{template}.html", context),
    }


def _issue_context(issue: Issue) -> dict[str, Any]:
    reports = list(
        issue.reports.filter(spam_verdict=Report.SpamVerdict.HAM).order_by("created", "id")[:5]
    )
    return {
        "issue": issue,
        "kind": issue.kind_label,
        "reports": reports,
        "article": issue.article,
        "article_link": links.web_link(issue.article.canonical_url),
        "issue_url": links.issue_url(issue.pk),
    }


def issue_opened(issue: Issue, language: str) -> dict[str, str]:
    with translation.override(language):
        context = {
            **_issue_context(issue),
            "site": issue.site,
            "preferences_url": links.site_notifications_url(issue.site.key),
        }
        subject = _("[%(site)s] %(kind)s: “%(passage)s”") % {
            "site": issue.site.name,
            "kind": context["kind"],
            "passage": _short(issue.exact, SUBJECT_PASSAGE),
        }
        return _render("issue_opened", subject, context)


def daily_digest(
    site: Site, issues: list[Issue], corrections: list[Correction], since: datetime, language: str
) -> dict[str, str]:
    with translation.override(language):
        return _daily_digest(site, issues, corrections, since)


def _daily_digest(
    site: Site, issues: list[Issue], corrections: list[Correction], since: datetime
) -> dict[str, str]:
    context = {
        "site": site,
        "since": since,
        "issues": [_issue_context(issue) for issue in issues],
        "corrections": [
            {"correction": c, "article_link": links.web_link(c.article.canonical_url)}
            for c in corrections
        ],
        "queue_url": links.absolute(reverse("desk:queue") + f"?site={site.key}"),
        "preferences_url": links.site_notifications_url(site.key),
    }
    new_issues = ngettext("%(count)d new issue", "%(count)d new issues", len(issues)) % {
        "count": len(issues)
    }
    if corrections:
        new_issues = ngettext(
            "%(issues)s, %(count)d correction",
            "%(issues)s, %(count)d corrections",
            len(corrections),
        ) % {"issues": new_issues, "count": len(corrections)}
    subject = _("[%(site)s] Daily digest: %(news)s") % {"site": site.name, "news": new_issues}
    return _render("daily_digest", subject, context)


def send(to: str, message: dict[str, str]) -> None:
    """Send one rendered email; raises what the mail backend raises."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    email.attach_alternative(message["html"], "text/html")
    email.send()
