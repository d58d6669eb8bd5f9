"""The publisher API: a site's CMS pushes each article's current text."""

from django.http import HttpRequest
from ninja import Router, Status

from corrigenda.reports import services

from .auth import SiteToken
from .errors import ErrorOut
from .schemas import ArticleIn, ArticlePushOut

router = Router(tags=["publisher"], auth=SiteToken())


@router.post(
    "/sites/{site_key}/articles",
    response={
        200: ArticlePushOut,
        201: ArticlePushOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    url_name="push_article",
    summary="Push an article's current text",
    description=(
        "Call it whenever an article is published or edited. A text the article never had "
        "is stored as a new revision (201) and the article's open issues are re-anchored "
        "onto it in the background: each is found again, or marked changed (probably "
        "fixed) or orphaned. A text already known answers 200 and changes nothing, unless "
        "it is an older text of the article again (a reverted edit): it becomes the current "
        "revision once more and the open issues are re-anchored onto it. Needs "
        "an API token of the site (`Authorization: Bearer <token>`); a token of another "
        "site gets 404."
    ),
)
def push_article(request: HttpRequest, site_key: str, payload: ArticleIn):
    pushed = services.receive_article_revision(
        request.auth.site,
        canonical_url=payload.canonical_url,
        title=payload.title,
        text=payload.text,
        via=request.auth,
        section=payload.section,
        author=payload.author,
    )
    return Status(201 if pushed.created else 200, ArticlePushOut.of(pushed))
