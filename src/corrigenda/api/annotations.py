"""The publisher API's export: a site's reports as a W3C Web Annotation collection.

JSON-LD in the Web Annotation Data Model, paged as the Web Annotation Protocol pages
collections: the collection embeds its first page and links the last; each page links
its neighbours. The links carry a cursor (`?cursor=`, `corrigenda.keyset`): a page starts
after the last report of the page before, so the last of 2,000 pages costs what the
first does, and reports arriving meanwhile neither repeat nor skip one. Numbered pages
(`?page=N`, from 1) are still answered; `?page=0` (or nothing) is the collection.
"""

import json
import math
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import NinjaJSONEncoder

from corrigenda.anchoring import Span, describe
from corrigenda.keyset import LAST, Cursor, KeysetPage, keyset_page, rows_before
from corrigenda.reports import selectors
from corrigenda.reports.models import Report, Site

from .auth import SiteToken
from .errors import ErrorOut
from .schemas import (
    ANNOTATION_CONTEXT,
    Annotation,
    AnnotationCollection,
    AnnotationCollectionRef,
    AnnotationPage,
    AnnotationTarget,
    TextualBody,
)

ANNOTATIONS_PER_PAGE = 100
EXPORT_ORDER = ("created", "id")
ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'
JSON_MEDIA_TYPE = "application/json; charset=utf-8"

router = Router(tags=["publisher"], auth=SiteToken())

_JSON_LD = {"by_alias": True, "exclude_none": True}


def _also_as_json_ld(*schema_names: str) -> dict:
    """OpenAPI: the 200 answer also comes as JSON-LD, which is what it is by default."""
    refs = [{"$ref": f"#/components/schemas/{name}"} for name in schema_names]
    schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
    return {"responses": {200: {"content": {"application/ld+json": {"schema": schema}}}}}


def _media_type(request: HttpRequest) -> str:
    # JSON-LD unless the client asks for plain JSON and not for JSON-LD.
    accept = request.headers.get("Accept", "")
    if "application/json" in accept and "application/ld+json" not in accept:
        return JSON_MEDIA_TYPE
    return ANNOTATION_MEDIA_TYPE


def _collection_url(request: HttpRequest, site: Site) -> str:
    path = reverse("api-v1:annotations", kwargs={"site_key": site.key})
    return request.build_absolute_uri(path)


def _annotation_url(request: HttpRequest, site: Site, report: Report) -> str:
    path = reverse(
        "api-v1:annotation", kwargs={"site_key": site.key, "report_id": report.public_id}
    )
    return request.build_absolute_uri(path)


def annotation_of(report: Report, url: str) -> Annotation:
    """A report as a Web Annotation: the passage is the target, what the reader wrote
    the bodies, the report's kind a tag. The email address stays out."""
    body = []
    if report.suggestion:
        body.append(TextualBody(value=report.suggestion, purpose="editing"))
    if report.comment:
        body.append(TextualBody(value=report.comment, purpose="commenting"))
    body.append(TextualBody(value=report.kind, purpose="tagging"))
    selector = None
    if report.revision is not None and report.start is not None and report.end is not None:
        selector = describe(report.revision.text, Span(report.start, report.end)).to_json()
    return Annotation(
        id=url,
        created=report.created,
        body=body,
        target=AnnotationTarget(source=report.article.canonical_url, selector=selector),
    )


def _page(
    request: HttpRequest, site: Site, page: KeysetPage, start: int, total: int, page_id: str
) -> AnnotationPage:
    collection_url = _collection_url(request, site)
    return AnnotationPage(
        id=page_id,
        part_of=AnnotationCollectionRef(id=collection_url, total=total),
        start_index=start,
        next=f"{collection_url}?cursor={page.next.encode()}" if page.next else None,
        prev=f"{collection_url}?cursor={page.previous.encode()}" if page.previous else None,
        items=[
            annotation_of(report, _annotation_url(request, site, report))
            for report in page.object_list
        ],
    )


def _numbered_page(request: HttpRequest, site: Site, reports, number: int, total: int):
    start = (number - 1) * ANNOTATIONS_PER_PAGE
    cursor = None
    if number > 1:
        # The report just before the page, read through the index, then the page after it.
        before = reports.order_by(*EXPORT_ORDER)[start - 1 : start].first()
        cursor = Cursor(tuple(getattr(before, field) for field in EXPORT_ORDER))
    page = keyset_page(reports, EXPORT_ORDER, ANNOTATIONS_PER_PAGE, cursor)
    page_id = f"{_collection_url(request, site)}?page={number}"
    return _page(request, site, page, start, total, page_id)


