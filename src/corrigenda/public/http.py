"""HTTP caching and CORS shared by the public corrections pages and their JSON twins."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from corrigenda.reports.models import Site

from .selectors import Freshness

# Caches may serve a surface this long before asking again; the ETag makes asking cheap.
MAX_AGE_SECONDS = 60


def not_modified(request: HttpRequest, freshness: Freshness) -> HttpResponse | None:
    """A 304 (or 412) when the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=freshness.etag, last_modified=int(freshness.last_modified.timestamp())
    )
    if response is not None:
        stamp(response, freshness)
    return response


def stamp(response: HttpResponse, freshness: Freshness) -> HttpResponse:
    response["ETag"] = freshness.etag
    response["Last-Modified"] = http_date(freshness.last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


def allow_site_origin(request: HttpRequest, response: HttpResponse, site: Site) -> HttpResponse:
    """Let the site's own pages read the answer from the browser (the widget does)."""
    origin = request.headers.get("Origin", "")
    if origin and site.allows_origin(origin):
        response["Access-Control-Allow-Origin"] = origin
    response["Vary"] = "Origin"
    return response
