"""Widget payloads as a browser builds them, and row counts to prove nothing was stored."""

import random
import uuid

from corrigenda.reports.models import Article, Event, Issue, Report, Revision

ARTICLE_URL = "https://news.example.org/2024/bridge-reopens"
ARTICLE_TEXT = (
    "The bridge reopens on Monday after the the repairs.\n"
    "The mayor said the works cost 4 million euros.\n"
    "Traffic will return to normal by the end of the month."
)


def utf16_len(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def report_payload(exact="the the", text=ARTICLE_TEXT, *, occurrence=0, **fields) -> dict:
    """A widget payload quoting the `occurrence`-th `exact` in `text`, with UTF-16 offsets."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(exact, at + 1)
    start = utf16_len(text[:at])
    payload = {
        "url": ARTICLE_URL + "?utm_source=feed",
        "canonical_url": ARTICLE_URL,
        "title": "Bridge reopens",
        "language": "en",
        "text": text,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": exact,
                "prefix": text[max(0, at - 32) : at],
                "suffix": text[at + len(exact) : at + len(exact) + 32],
            },
            {"type": "TextPositionSelector", "start": start, "end": start + utf16_len(exact)},
        ],
        "kind": "typo",
        "suggestion": "",
        "comment": "",
        "email": "",
        "idempotency_key": uuid.uuid4().hex,
        "website": "",
    }
    payload.update(fields)
    return payload


def reports_url(site_or_key) -> str:
    key = getattr(site_or_key, "key", site_or_key)
    return f"/api/v1/sites/{key}/reports"


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Report, Issue, Article, Revision, Event)
    }


UKRAINIAN_WORDS = (
    "міська рада ухвалила бюджет на наступний рік після довгого обговорення депутати "
    "погодили витрати на ремонт мосту школи лікарні та дороги мер заявив що роботи "
    "почнуться навесні а завершаться до кінця осені мешканці району просили більше "
    "зупинок громадського транспорту освітлення парків і нових велосипедних доріжок"
)


def long_ukrainian_article(utf8_bytes: int, seed: int = 7) -> str:
    """Paragraphs of Ukrainian words, about `utf8_bytes` long in UTF-8, with the the typo."""
    vocabulary, words = UKRAINIAN_WORDS.split(), random.Random(seed)
    paragraphs, size = ["Міст відкриють у понеділок після the the ремонту."], 0
    while size < utf8_bytes:
        paragraph = " ".join(words.choices(vocabulary, k=60)).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    return "\n".join(paragraphs)
