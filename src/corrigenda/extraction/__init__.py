"""Article text and metadata from a news page.

Pure Python (no Django): a page in, `ExtractedArticle` out, its text in the form
`normalize_article_text` gives (paragraphs on their own lines). `pages` reads pages
(files, standard input, the web) and tells HTML from plain text; `html` takes an HTML
page apart, and is imported only when a page is HTML.
"""

from corrigenda.extraction.pages import (
    DEFAULT_CONTAINER_SELECTORS,
    ExtractedArticle,
    FetchedPage,
    PageUnreadable,
    article_from_page,
    decode_html,
    fetch_page,
    looks_like_html,
    read_page,
)
from corrigenda.extraction.titles import strip_title_suffix

__all__ = [
    "DEFAULT_CONTAINER_SELECTORS",
    "ExtractedArticle",
    "FetchedPage",
    "PageUnreadable",
    "article_from_page",
    "decode_html",
    "fetch_page",
    "looks_like_html",
    "read_page",
    "strip_title_suffix",
]
