"""Published correction notes, made through the services as the desk makes them."""

import itertools
from datetime import datetime

from corrigenda.corrections.models import Correction
from corrigenda.corrections.services import Wording, draft_correction, publish_correction
from corrigenda.reports.models import Issue, Site
from corrigenda.reports.services import change_status
from tests.api.payloads import ARTICLE_TEXT, ARTICLE_URL
from tests.reports.builders import submit_report

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
    url = url or f"{ARTICLE_URL}-{next(_articles)}"
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
