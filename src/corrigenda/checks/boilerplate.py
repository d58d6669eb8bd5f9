"""Page furniture that leaked into the article body: related headlines, "Read more",
newsletter prompts.

With the site's other articles (`site_history`), a line found in several of them is
boilerplate. Without them, two single-page signs: a navigation label standing alone as
a line (or leading one, "Read more: ..."), and a short headline-like line repeated word
for word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from corrigenda.checks.findings import Finding
from corrigenda.checks.words import paragraphs

RULE = "boilerplate"
# Seen in this many other articles of the site, a line is furniture rather than prose.
MIN_ARTICLES_SHARING_LINE = 3
MAX_HEADLINE_WORDS = 14

NAVIGATION_LABELS = frozenset(
    {
        "read more",
        "read also",
        "see also",
        "related",
        "related stories",
        "related articles",
        "related content",
        "more on this story",
        "most read",
        "most popular",
        "top stories",
        "latest news",
        "sign up for our newsletter",
        "subscribe to our newsletter",
        "advertisement",
        "share this article",
        "follow us",
        "читайте також",
        "також читайте",
        "читайте більше",
        "дивіться також",
        "найпопулярніше",
        "найчитаніше",
        "останні новини",
        "реклама",
        "підпишіться на нашу розсилку",
        "підписуйтеся на наш канал",
        "читайте также",
        "также читайте",
        "смотрите также",
        "самое читаемое",
        "популярное",
        "последние новости",
        "подпишитесь на нашу рассылку",
        "подписывайтесь на наш канал",
    }
)
_LABEL_PUNCTUATION = " :.!»>→|-–—•·"
_LABEL_PREFIX = re.compile(r"^\s*([^:|→>]{3,40})\s*[:|→>]\s*\S")

SiteHistory = Sequence[str] | Mapping[str, int]


def line_counts(texts: Sequence[str]) -> dict[str, int]:
    """For each line, how many of these article texts contain it (precompute once per site)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({_line_key(line) for line in text.split("\n") if line.strip()})
    return dict(counts)


def _line_key(line: str) -> str:
    return " ".join(line.lower().split())


def _is_navigation_label(line: str) -> bool:
    key = _line_key(line).strip(_LABEL_PUNCTUATION)
    if key in NAVIGATION_LABELS:
        return True
    prefix = _LABEL_PREFIX.match(line)
    return prefix is not None and _line_key(prefix.group(1)) in NAVIGATION_LABELS


def _is_headline_like(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= MAX_HEADLINE_WORDS and not stripped.endswith((".", ",", ";"))


def check_boilerplate(text: str, site_history: SiteHistory | None = None) -> list[Finding]:
    if site_history is None:
        counts: Mapping[str, int] = {}
    elif isinstance(site_history, Mapping):
        counts = site_history
    else:
        counts = line_counts(site_history)
    findings = []
    first_seen: dict[str, tuple[int, int]] = {}
    for para in paragraphs(text):
        if not para.text:
            continue
        span = (para.start, para.start + len(para.text))
        key = _line_key(para.text)
        shared = counts.get(key, 0)
        if shared >= MIN_ARTICLES_SHARING_LINE:
            findings.append(
                Finding(
                    RULE, span, f"This line also appears in {shared} other articles of the site."
                )
            )
        elif _is_navigation_label(para.text):
            findings.append(Finding(RULE, span, "A navigation label inside the article body."))
        elif key in first_seen and _is_headline_like(para.text):
            findings.append(
                Finding(
                    RULE,
                    span,
                    "A headline-like line repeated word for word: likely a related-article link.",
                    related=first_seen[key],
                )
            )
        first_seen.setdefault(key, span)
    return findings
