"""Where a request comes from: the one place that reads the client's address, for the
report limits (api.throttling) and the log-in throttle (django-axes,
settings.AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Without trusted proxies (settings.TRUSTED_PROXIES, 0 by
    default) it is the peer's, as the server saw it, and X-Forwarded-For is not read: any
    client can write it. Behind N trusted reverse proxies, each appending the address it
    saw, it is the N-th entry of X-Forwarded-For from the right: what the outermost trusted
    proxy saw. Entries further left are the client's own claims and are never read."""
    peer = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    # Fewer entries than proxies: the request did not come through them all.
    return forwarded[-proxies] if len(forwarded) >= proxies else peer
