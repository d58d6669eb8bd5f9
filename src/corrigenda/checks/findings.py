"""What a check reports: a rule, a span of the revision text and a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from corrigenda.checks.style_rules import StyleRule

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")


@dataclass(frozen=True)
class Finding:
    """One suspected error.

    `span` and `related` are (start, end) code-point offsets into the normalised
    article text (`normalize_article_text`), paragraphs separated by "\\n". `related`
    is the other place a two-sided finding points at (the other spelling of a name).
    `reason` says in words why the check fired, for the desk; `style_rule` is the house
    rule that fired (rule "style").
    """

    rule: str
    span: tuple[int, int]
    message: str
    suggestion: str | None = None
    severity: Severity = "warning"
    related: tuple[int, int] | None = None
    reason: str = ""
    style_rule: StyleRule | None = None

    def quote(self, text: str) -> str:
        return text[self.span[0] : self.span[1]]
