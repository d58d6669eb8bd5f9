"""Requests refused before any view reads them: addresses holding a NUL character.

No page, site key or article URL has one, and PostgreSQL's text cannot hold one, so a NUL
in the path or the query string would only turn a lookup into a server error. The API
answers in its JSON error format (404 for a path, 422 naming the query parameter); other
pages with the 400 page."""

from collections.abc import Callable
from urllib.parse import parse_qsl

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from corrigenda.api.errors import error_response

API_PREFIX = "/api/"
NUL = "\x00"


class NulCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_path = NUL in request.path_info
        query = request.META.get("QUERY_STRING", "")
        parameters = [
            name
            for name, value in parse_qsl(query, keep_blank_values=True)
            if NUL in name or NUL in value
        ]
        if not in_path and not parameters:
            return self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            raise BadRequest("The address holds a NUL character.")
        if in_path:
            return error_response(404, "not_found", "Not found.")
        names = list(dict.fromkeys(name.replace(NUL, "\\x00") for name in parameters))
        fields = [{"field": name, "message": "must not contain NUL characters"} for name in names]
        return error_response(
            422, "invalid_fields", f"Check these fields: {', '.join(names)}.", fields
        )
