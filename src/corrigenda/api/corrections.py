"""Public corrections as JSON: the site's log and each article's notes with their
schema.org JSON-LD. No token: anyone may read what the site published."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from corrigenda.corrections.models import Correction
from corrigenda.dates import long_date
from corrigenda.languages import speak_site_language
from corrigenda.public import markup, selectors
from corrigenda.public.http import allow_site_origin, not_modified, stamp

from .errors import ErrorOut

router = Router(tags=["corrections"])

_CACHING = (
    " Answers carry `ETag` and `Last-Modified`; a conditional request whose copy is still "
    "current gets 304 with no body."
)


class CorrectedArticle(Schema):
    url: str = Field(description="The article's canonical URL.")
    title: str


class PublicCorrection(Schema):
    id: int
    kind: Literal["correction", "clarification", "update"]
    note: str = Field(description="The wording readers see.")
    said: str = Field(description="What the article said (may be empty).")
    correct: str = Field(description="What is right (may be empty).")
    published_at: datetime
    published_on: str = Field(
        description="The publication date as readers of the site read it, in its language "
        "(e.g. `2 December 2026`)."
    )
    amended_at: datetime | None = Field(description="Last change to the wording, if any.")
    article: CorrectedArticle

    @staticmethod
    def of(correction: Correction) -> "PublicCorrection":
        return PublicCorrection(
            id=correction.pk,
            kind=correction.kind,
            note=correction.note,
            said=correction.said,
            correct=correction.correct,
            published_at=correction.published_at,
            published_on=long_date(correction.published_at, correction.site.language),
            amended_at=correction.amended_at,
            article=CorrectedArticle(
                url=correction.article.canonical_url, title=correction.article.title
            ),
        )


class CorrectionsLogOut(Schema):
    site: str = Field(description="The site's name.")
    month: str | None = Field(description="`YYYY-MM` when the log is filtered by month.")
    page: int
    pages: int
    total: int = Field(description="How many corrections match, on every page.")
    next: str | None = Field(description="The next (older) page, if any.")
    prev: str | None = Field(description="The previous (newer) page, if any.")
    corrections: list[PublicCorrection]


class ArticleCorrectionsOut(Schema):
    url: str
    title: str
    show_in_widget: bool = Field(description="Whether the site shows these notes in its widget.")
    corrections: list[PublicCorrection] = Field(
        description="The notes the widget shows: empty when the site has turned the "
        "widget's note off (`html` and `jsonld` list every note regardless)."
    )
    html: str = Field(
        description="The notes as an HTML fragment with their JSON-LD <script> block; "
        "empty when the article has none."
    )
    jsonld: dict[str, Any] = Field(
        description='For the article page\'s <script type="application/ld+json">: a '
        "schema.org `NewsArticle` (`@id` and `url` the canonical URL, `headline`) whose "
        "`correction` lists each note as a `CorrectionComment` with `text`, "
        "`datePublished` and, once amended, `dateModified`."
    )


@router.get(
    "/sites/{site_key}/corrections",
    response={200: CorrectionsLogOut, 304: None, 404: ErrorOut, 422: ErrorOut},
    url_name="corrections",
    summary="The site's public corrections log",
    description=(
        f"Published corrections, newest first, {selectors.LOG_PAGE_SIZE} a page; `month=YYYY-MM` "
        "keeps one month's. Withdrawn and draft notes are never listed." + _CACHING
    ),
)
def corrections_log(
    request: HttpRequest,
    response: HttpResponse,
    site_key: str,
    month: str | None = Query(None, pattern=r"^\d{4}-\d{2}$", description="e.g. 2026-11"),
    page: int = Query(1, ge=1),
):
    site = selectors.public_site_or_404(site_key)
    freshness = selectors.log_freshness(site)
    if (cached := not_modified(request, freshness)) is not None:
        return cached
    _, listed = selectors.log_page(site, month, page)
    path = reverse("api-v1:corrections", kwargs={"site_key": site.key})
    base = f"{path}?month={month}&page=" if month else f"{path}?page="
    stamp(response, freshness)
    return CorrectionsLogOut(
        site=site.name,
        month=month,
        page=page,
        pages=listed.paginator.num_pages,
        total=listed.paginator.count,
        next=request.build_absolute_uri(f"{base}{page + 1}") if listed.has_next() else None,
        prev=request.build_absolute_uri(f"{base}{page - 1}") if listed.has_previous() else None,
        corrections=[PublicCorrection.of(c) for c in listed],
    )


@router.get(
    "/sites/{site_key}/articles/corrections",
    response={200: ArticleCorrectionsOut, 304: None, 404: ErrorOut, 422: ErrorOut},
    url_name="article_corrections",
    summary="An article's public corrections, with their HTML and JSON-LD",
    description=(
        "The published notes of the article whose canonical URL is `url`, oldest first; "
        "an article the desk does not know has none. `jsonld` is the schema.org "
        "NewsArticle whose `correction` lists each note as a CorrectionComment; `html` "
        "is the fragment /s/{site_key}/articles/corrections.html serves. The widget "
        "fetches this from the site's pages: its allowed origins may read it." + _CACHING
    ),
)
def article_corrections(
    request: HttpRequest,
    response: HttpResponse,
    site_key: str,
    url: str = Query(..., min_length=1, max_length=2000, description="Canonical URL."),
):
    site = selectors.public_site_or_404(site_key)
    # The notes' HTML reads in the site's language, whatever the reader's browser says.
    speak_site_language(request, site)
    article = selectors.article_at(site, url)
    freshness = selectors.article_freshness(site, article)
    if (cached := not_modified(request, freshness)) is not None:
        return allow_site_origin(request, cached, site)
    corrections = list(selectors.article_corrections(article))
    title = article.title if article else ""
    stamp(response, freshness)
    allow_site_origin(request, response, site)
    return ArticleCorrectionsOut(
        url=url,
        title=title,
        show_in_widget=site.show_corrections_in_widget,
        corrections=[PublicCorrection.of(c) for c in corrections]
        if site.show_corrections_in_widget
        else [],
        html=markup.article_fragment(url, title, corrections),
        jsonld=markup.news_article_jsonld(url, title, corrections),
    )
