"""Where a request comes from: the one place that reads the client's address, for the
log-in throttle (django-axes, settings.AXES_CLIENT_IP_CALLABLE)."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address of the peer that sent the request, as the server saw it. Headers such
    as X-Forwarded-For are not read: any client can write them."""
    return request.META.get("REMOTE_ADDR", "")
