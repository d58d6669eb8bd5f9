"""Page furniture that leaked into the article body: related-stories boxes, "Read
more", newsletter prompts, share bars, the site's "suggest a correction" footer.

With the site's other articles (`site_history`), a line found in several of them is
boilerplate. Without them, three single-page signs: a navigation label standing alone as
a line (or leading one, "Read more: ..."), the headlines right under such a label, and a
short headline-like line repeated word for word. Neighbouring furniture lines (only blank
lines between them) are reported as one block: one finding, its span the whole block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corrigenda.checks.findings import Finding, Words, gettext_noop, ngettext_noop
from corrigenda.checks.words import Paragraph, paragraphs

RULE = "boilerplate"
# Seen in this many other articles of the site, a line is furniture rather than prose.
MIN_ARTICLES_SHARING_LINE = 3
MAX_HEADLINE_WORDS = 14
# A related-stories box holds a few headlines (and maybe a teaser), no more.
MAX_BOX_LINES = 5
# A teaser is a sentence or two; a longer paragraph is the article going on.
MAX_TEASER_WORDS = 40

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


@dataclass(frozen=True)
class _Furniture:
    """One line of the article that reads as page furniture, and why."""

    start: int
    end: int
    reason: str  # "shared", "label", "headline", "teaser", "repeated"
    shared: int = 0
    related: tuple[int, int] | None = None


def _furniture_lines(text: str, counts: Mapping[str, int]) -> list[_Furniture]:
    paras = list(paragraphs(text))
    # Blank lines between paragraphs: a box's lines then follow each other directly.
    blank_separated = "\n\n" in text
    found: list[_Furniture] = []
    first_seen: dict[str, tuple[int, int]] = {}
    index = 0
    while index < len(paras):
        para = paras[index]
        index += 1
        if not para.text.strip():
            continue
        span = (para.start, para.start + len(para.text))
        key = _line_key(para.text)
        shared = counts.get(key, 0)
        is_label = _is_navigation_label(para.text)
        if shared >= MIN_ARTICLES_SHARING_LINE:
            found.append(_Furniture(*span, "shared", shared))
        elif is_label:
            found.append(_Furniture(*span, "label"))
        elif key in first_seen and _is_headline_like(para.text):
            found.append(_Furniture(*span, "repeated", related=first_seen[key]))
        # A label standing alone ("Related stories", even one the site's other articles
        # share) heads a box: the headlines (and, where paragraphs are separated by blank
        # lines, the teaser) on the lines right after it.
        if is_label and key.strip(_LABEL_PUNCTUATION) in NAVIGATION_LABELS:
            taken = 0
            box_keys = []
            while index < len(paras) and paras[index].text.strip() and taken < MAX_BOX_LINES:
                following = paras[index]
                if not (blank_separated or _is_headline_like(following.text)):
                    break
                if _is_navigation_label(following.text):
                    break
                end = following.start + len(following.text)
                also = counts.get(_line_key(following.text), 0)
                if also >= MIN_ARTICLES_SHARING_LINE:
                    found.append(_Furniture(following.start, end, "shared", also))
                else:
                    found.append(_Furniture(following.start, end, "headline"))
                first_seen.setdefault(_line_key(following.text), (following.start, end))
                box_keys.append(_line_key(following.text))
                taken += 1
                index += 1
            # A card gives its headline twice (the picture's link and the title's) and its
            # teaser right under it, even where paragraphs are single lines.
            teaser = None
            if len(box_keys) > len(set(box_keys)) and index < len(paras):
                teaser = _teaser(paras[index])
            if teaser is not None:
                found.append(teaser)
                index += 1
        first_seen.setdefault(key, span)
    return found


def _teaser(para: Paragraph) -> _Furniture | None:
    words = para.text.split()
    if not words or len(words) > MAX_TEASER_WORDS or _is_navigation_label(para.text):
        return None
    return _Furniture(para.start, para.start + len(para.text), "teaser")


def _blocks(text: str, lines: list[_Furniture]) -> list[list[_Furniture]]:
    """Furniture lines with nothing but blank lines between them form one block."""
    blocks: list[list[_Furniture]] = []
    for line in lines:
        if blocks and not text[blocks[-1][-1].end : line.start].strip():
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _why(text: str, block: list[_Furniture]) -> Words:
    parts = []
    labels = [
        line
        for line in block
        if line.reason == "label"
        or (
            line.reason == "shared"
            and _line_key(text[line.start : line.end]).strip(_LABEL_PUNCTUATION)
            in NAVIGATION_LABELS
        )
    ]
    headlines = sum(1 for line in block if line.reason == "headline")
    teaser = any(line.reason == "teaser" for line in block)
    for label in labels:
        name = text[label.start : label.end]
        if not headlines:
            parts.append(Words(gettext_noop("a navigation label (“%(label)s”)"), {"label": name}))
            continue
        box = (
            ngettext_noop(
                "a “%(label)s” box with the %(count)d line and a teaser under it",
                "a “%(label)s” box with the %(count)d lines and a teaser under it",
            )
            if teaser
            else ngettext_noop(
                "a “%(label)s” box with the %(count)d line under it",
                "a “%(label)s” box with the %(count)d lines under it",
            )
        )
        parts.append(Words.counted(box, headlines, {"label": name}))
    shared = [line for line in block if line.reason == "shared" and line not in labels]
    if shared:
        # A shared line is in at least MIN_ARTICLES_SHARING_LINE other articles.
        most = max(line.shared for line in shared)
        articles = Words.counted(
            ngettext_noop(
                "up to %(count)d other article of this site",
                "up to %(count)d other articles of this site",
            ),
            most,
        )
        if len(shared) == 1:
            parts.append(
                Words(
                    gettext_noop(
                        "a line that also appears in %(articles)s "
                        "(share bar, sign-up prompt, footer)"
                    ),
                    {"articles": articles},
                )
            )
        else:
            # Two or more lines; the singular is for languages that say 21 like 1.
            lines = ngettext_noop(
                "%(count)d line that also appears in %(articles)s "
                "(share bar, sign-up prompt, footer)",
                "%(count)d lines that also appear in %(articles)s "
                "(share bar, sign-up prompt, footer)",
            )
            parts.append(Words.counted(lines, len(shared), {"articles": articles}))
    repeated = sum(1 for line in block if line.reason == "repeated")
    if repeated:
        parts.append(
            Words(
                gettext_noop(
                    "a headline-like line repeated word for word, as related-article links are"
                )
            )
        )
    listed = parts[-1]
    for part in reversed(parts[:-1]):
        # Translators: two kinds of page furniture found in one block, listed.
        listed = Words(gettext_noop("%(first)s; %(then)s"), {"first": part, "then": listed})
    return Words(
        gettext_noop("Page furniture inside the article body: %(found)s."), {"found": listed}
    )


def check_boilerplate(text: str, site_history: SiteHistory | None = None) -> list[Finding]:
    """One finding per leaked block: a related-stories box with its headlines, a run of
    lines the site's other articles share (share bar, newsletter prompt, "suggest a
    correction" footer), or a single such line."""
    if site_history is None:
        counts: Mapping[str, int] = {}
    elif isinstance(site_history, Mapping):
        counts = site_history
    else:
        counts = line_counts(site_history)
    findings = []
    for block in _blocks(text, _furniture_lines(text, counts)):
        related = next((line.related for line in block if line.related), None)
        start, end = block[0].start, block[-1].end
        first, last = text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1
        why = _why(text, block)
        if first == last:
            reason = Words(
                gettext_noop("Paragraph %(number)s: %(problem)s"), {"number": first, "problem": why}
            )
        else:
            reason = Words(
                gettext_noop("Paragraphs %(first)s to %(last)s: %(problem)s"),
                {"first": first, "last": last, "problem": why},
            )
        findings.append(
            Finding(
                RULE,
                (start, end),
                str(why),
                related=related,
                reason=str(reason),
                message_words=why,
                reason_words=reason,
            )
        )
    return findings
