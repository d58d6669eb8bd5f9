"""Who a reader's browser is, without tracking it, and how often it may report."""

import hashlib
import threading
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

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
    """A daily-changing hash of address and browser: enough to rate-limit and spot
    floods, useless for following a reader across days or sites."""
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    material = "|".join([settings.SECRET_KEY, date.today().isoformat(), site_key, address, agent])
    return hashlib.sha256(material.encode()).hexdigest()


class ReporterThrottle(BaseThrottle):
    """At most REPORT_RATE_LIMIT reports per client and site, in a sliding window kept
    in the shared cache.

    Ninja keeps one throttle object per operation and server threads share it, so
    per-request state lives in a thread-local rather than on the instance.
    """

    _request_state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit, window = parse_rate(settings.REPORT_RATE_LIMIT)
        site_key = (
            request.resolver_match.kwargs.get("site_key", "") if request.resolver_match else ""
        )
        key = f"report-rate:{client_hash(request, site_key)}"
        now = time.time()
        history = [t for t in cache.get(key, []) if t > now - window]
        if len(history) >= limit:
            self._request_state.wait = window - (now - min(history))
            return False
        history.append(now)
        cache.set(key, history, window)
        return True

    def wait(self) -> float | None:
        return getattr(self._request_state, "wait", None)
