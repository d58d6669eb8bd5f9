"""How the desk names things: `{{ article|article_title }}`."""

from django import template

from corrigenda.extraction import strip_title_suffix
from corrigenda.reports.models import Article

register = template.Library()


@register.filter
def article_title(article: Article) -> str:
    """The headline without the site's page-title suffix (titles stored before it was
    stripped on the way in keep it), or the address when there is none."""
    site = article.site if Article.site.is_cached(article) else None
    title = strip_title_suffix(article.title, (site.name,) if site else ())
    return title or article.canonical_url
