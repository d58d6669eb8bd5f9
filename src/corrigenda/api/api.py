"""The NinjaAPI instance: /api/v1/, its OpenAPI document and its error format."""

from ninja import NinjaAPI

from . import annotations, articles, corrections, reports
from .bodies import InflatedBodyParser
from .errors import install_error_handlers

# gunicorn (corrigenda serve) refuses a request line over 4,094 bytes before the API sees it.
URI_TOO_LONG = (
    "The request's address is over 4,094 bytes (the server's limit); answered by the HTTP "
    "server itself, as a short HTML page."
)


class CorrigendaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault("414", {"description": URI_TOO_LONG})
        return schema


api = CorrigendaAPI(
    title="Corrigenda API",
    version="1",
    description="Readers' reports in, corrections out. Errors are "
    '`{"error": {"code": "...", "message": "..."}}` with the HTTP status. The publisher '
    "endpoints (tag `publisher`) need an API token of the site, made on the site's desk "
    "page: `Authorization: Bearer <token>`.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=InflatedBodyParser(),
)
install_error_handlers(api)
api.add_router("", reports.router)
api.add_router("", articles.router)
api.add_router("", annotations.router)
api.add_router("", corrections.router)
