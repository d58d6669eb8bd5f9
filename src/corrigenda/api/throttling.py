"""Who a reader's browser is, without tracking it, and how often it may report.

Three ceilings, each a sliding window counted in the shared cache (Redis when REDIS_URL is
set, so they hold across server processes and machines): reports per client and site,
per site, and per article. A client is its address (corrigenda.clients), never a header
the sender picks freely, such as its User-Agent.
"""

import hashlib
import threading
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from corrigenda.anchoring.text import content_hash
from corrigenda.clients import client_address

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'30/h' -> (30, 3600); '5/10m' -> (5, 600)."""
    count, _, period = rate.partition("/")
    unit = period[-1:]
    if not count.isdigit() or unit not in _SECONDS:
        raise ValueError(f"Rate {rate!r} is not of the form '30/h' (units s, m, h, d).")
    multiple = int(period[:-1]) if period[:-1].isdigit() else 1
    return int(count), multiple * _SECONDS[unit]


def client_hash(request: HttpRequest, site_key: str) -> str:
    """A daily-changing hash of the client's address: enough to rate-limit and spot
    floods, useless for following a reader across days or sites."""
    material = [settings.SECRET_KEY, date.today().isoformat(), site_key, client_address(request)]
    return hashlib.sha256("|".join(material).encode()).hexdigest()


def wait_after_one_more(key: str, rate: str) -> float | None:
    """Count one more event under `key` against `rate`; None while within it, else the
    seconds to wait. A sliding window counter: this window's count plus the last one's,
    weighted by how much of it still overlaps, so crossing a window's edge lets no burst
    through. Counts are atomic in the cache, so concurrent processes never let more
    through than the rate; a refused event is not counted."""
    limit, window = parse_rate(rate)
    now = time.time()
    window_start = now - now % window
    bucket = f"rate:{key}:{int(window_start)}"
    cache.add(bucket, 0, timeout=2 * window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # the window's entry expired between the two calls
        cache.add(bucket, 1, timeout=2 * window + 1)
        count = 1
    before = cache.get(f"rate:{key}:{int(window_start - window)}", 0)
    overlap = 1 - (now - window_start) / window
    if before * overlap + count <= limit:
        return None
    cache.decr(bucket)
    # Until the last window's share has faded enough, at most until this window ends.
    return window_start + window - now


def article_report_wait(site_key: str, canonical_url: str) -> float | None:
    """Count one more report on the article: however many clients send them, one article
    takes at most ARTICLE_REPORT_RATE_LIMIT."""
    key = f"article:{site_key}:{content_hash(canonical_url)}"
    return wait_after_one_more(key, settings.ARTICLE_REPORT_RATE_LIMIT)


class ReporterThrottle(BaseThrottle):
    """At most REPORT_RATE_LIMIT reports per client and site, and SITE_REPORT_RATE_LIMIT
    per site from all clients together.

    Ninja keeps one throttle object per operation and server threads share it, so
    per-request state lives in a thread-local rather than on the instance.
    """

    _request_state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        site_key = (
            request.resolver_match.kwargs.get("site_key", "") if request.resolver_match else ""
        )
        ceilings = (
            (f"client:{client_hash(request, site_key)}", settings.REPORT_RATE_LIMIT),
            (f"site:{site_key}", settings.SITE_REPORT_RATE_LIMIT),
        )
        for key, rate in ceilings:
            wait = wait_after_one_more(key, rate)
            if wait is not None:
                self._request_state.wait = wait
                return False
        return True

    def wait(self) -> float | None:
        return getattr(self._request_state, "wait", None)
