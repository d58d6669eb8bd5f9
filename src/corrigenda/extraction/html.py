"""The article container's text, title, language and canonical URL of one HTML page.

The container's own text is kept whole, furniture included: a "related stories" block
inside the article markup is what the boilerplate check looks for, and what a reader
sees inside the widget's article text. Only when no container matches does trafilatura
guess where the article is (it drops such furniture on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from corrigenda.anchoring.text import normalize_article_text
from corrigenda.extraction.pages import DEFAULT_CONTAINER_SELECTORS, ExtractedArticle
from corrigenda.extraction.titles import strip_title_suffix

# Elements whose content a reader never sees as text.
_INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head"}
)
# Elements that start a new line, as a browser lays them out.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")


def extract_article(
    html: str,
    url: str | None = None,
    *,
    container_selectors: Sequence[str] = DEFAULT_CONTAINER_SELECTORS,
) -> ExtractedArticle:
    """The article on a page: the first element matching one of `container_selectors`
    (the site's article container), its paragraphs as lines; relative canonical URLs
    are resolved against `url`."""
    tree = LexborHTMLParser(html)
    container = next(
        (node for selector in container_selectors if (node := tree.css_first(selector))), None
    )
    if container is not None:
        text = normalize_article_text(_visible_text(container))
    else:
        # Loaded only for pages without a container: it takes most of a second to import.
        import trafilatura

        text = normalize_article_text(
            trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""
        )
    return ExtractedArticle(
        title=_title(tree),
        text=text,
        language=_language(tree),
        canonical_url=_canonical_url(tree, url),
        section=_folded(_attribute(tree, 'meta[property="article:section"]', "content")),
        author=_folded(
            _attribute(tree, 'meta[name="author"]', "content")
            or _attribute(tree, 'meta[property="article:author"]', "content")
        ),
    )


def _folded(value: str | None) -> str | None:
    return " ".join(value.split()) if value else None


def _visible_text(container: LexborNode) -> str:
    parts: list[str] = []

    def walk(node: LexborNode) -> None:
        child = node.child
        while child is not None:
            tag = child.tag or ""
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag == "br":
                parts.append("\n")
            elif tag in _BLOCKS:
                parts.append("\n")
                walk(child)
                parts.append("\n")
            elif tag not in _INVISIBLE and not tag.startswith("-"):
                walk(child)
            child = child.next

    walk(container)
    return "".join(parts)


def _attribute(tree: LexborHTMLParser, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    value = (node.attributes.get(name) or "").strip() if node is not None else ""
    return value or None


def _title(tree: LexborHTMLParser) -> str | None:
    site_name = _attribute(tree, 'meta[property="og:site_name"]', "content")
    title = _attribute(tree, 'meta[property="og:title"]', "content")
    if not title:
        for selector in ("h1", "title"):
            node = tree.css_first(selector)
            if node is not None and node.text().strip():
                title = node.text()
                break
    if not title:
        return None
    return strip_title_suffix(title, (site_name,) if site_name else ()) or None


def _language(tree: LexborHTMLParser) -> str | None:
    code = _attribute(tree, "html", "lang") or _attribute(
        tree, 'meta[http-equiv="content-language" i]', "content"
    )
    if not code:
        return None
    # Content-Language may list several; the first is the page's main one.
    tag = code.split(",")[0].strip().lower().replace("_", "-")
    return tag.split("-")[0] if _LANGUAGE_TAG.fullmatch(tag) else None


def _canonical_url(tree: LexborHTMLParser, url: str | None) -> str | None:
    found = _attribute(tree, 'link[rel~="canonical" i]', "href") or _attribute(
        tree, 'meta[property="og:url"]', "content"
    )
    if found:
        return urljoin(url, found) if url else found
    return url
