"""Failures a caller of the report services can act on, one type each."""


class ReportError(Exception):
    """Base for errors the API turns into a 4xx JSON answer."""

    code = "invalid_report"
    status = 422


class QuoteNotInText(ReportError):
    code = "quote_not_in_text"


class InvalidPosition(ReportError):
    code = "invalid_position"


class InvalidTransition(Exception):
    """The issue cannot move from its status to the one asked for."""


class NotASiteMember(Exception):
    """The user is not on the site's desk."""


class AuditTrailIsAppendOnly(Exception):
    """An audit `Event` is written once and never changed or deleted."""
