from django import template

from corrigenda.public.markup import web_url as _web_url

register = template.Library()


@register.filter
def web_url(url: str) -> str:
    """The URL when it is http(s), else "" (templates then show no link)."""
    return _web_url(url)
