"""Objects tests start from, made as the product makes them: through the services, or as
HTTP payloads a browser or a CMS would send. One place, so every test builds them alike."""

import itertools
import random
import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command

from corrigenda.anchoring import Selector
from corrigenda.corrections.models import Correction
from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports import services
from corrigenda.reports.models import (
    Article,
    Event,
    Issue,
    Membership,
    Report,
    Revision,
    Site,
)
from corrigenda.reports.services import add_member, change_status

# ---- desk users ----------------------------------------------------------------------


def make_editor(username, site, role=Membership.Role.EDITOR):
    user = get_user_model().objects.create_user(username, password="pw-" + username)
    add_member(site, user, role)
    return user


# ---- widget payloads (as a browser builds them) --------------------------------------
ARTICLE_URL = "https://news.example.org/2024/bridge-reopens"
ARTICLE_TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros.\n"
    "Traffic will return to normal by the end of the month."
)


def utf16_len(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def report_payload(exact="the the", text=ARTICLE_TEXT, *, occurrence=0, **fields) -> dict:
    """A widget payload quoting the `occurrence`-th `exact` in `text`, with UTF-16 offsets."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(exact, at + 1)
    start = utf16_len(text[:at])
    payload = {
        "url": ARTICLE_URL + "?utm_source=feed",
        "canonical_url": ARTICLE_URL,
        "title": "Bridge reopens",
        "language": "en",
        "text": text,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": text[max(0, at - 32) : at],
                "suffix": text[at + len(exact) : at + len(exact) + 32],
            },
            {"type": "TextPositionSelector", "start": start, "end": start + utf16_len(exact)},
        ],
        "kind": "typo",
        "suggestion": "",
        "comment": "",
        "email": "",
        "idempotency_key": uuid.uuid4().hex,
        "website": "",
    }
    payload.update(fields)
    return payload


def reports_url(site_or_key) -> str:
    key = getattr(site_or_key, "key", site_or_key)
    return f"/api/v1/sites/{key}/reports"


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Report, Issue, Article, Revision, Event)
    }


UKRAINIAN_WORDS = (
    "міська рада ухвалила бюджет на наступний рік після довгого обговорення депутати "
    "погодили витрати на ремонт мосту школи лікарні та дороги мер заявив що роботи "
    "почнуться навесні а завершаться до кінця осені мешканці району просили більше "
    "зупинок громадського транспорту освітлення парків і нових велосипедних доріжок"
)


def long_ukrainian_article(utf8_bytes: int, seed: int = 7) -> str:
    """Paragraphs of Ukrainian words, about `utf8_bytes` long in UTF-8, with the the typo."""
    vocabulary, words = UKRAINIAN_WORDS.split(), random.Random(seed)
    paragraphs, size = ["Міст відкриють у понеділок після the the ремонту."], 0
    while size < utf8_bytes:
        paragraph = " ".join(words.choices(vocabulary, k=60)).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    return "\n".join(paragraphs)


# ---- reports through the service -----------------------------------------------------
_keys = itertools.count(1)


def submit_report(
    site: Site,
    exact: str | None = "the the",
    *,
    text: str = ARTICLE_TEXT,
    url: str | None = None,
    title: str = "Bridge reopens",
    kind: str = "typo",
    suggestion: str = "",
    comment: str = "",
    email: str = "",
    is_spam: bool = False,
    idempotency_key: str | None = None,
    published: bool = True,
) -> Report:
    """Store a report as the widget would send it (or, with exact=None, as the form does)
    on an article whose publisher pushed `text` as its current text, unless `published`
    is False: then the server knows only what readers sent."""
    url = url or article_url(site)
    if published:
        publish_article(site, text, url=url, title=title)
    quote = None
    if exact is not None:
        at = text.index(exact)
        quote = Selector.of(
            exact=exact,
            prefix=text[max(0, at - 32) : at],
            suffix=text[at + len(exact) : at + len(exact) + 32],
            start=utf16_len(text[:at]),
            end=utf16_len(text[: at + len(exact)]),
        )
    report, _ = services.receive_report(
        site,
        services.ReportSubmission(
            page_url=url,
            canonical_url=url,
            language="en",
            article_text=text if exact is not None else "",
            selection=quote,
            kind=kind,
            suggestion=suggestion,
            comment=comment,
            email=email,
            idempotency_key=idempotency_key or f"test-report-{next(_keys):06d}",
            is_spam=is_spam,
        ),
    )
    return report


def publish_article(
    site: Site, text: str = ARTICLE_TEXT, *, url: str | None = None, title: str = "Bridge reopens"
) -> services.PushedText:
    """The article's current text as its CMS pushes it through the publisher API."""
    url = url or article_url(site)
    return services.receive_article_revision(site, canonical_url=url, title=title, text=text)


def article_url(site: Site, suffix: str = "") -> str:
    """ARTICLE_URL's path on the site's first origin (news.example.org for `site`)."""
    return f"{site.allowed_origins[0]}/2024/bridge-reopens{suffix}"


# ---- published correction notes ------------------------------------------------------
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)
_articles = itertools.count(1)


def note(
    site: Site,
    by,
    text: str = "We said 4 million euros; it was 4.5 million.",
    *,
    url: str | None = None,
    title: str = "Bridge reopens",
    kind: str = "correction",
    published_at: datetime | None = None,
    publish: bool = True,
) -> Correction:
    """A correction of the article at `url` (a new article unless given), published unless
    `publish` is False; `published_at` back-dates it."""
    url = url or article_url(site, f"-{next(_articles)}")
    report = submit_report(site, "4 million euros", text=ARTICLE_TEXT, url=url, title=title)
    issue = report.issue
    if issue.status == Issue.Status.NEW:
        change_status(issue, Issue.Status.ACCEPTED, by=by)
    correction = draft_correction([issue], Wording(kind=kind, note=text), by=by)
    if publish:
        publish_correction(correction, by=by)
        if published_at is not None:
            Correction.objects.filter(pk=correction.pk).update(published_at=published_at)
            correction.refresh_from_db()
    return correction


# ---- the publisher API (as a CMS calls it) -------------------------------------------
def bearer(plaintext: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plaintext}"}


def articles_url(site: Site | str) -> str:
    return f"/api/v1/sites/{getattr(site, 'key', site)}/articles"


def annotations_url(site: Site | str, page: int | None = None) -> str:
    url = f"/api/v1/sites/{getattr(site, 'key', site)}/annotations"
    return url if page is None else f"{url}?page={page}"


# ---- the worker ----------------------------------------------------------------------


def run_worker() -> None:
    """Run `corrigenda worker`'s loop until no queued task is due."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def revision_and_created(pushed: services.PushedText) -> tuple:
    """What `record_revision` stored, and whether it is a new text."""
    return pushed.revision, pushed.created
