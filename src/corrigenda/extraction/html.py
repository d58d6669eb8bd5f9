"""The article container's text, title, language and canonical URL of one HTML page.

The container's own text is kept whole, furniture included: a "related stories" block
inside the article markup is what the boilerplate check looks for, and what a reader
sees inside the widget's article text. Only when no container matches does trafilatura
guess where the article is (it drops such furniture on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from selectolax.lexbor import LexborHTMLParser, LexborNode

from corrigenda.anchoring.text import normalize_article_text

# Most specific first: the body proper, then the whole article, then the page's main part.
DEFAULT_CONTAINER_SELECTORS: tuple[str, ...] = ("[itemprop=articleBody]", "article", "main")

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
_HTML_START = re.compile(
    r"<(!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|section)[\s>/]", re.IGNORECASE
)
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    text: str
    # Two-letter code from the page's markup, None when the page does not say.
    language: str | None
    canonical_url: str | None


def looks_like_html(content: str) -> bool:
    """Whether text is an HTML page or fragment rather than plain article text."""
    return bool(_HTML_START.search(content[:4096]))


def decode_html(content: bytes, charset: str | None = None) -> str:
    """Bytes of a page as text: the given (HTTP header) charset, else UTF-8, else the
    charset the page declares in a <meta> tag, else Windows-1252."""
    for candidate in (charset, "utf-8-sig"):
        if candidate:
            try:
                return content.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    declared = _META_CHARSET.search(content[:4096])
    if declared:
        try:
            return content.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return content.decode("cp1252", errors="replace")


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
        text = normalize_article_text(
            trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""
        )
    return ExtractedArticle(
        title=_title(tree),
        text=text,
        language=_language(tree),
        canonical_url=_canonical_url(tree, url),
    )


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
    title = _attribute(tree, 'meta[property="og:title"]', "content")
    if title:
        return " ".join(title.split())
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None and node.text().strip():
            return " ".join(node.text().split())
    return None


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
