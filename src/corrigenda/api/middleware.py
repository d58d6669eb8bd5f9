"""CORS and size limits for the public, per-site endpoints the widget calls.

Allowed origins are per site, so they are looked up for each request rather than
configured once. Bodies may come gzip-compressed; they are inflated here, capped.
"""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from corrigenda.reports.selectors import public_site

from .bodies import InflatedBodyTooLarge, MalformedBody, inflate_gzip
from .errors import error_response

PUBLIC_SITE_PATH = re.compile(r"^/api/v1/sites/(?P<site_key>[^/]+)/reports/?$")
PREFLIGHT_MAX_AGE = "86400"


class PublicSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = PUBLIC_SITE_PATH.match(request.path_info)
        if not match:
            return self.get_response(request)
        origin = request.headers.get("Origin", "")
        site = public_site(match["site_key"]) if origin else None
        # The report handler reuses this row instead of reading it again.
        request.public_site = site
        allowed = site is not None and site.allows_origin(origin)

        if request.method == "OPTIONS":
            if not allowed:
                return error_response(403, "origin_not_allowed", "This origin may not report.")
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type, Content-Encoding"
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = self._read_body(request) or self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        response["Vary"] = "Origin"
        return response

    @staticmethod
    def _read_body(request: HttpRequest) -> HttpResponse | None:
        """Refuses a body over the wire limit; inflates a gzip one into `inflated_body`."""
        limit = settings.REPORT_MAX_BODY_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit or (declared == 0 and len(request.body) > limit):
            return error_response(
                413, "body_too_large", f"The request body is over {limit // 1024} KB."
            )
        encoding = (request.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding == "identity":
            return None
        if encoding != "gzip":
            return error_response(
                415,
                "unsupported_encoding",
                "Send the body as it is or gzip-compressed (Content-Encoding: gzip).",
            )
        inflated_limit = settings.REPORT_MAX_TEXT_BYTES
        try:
            request.inflated_body = inflate_gzip(request.body, inflated_limit)
        except InflatedBodyTooLarge:
            return error_response(
                413,
                "body_too_large",
                f"The request body is over {inflated_limit // 1024} KB once decompressed.",
            )
        except MalformedBody:
            return error_response(400, "malformed_body", "The request body is not valid gzip.")
        return None