def _cursor_page(request: HttpRequest, site: Site, reports, token: str, total: int):
    try:
        cursor = Cursor.decode(token)
        page = keyset_page(reports, EXPORT_ORDER, ANNOTATIONS_PER_PAGE, cursor)
    except ValueError:
        raise Http404("No such page: follow the links the collection gives.") from None
    if cursor.values is None:
        start = total - len(page) if cursor.backwards else 0
    elif page.object_list:
        start = rows_before(reports, EXPORT_ORDER, page.object_list[0])
    else:
        start = total
    page_id = f"{_collection_url(request, site)}?cursor={token}"
    return _page(request, site, page, start, total, page_id)


@router.get(
    "/sites/{site_key}/annotations",
    response={
        200: AnnotationCollection | AnnotationPage,
        401: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    url_name="annotations",
    summary="Export the site's reports as W3C Web Annotations",
    description=(
        "Every report of the site except spam, oldest first, as a W3C Web Annotation "
        "collection (JSON-LD, `application/ld+json; "
        'profile="http://www.w3.org/ns/anno.jsonld"`; plain JSON when the client accepts '
        f"only `application/json`). Without `page` (or with `page=0`): the "
        f"`AnnotationCollection`, with its first page embedded. The pages "
        f"(`AnnotationPage`, {ANNOTATIONS_PER_PAGE} annotations each) link their "
        "neighbours with `next` and `prev`, and the collection its `last`: follow those "
        "links, whose `cursor` starts each page after the previous page's last report, so "
        "reports arriving while a client walks the collection are neither repeated nor "
        "skipped. `page=N` (from 1) still answers the N-th page. Each annotation's target "
        "is the article's canonical URL with a TextQuoteSelector and a "
        "TextPositionSelector whose offsets count Unicode code points (not UTF-16 code "
        "units) over the normalised text of the revision the reader saw. Readers' email "
        "addresses are never exported. Needs an API token of the site."
    ),
    openapi_extra=_also_as_json_ld("AnnotationCollection", "AnnotationPage"),
    **_JSON_LD,
)
def annotations(
    request: HttpRequest,
    response: HttpResponse,
    site_key: str,
    page: int = Query(0, ge=0, description="1 for the first page; 0 or none for the collection."),
    cursor: str = Query(
        "", max_length=400, description="A page as the `next`, `prev` and `last` links name it."
    ),
):
    site = request.auth.site
    reports = selectors.exported_reports(site)
    total = selectors.exported_report_count(site)
    pages = math.ceil(total / ANNOTATIONS_PER_PAGE)
    response["Content-Type"] = _media_type(request)
    if cursor:
        document = _cursor_page(request, site, reports, cursor, total)
    elif page == 0:
        collection_url = _collection_url(request, site)
        document = AnnotationCollection(
            id=collection_url,
            label=f"Readers' reports on {site.name}",
            total=total,
            first=_numbered_page(request, site, reports, 1, total) if total else None,
            last=f"{collection_url}?cursor={LAST.encode()}" if total else None,
        )
    elif page > pages:
        raise Http404(f"No page {page}: the collection has {pages}.")
    else:
        document = _numbered_page(request, site, reports, page, total)
    # Built and checked here already: ninja's second validation of a page of 100
    # annotations took longer than reading them.
    response.content = json.dumps(document.model_dump(**_JSON_LD), cls=NinjaJSONEncoder)
    return response


@router.get(
    "/sites/{site_key}/annotations/{report_id}",
    response={200: Annotation, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="annotation",
    summary="One report as a W3C Web Annotation",
    description="The annotation whose `id` is this URL, as in the collection.",
    openapi_extra=_also_as_json_ld("Annotation"),
    **_JSON_LD,
)
def annotation(request: HttpRequest, response: HttpResponse, site_key: str, report_id: str):
    site = request.auth.site
    try:
        public_id = uuid.UUID(report_id)
    except ValueError:
        raise Http404("No such annotation.") from None
    report = selectors.exported_reports(site).filter(public_id=public_id).first()
    if report is None:
        raise Http404("No such annotation.")
    response["Content-Type"] = _media_type(request)
    return annotation_of(report, _annotation_url(request, site, report))
