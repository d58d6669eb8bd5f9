"""Failures a caller of the correction services can act on, one type each."""


class CorrectionError(Exception):
    """The correction cannot be written or changed as asked; the message says why."""
