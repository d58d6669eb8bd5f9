"""The hostile corpus in every field an editor fills in, written into a running server's
database through the services the desk's forms call. Run inside that server's data dir:

    corrigenda manage shell -c "from tests.hostile.seed import desk_side; desk_side(...)"

`prepare` runs first (the editor, the site and its settings, style rules, words, tokens);
the test then pushes articles through the publisher API and sends readers' reports over
HTTP; `desk_side` adds what editors write (comments, correction notes) and renders the
emails the desk and the readers get. Each writes what the test needs as JSON."""

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from corrigenda.anchoring.text import normalize_article_text
from corrigenda.checks import boilerplate, spelling
from corrigenda.checks.style_rules import StyleRule as CheckStyleRule
from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.notify import emails as desk_emails
from corrigenda.readers import emails as reader_emails
from corrigenda.readers.models import ReaderAddress
from corrigenda.reports import services
from corrigenda.reports.models import Article, Issue, Membership, Report, Site

from .xss_corpus import PAYLOADS, one_line

USERNAME = "xss-editor"
SITE_MARK = "[hostile] "
BATCH_PATH = "/hostile/all"


def prepare(origin: str, password: str, out: str) -> None:
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(password)
    user.save()
    sites = []
    for number, payload in enumerate(PAYLOADS):
        # Site names are one line; each payload names one site the editor belongs to.
        name = one_line(SITE_MARK + payload if number == 0 else payload, 200)
        site = services.create_site(name, allowed_origins=[origin], article_selector="article")
        services.add_member(site, user, Membership.Role.ADMIN)
        sites.append(site)
    site = sites[0]
    services.update_site_settings(
        site,
        name=site.name,
        allowed_origins=[origin],
        article_selector="article",
        language="en",
        retention_days=90,
        show_corrections_in_widget=True,
        by=user,
    )
    for payload in PAYLOADS:
        services.create_style_rule(
            site,
            CheckStyleRule(
                pattern=one_line(payload, 500),
                replacement=payload[:500],
                explanation=payload[:1000],
            ),
            by=user,
        )
    # The quick checks only, so the worker is through the articles in seconds; their
    # findings quote the payloads all the same.
    quick = [rule for rule in site.checks_enabled if rule not in (spelling.RULE, boilerplate.RULE)]
    services.change_check_settings(
        site,
        checks_enabled=quick,
        accepted_words=[one_line(payload, 100) for payload in PAYLOADS],
        by=user,
    )
    for payload in PAYLOADS:
        services.create_api_token(site, one_line(payload, 100), by=user)
    _, token = services.create_api_token(site, "Hostile CMS", by=user)
    Path(out).write_text(json.dumps({"site_key": site.key, "token": token}))


def _wait_for_the_checks(seconds: float = 60) -> None:
    """Until the worker has checked every article (the findings pages show the results)."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    checks = DBTaskResult.objects.filter(
        task_path__endswith="check_revision_task", status__in=["READY", "RUNNING"]
    )
    while checks.exists() and time.monotonic() < deadline:
        time.sleep(0.5)


def desk_side(site_key: str, origin: str, emails_dir: str, out: str) -> None:
    """Desk comments (on one issue), a published correction carrying each payload on each
    issue quoting one, and the emails to editors and readers."""
    site = Site.objects.get(key=site_key)
    user = get_user_model().objects.get(username=USERNAME)
    reader_issues = list(Issue.objects.filter(site=site).order_by("pk"))
    batched = [issue for issue in reader_issues if issue.report_count > 1]
    for payload in PAYLOADS:
        services.comment_on_issue(batched[0], payload, by=user)

    corrections = []
    quoting = [issue for issue in reader_issues if issue.report_count == 1 and issue.exact]
    for issue in quoting:
        payload = next(
            (p for p in PAYLOADS if normalize_article_text(p)[:2000] == issue.exact), issue.exact
        )
        services.change_status(issue, Issue.Status.ACCEPTED, by=user)
        wording = Wording(kind="correction", note=payload, said=payload, correct=payload)
        correction = draft_correction([issue], wording, by=user)
        corrections.append(publish_correction(correction, by=user))

    # The emails, as the worker renders them: to editors, and to readers.
    folder = Path(emails_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    opened = [desk_emails.issue_opened(issue, "en")["html"] for issue in reader_issues]
    for name, html in (
        ("issue_opened", "\n".join(opened)),
        (
            "daily_digest",
            desk_emails.daily_digest(site, reader_issues, corrections, timezone.now(), "en")[
                "html"
            ],
        ),
    ):
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
        written.append(f"{name}.html")
    readers = []
    for address in ReaderAddress.objects.filter(site=site):
        report = Report.objects.filter(site=site, email=address.email).order_by("pk").first()
        for message in (
            reader_emails.confirmation_email(address, report),
            reader_emails.correction_email(address, corrections[0], [report]),
        ):
            readers.append(message.alternatives[0][0])
    if readers:
        (folder / "readers.html").write_text("\n".join(readers), encoding="utf-8")
        written.append("readers.html")
    _wait_for_the_checks()
    batch_url = origin + BATCH_PATH
    Path(out).write_text(
        json.dumps(
            {
                "reader_issues": [issue.pk for issue in reader_issues],
                "batched_issues": [issue.pk for issue in batched],
                "articles": list(Article.objects.filter(site=site).values_list("pk", flat=True)),
                "batch_article": Article.objects.get(site=site, canonical_url=batch_url).pk,
                "corrections": [c.pk for c in corrections],
                "batch_url": batch_url,
                "emails": written,
            }
        )
    )
