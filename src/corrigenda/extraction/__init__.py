"""Article text and metadata from a news page's HTML.

Pure Python (no Django): HTML in, `ExtractedArticle` out, its text in the form
`normalize_article_text` gives (paragraphs on their own lines).
"""

from corrigenda.extraction.html import (
    DEFAULT_CONTAINER_SELECTORS,
    ExtractedArticle,
    decode_html,
    extract_article,
    looks_like_html,
)

__all__ = [
    "DEFAULT_CONTAINER_SELECTORS",
    "ExtractedArticle",
    "decode_html",
    "extract_article",
    "looks_like_html",
]
