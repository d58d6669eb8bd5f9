"""Widget payloads as a browser builds them, and row counts to prove nothing was stored."""

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
