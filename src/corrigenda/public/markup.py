"""What the public surfaces publish about an article's corrections: the schema.org
JSON-LD the article page should carry and the HTML fragment a CMS includes."""

import json
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from corrigenda.corrections.models import Correction

SCHEMA_ORG = "https://schema.org"
# Inside <script> only "</" can end the block early; escaping <, > and & as JSON does
# keeps the data the same and the block whole.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def web_url(url: str) -> str:
    """The URL when it is an http(s) one, else "": a javascript: URL is never a link."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


def news_article_jsonld(url: str, title: str, corrections: list[Correction]) -> dict:
    """The article as a schema.org NewsArticle whose `correction` lists its public notes."""
    article = {"@context": SCHEMA_ORG, "@type": "NewsArticle", "@id": url, "url": url}
    if title:
        article["headline"] = title
    article["correction"] = [_correction_comment(correction) for correction in corrections]
    return article


def _correction_comment(correction: Correction) -> dict:
    comment = {
        "@type": "CorrectionComment",
        "text": correction.note,
        "datePublished": correction.published_at.isoformat(),
    }
    if correction.amended_at:
        comment["dateModified"] = correction.amended_at.isoformat()
    return comment


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block that no text inside can close early."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def article_fragment(url: str, title: str, corrections: list[Correction]) -> str:
    """The article's notes as HTML with their JSON-LD; empty when it has none."""
    if not corrections:
        return ""
    return render_to_string(
        "public/article_corrections.html",
        {
            "corrections": corrections,
            "jsonld": jsonld_script(news_article_jsonld(url, title, corrections)),
        },
    ).strip()
