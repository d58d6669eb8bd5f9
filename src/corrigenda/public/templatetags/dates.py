"""Dates for people, in templates: `{{ value|long_date:site.language }}`, `{{ value|ago }}`."""

from django import template

from corrigenda import dates

register = template.Library()


@register.filter
def long_date(value, language: str = "en") -> str:
    return dates.long_date(value, language) if value else ""


@register.filter
def ago(value) -> str:
    return dates.ago(value) if value else ""
