"""Reading a news page: from a file, standard input or the web, as bytes, then as the
article it holds. Plain text stays plain text: the HTML parser and trafilatura load only
when a page is HTML."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from corrigenda.anchoring.text import normalize_article_text

# Most specific first: the body proper, then the whole article, then the page's main part.
DEFAULT_CONTAINER_SELECTORS: tuple[str, ...] = ("[itemprop=articleBody]", "article", "main")
FETCH_TIMEOUT_SECONDS = 20.0
# A news page with its markup; far more is not an article page.
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5

_HTML_START = re.compile(
    r"<(!doctype\s+html|html|head|body|article|main|div|p|h[1-6]|section)[\s>/]", re.IGNORECASE
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class PageUnreadable(Exception):
    """The page cannot be read, or holds no article text; the message says why."""


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    text: str
    # Two-letter code from the page's markup, None when the page does not say.
    language: str | None
    canonical_url: str | None
    # From the page's `article:section` and `author` (or `article:author`) metadata.
    section: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class FetchedPage:
    content: bytes
    # The charset the server declared, if any.
    charset: str | None
    # Where the page was found in the end, after the redirects that were followed.
    url: str


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


def article_from_page(
    content: bytes,
    charset: str | None = None,
    url: str | None = None,
    *,
    container_selectors: Sequence[str] = DEFAULT_CONTAINER_SELECTORS,
    name: str = "the page",
) -> ExtractedArticle:
    """The article in a page's bytes: an HTML page's container text and metadata, or plain
    text as it is. Raises PageUnreadable when there is no article text."""
    text = decode_html(content, charset)
    if not text.strip():
        raise PageUnreadable(f"{name} is empty.")
    if looks_like_html(text):
        from corrigenda.extraction.html import extract_article

        article = extract_article(text, url, container_selectors=container_selectors)
    else:
        article = ExtractedArticle(None, normalize_article_text(text), None, url)
    if not article.text:
        raise PageUnreadable(f"No article text found in {name}.")
    return article


def read_page(
    source: str, container_selectors: Sequence[str] = DEFAULT_CONTAINER_SELECTORS
) -> ExtractedArticle:
    """The article in a file, `-` (standard input) or an http(s) URL."""
    name = "standard input" if source == "-" else source
    url = source if source.startswith(("http://", "https://")) else None
    if source == "-":
        content, charset = sys.stdin.buffer.read(), None
    elif url is not None:
        page = fetch_page(url)
        content, charset, url = page.content, page.charset, page.url
    elif "://" in source:
        raise PageUnreadable(f"Only http and https addresses can be fetched, not {source!r}.")
    else:
        path = Path(source)
        if not path.exists():
            raise PageUnreadable(f"No such file: {source}")
        if path.is_dir():
            raise PageUnreadable(f"{source} is a folder; give one page (or use --history).")
        content, charset = path.read_bytes(), None
    return article_from_page(
        content, charset, url, container_selectors=container_selectors, name=name
    )


def fetch_page(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT_SECONDS,
    max_bytes: int = MAX_PAGE_BYTES,
    may_visit: Callable[[str], bool] | None = None,
    user_agent: str = "corrigenda",
) -> FetchedPage:
    """GET a page, following at most MAX_REDIRECTS redirects, each only where `may_visit`
    allows (every address, when it is None); a body over `max_bytes` is refused while it
    streams in, and `timeout` bounds each connect and read."""
    import httpx

    with httpx.Client(timeout=timeout, headers={"User-Agent": user_agent}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise PageUnreadable(f"Only http and https addresses can be fetched, not {url!r}.")
            if may_visit is not None and not may_visit(url):
                raise PageUnreadable(f"{url} is not an address this page may be fetched from.")
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise PageUnreadable(
                            f"{url} answered {response.status_code} {response.reason_phrase}."
                        )
                    content = _read_at_most(response, max_bytes, url)
                    return FetchedPage(content, response.charset_encoding, url)
            except httpx.HTTPError as error:
                reason = str(error) or type(error).__name__
                raise PageUnreadable(f"Could not fetch {url}: {reason}") from error
        raise PageUnreadable(f"{url} redirected more than {MAX_REDIRECTS} times.")


def _read_at_most(response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise PageUnreadable(f"{url} is larger than {max_bytes} bytes.")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise PageUnreadable(f"{url} is larger than {max_bytes} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)
