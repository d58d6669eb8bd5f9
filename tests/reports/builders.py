"""Reports submitted straight through the service, for tests about what happens next."""

import itertools

from corrigenda.reports import services
from corrigenda.reports.models import Report, Site
from tests.api.payloads import ARTICLE_TEXT, ARTICLE_URL, utf16_len

_keys = itertools.count(1)


def submit_report(
    site: Site,
    exact: str | None = "the the",
    *,
    text: str = ARTICLE_TEXT,
    url: str = ARTICLE_URL,
    title: str = "Bridge reopens",
    kind: str = "typo",
    suggestion: str = "",
    comment: str = "",
    email: str = "",
    is_spam: bool = False,
    idempotency_key: str | None = None,
) -> Report:
    """Store a report as the widget would send it (or, with exact=None, as the form does)."""
    quote = None
    if exact is not None:
        at = text.index(exact)
        quote = services.Quote(
            exact=exact,
            prefix=text[max(0, at - 32) : at],
            suffix=text[at + len(exact) : at + len(exact) + 32],
            start_utf16=utf16_len(text[:at]),
            end_utf16=utf16_len(text[: at + len(exact)]),
        )
    report, _ = services.receive_report(
        site,
        services.ReportSubmission(
            page_url=url,
            canonical_url=url,
            title=title,
            language="en",
            article_text=text if exact is not None else "",
            quote=quote,
            kind=kind,
            suggestion=suggestion,
            comment=comment,
            email=email,
            idempotency_key=idempotency_key or f"test-report-{next(_keys):06d}",
            is_spam=is_spam,
        ),
    )
    return report
