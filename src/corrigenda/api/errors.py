"""Every API error is JSON `{"error": {"code": ..., "message": ...}}` with its HTTP status."""

import logging
import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from corrigenda.reports.errors import ReportError, SelectionNotPlaced

CODES_BY_STATUS = {
    400: "malformed_json",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    429: "rate_limited",
}


class FieldError(Schema):
    field: str
    message: str


class ErrorDetail(Schema):
    code: str
    message: str
    fields: list[FieldError] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by handlers for a failure the client can act on."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str, fields=None) -> JsonResponse:
    error = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return JsonResponse({"error": error}, status=status)


def _field_name(location: list) -> str:
    # Ninja prefixes the location with where the value came from and the parameter name.
    parts = [str(p) for p in location]
    if parts[:1] in (["body"], ["query"], ["path"]):
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or "body"


def _reader_message(error: dict) -> str:
    # Pydantic prefixes messages from our own validators with "Value error, ".
    return str(error.get("msg", "is invalid")).removeprefix("Value error, ")


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [
        {"field": _field_name(list(e.get("loc", []))), "message": _reader_message(e)}
        for e in exc.errors
    ]
    names = ", ".join(dict.fromkeys(f["field"] for f in fields))
    return error_response(422, "invalid_fields", f"Check these fields: {names}.", fields)


def too_many_reports(code: str, message: str, wait: float | None) -> HttpResponse:
    """A 429 that says when to try again (whole seconds, at least one)."""
    response = error_response(429, code, message)
    response["Retry-After"] = str(max(1, math.ceil(wait or 60)))
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation(request, exc):
        return _validation_error(request, exc)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return too_many_reports(
            "rate_limited", "Too many reports from here; please try again later.", exc.wait
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = error_response(
            401,
            "unauthorized",
            "Send a live API token of this site as `Authorization: Bearer <token>`.",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    # Bodies the per-site middleware does not limit (the publisher API's) meet Django's cap.
    @api.exception_handler(RequestDataTooBig)
    def body_too_large(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return error_response(
            413, "body_too_large", f"The request body is over {limit // 1024} KB."
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = CODES_BY_STATUS.get(exc.status_code, "error")
        message = str(exc)
        if exc.status_code == 400:
            message = "The request body is not valid JSON."
        return error_response(exc.status_code, code, message)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, "not_found", str(exc) or "Not found.")

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.status, exc.code, exc.message)

    @api.exception_handler(ReportError)
    def report_error(request, exc):
        return error_response(exc.status, exc.code, str(exc))

    @api.exception_handler(SelectionNotPlaced)
    def selection_not_placed(request, exc):
        return error_response(422, exc.code, str(exc))

    # Anything else is our fault: logged as Django logs it, answered in the API's format
    # rather than with the HTML error page.
    @api.exception_handler(Exception)
    def server_error(request, exc):
        logging.getLogger("django.request").error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return error_response(
            500, "server_error", "Something went wrong on our side; please try again later."
        )
