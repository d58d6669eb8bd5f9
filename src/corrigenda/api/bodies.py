"""Request bodies sent gzip-compressed (`Content-Encoding: gzip`), inflated with a hard cap.

The widget compresses long articles so their reports fit under the wire limit; the
per-site middleware inflates them and the API's parser reads the inflated bytes.
"""

import json
import zlib

from django.http import HttpRequest
from ninja.parser import Parser

# zlib's wbits for a gzip header and trailer (not raw deflate, not zlib).
GZIP_WBITS = 16 + zlib.MAX_WBITS


class MalformedBody(ValueError):
    """The body is not a complete, valid gzip stream."""


class InflatedBodyTooLarge(ValueError):
    """The body inflates to more than the limit."""


def inflate_gzip(body: bytes, limit: int) -> bytes:
    """The gzip `body` inflated, never holding more than `limit` + 1 inflated bytes."""
    inflater = zlib.decompressobj(GZIP_WBITS)
    try:
        inflated = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise MalformedBody(str(error)) from None
    if len(inflated) > limit:
        raise InflatedBodyTooLarge
    # Truncated streams and bytes after the gzip trailer are not what any browser sends.
    if not inflater.eof or inflater.unused_data:
        raise MalformedBody("the gzip stream is incomplete or has trailing bytes")
    return inflated


class InflatedBodyParser(Parser):
    """Ninja's JSON parser, reading the inflated body when the middleware left one."""

    def parse_body(self, request: HttpRequest) -> dict:
        return json.loads(getattr(request, "inflated_body", request.body))
