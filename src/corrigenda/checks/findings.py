"""What a check reports: a rule, a span of the revision text and a message."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    from corrigenda.checks.style_rules import StyleRule

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")


def gettext_noop(text: str) -> str:
    """Marks a message for the desk's translation catalogs without translating it here.

    The pure core speaks English and imports no Django; named like Django's own marker so
    that `makemessages` (and tests/test_translations.py) extract the string.
    """
    return text


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message said one way for one and another for more (`Words.plural`), like
    `gettext_noop`; `scripts/messages` reads it as Django's `ngettext`."""
    return singular, plural


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


# A value filled into a message: a word from the article, a number, or another message
# (itself translated when shown).
Param: TypeAlias = "str | int | Words"


@dataclass(frozen=True)
class Words:
    """A message as a %-format `template` with named `params`, so the desk can translate
    the template and fill in the same values; `str()` is the English text. With `plural`
    (from `ngettext_noop`) the message depends on `count`: languages differ in how many
    forms a count takes, so the desk picks the template with `ngettext`."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def render(
        self,
        translate: Callable[[str], str] = gettext_noop,
        translate_plural: Callable[[str, str, int], str] = _english_plural,
    ) -> str:
        values = {
            name: value.render(translate, translate_plural) if isinstance(value, Words) else value
            for name, value in self.params.items()
        }
        if self.plural is None:
            template = translate(self.template)
        else:
            template = translate_plural(self.template, self.plural, self.count or 0)
        return template % values if values else template

    def __str__(self) -> str:
        return self.render()

    @classmethod
    def counted(
        cls, forms: tuple[str, str], count: int, params: Mapping[str, Param] | None = None
    ) -> Words:
        """`forms` (from `ngettext_noop`) said of `count` things, filled in as %(count)d."""
        return cls(forms[0], {**(params or {}), "count": count}, forms[1], count)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "template": self.template,
            "params": {
                name: value.as_json() if isinstance(value, Words) else value
                for name, value in self.params.items()
            },
        }
        if self.plural is not None:
            data |= {"plural": self.plural, "count": self.count}
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Words:
        return cls(
            data["template"],
            {
                name: cls.from_json(value) if isinstance(value, dict) else value
                for name, value in data.get("params", {}).items()
            },
            data.get("plural"),
            data.get("count"),
        )


@dataclass(frozen=True)
class Finding:
    """One suspected error.

    `span` and `related` are (start, end) code-point offsets into the normalised
    article text (`normalize_article_text`), paragraphs separated by "\\n". `related`
    is the other place a two-sided finding points at (the other spelling of a name).
    `reason` says in words why the check fired, for the desk; `style_rule` is the house
    rule that fired (rule "style"). `message_words` and `reason_words`, when a check gives
    them, are the same texts as templates the desk translates (`message` and `reason` are
    their English).
    """

    rule: str
    span: tuple[int, int]
    message: str
    suggestion: str | None = None
    severity: Severity = "warning"
    related: tuple[int, int] | None = None
    reason: str = ""
    style_rule: StyleRule | None = None
    # Not part of a finding's identity: the same texts as `message` and `reason`.
    message_words: Words | None = field(default=None, compare=False)
    reason_words: Words | None = field(default=None, compare=False)

    def quote(self, text: str) -> str:
        return text[self.span[0] : self.span[1]]
