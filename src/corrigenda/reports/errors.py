"""Failures a caller of the report services can act on, one type each."""

from corrigenda.anchoring.placement import InvalidPosition, QuoteNotInText, SelectionNotPlaced

__all__ = [
    "InvalidPosition",
    "InvalidTransition",
    "NotASiteMember",
    "QuoteNotInText",
    "ReportError",
    "SelectionNotPlaced",
    "UrlNotOnSite",
]


class ReportError(Exception):
    """Base for errors the API turns into a 4xx JSON answer."""

    code = "invalid_report"
    status = 422


class UrlNotOnSite(ReportError):
    code = "url_not_on_site"


class InvalidTransition(Exception):
    """The issue cannot move from its status to the one asked for."""


class NotASiteMember(Exception):
    """The user is not on the site's desk."""


class AuditTrailIsAppendOnly(Exception):
    """An audit `Event` is written once and never changed or deleted."""
