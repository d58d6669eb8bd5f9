"""Readers' reports: the endpoint the widget posts to."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Status

from corrigenda.anchoring import Selector
from corrigenda.anchoring.placement import InvalidPosition
from corrigenda.reports import services
from corrigenda.reports.selectors import public_site

from .errors import ApiError, ErrorOut, too_many_reports
from .schemas import ReportIn, ReportOut, TextPositionSelector, TextQuoteSelector
from .throttling import ReporterThrottle, article_report_wait, client_hash

router = Router(tags=["reports"])


@router.post(
    "/sites/{site_key}/reports",
    response={
        200: ReportOut,
        201: ReportOut,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    throttle=[ReporterThrottle()],
    summary="Send a reader's report",
    description=(
        "Stores one report (201). Resending the same `idempotency_key` returns the first "
        "report (200) and stores nothing. Browsers may call it only from the site's "
        "allowed origins. The body is at most "
        f"{settings.REPORT_MAX_BODY_BYTES // 1024} KB as sent; a long article's report may "
        "be sent gzip-compressed (`Content-Encoding: gzip`, at most "
        f"{settings.REPORT_MAX_TEXT_BYTES // 1024} KB inflated)."
    ),
)
def submit_report(request: HttpRequest, site_key: str, payload: ReportIn, response: HttpResponse):
    site = getattr(request, "public_site", None) or public_site(site_key)
    if site is None or site.key != site_key:
        raise Http404("No such site.")
    origin = request.headers.get("Origin")
    if origin and not site.allows_origin(origin):
        raise ApiError(403, "origin_not_allowed", "This origin may not send reports to this site.")

    canonical_url = payload.canonical_url or payload.url
    wait = article_report_wait(site.key, canonical_url)
    if wait is not None:
        return too_many_reports(
            "article_rate_limited",
            "This article has had many reports in a short time; please try again later.",
            wait,
        )
    quote = payload.selector_of(TextQuoteSelector)
    position = payload.selector_of(TextPositionSelector)
    submission = services.ReportSubmission(
        page_url=payload.url,
        canonical_url=canonical_url,
        language=payload.language,
        article_text=payload.text,
        selection=_selection(quote, position),
        kind=payload.kind,
        suggestion=payload.suggestion,
        comment=payload.comment,
        email=payload.email,
        idempotency_key=payload.idempotency_key,
        client_hash=client_hash(request, site_key),
        is_spam=bool(payload.website),
    )
    report, created = services.receive_report(site, submission)
    return Status(201 if created else 200, ReportOut.of(report))


def _selection(
    quote: TextQuoteSelector | None, position: TextPositionSelector | None
) -> Selector | None:
    if quote is None:
        return None
    if position is not None and position.end <= position.start:
        raise InvalidPosition("The selection must end after it starts.")
    return Selector.of(
        quote.exact,
        quote.prefix,
        quote.suffix,
        position.start if position else None,
        position.end if position else None,
    )
