"""The one spelling of values a site is configured with, whoever sets them (the desk's
forms, the CLI, the services): origins as browsers send them, language tags as usually
written."""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

# Browsers leave the default port out of the Origin header they send.
DEFAULT_PORTS = {"http": 80, "https": 443}
# A primary language subtag, then subtags such as a script or region: en, uk, pt-BR, zh-Hant-TW.
HOST = re.compile(r"\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", re.IGNORECASE)


def canonical_origin(line: str) -> str:
    """The origin as browsers send it (lower case, no default port), or ValueError when the
    line is not `scheme://host[:port]` with http or https."""
    try:
        parts = urlsplit(line)
        port = parts.port
    except ValueError:
        raise ValueError(_("its host or port cannot be read")) from None
    if parts.scheme.lower() not in DEFAULT_PORTS:
        raise ValueError(_("it must start with http:// or https://"))
    if parts.path not in ("", "/") or parts.query or parts.fragment or "?" in line or "#" in line:
        raise ValueError(_("an origin has no path, query or fragment"))
    if port == 0:
        raise ValueError(_("its port is not a number from 1 to 65535"))
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    else:
        try:
            # Browsers send an international host name in its ASCII (punycode) form.
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = ""
    if not HOST.fullmatch(host) or parts.username is not None or parts.password is not None:
        raise ValueError(_("it needs a host name such as news.example.org, and nothing else"))
    scheme = parts.scheme.lower()
    return f"{scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[scheme] else "")


def canonical_language(tag: str) -> str:
    """The tag in its usual spelling: pt-br (or pt_BR) becomes pt-BR, zh-hant zh-Hant;
    ValueError when it is not a language tag."""
    tag = tag.strip().replace("_", "-")
    if not LANGUAGE_TAG.fullmatch(tag):
        raise ValueError(
            _("“%(tag)s” is not a language tag such as en, uk or pt-BR") % {"tag": tag}
        )
    primary, *rest = tag.split("-")
    subtags = [primary.lower()]
    for subtag in rest:
        if len(subtag) == 2 and subtag.isalpha():
            subtags.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            subtags.append(subtag.title())
        else:
            subtags.append(subtag.lower())
    return "-".join(subtags)


def origin_of_url(url: str) -> str | None:
    """The origin a page at `url` has, in canonical form; None when it has none."""
    try:
        parts = urlsplit(url)
        return canonical_origin(f"{parts.scheme}://{parts.netloc}")
    except ValueError:
        return None
