"""Dates for people, in templates (a builtin: no {% load %} needed):
`{{ value|long_date }}` in the page's language, `{{ value|long_date:site.language }}` in a
site's, `{{ value|ago }}`."""

from django import template

from corrigenda import dates

register = template.Library()


@register.filter
def long_date(value, language: str | None = None) -> str:
    return dates.long_date(value, language) if value else ""


@register.filter
def ago(value) -> str:
    return dates.ago(value) if value else ""
