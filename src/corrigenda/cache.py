"""The local cache backend used when no Redis is configured."""

from diskcache import DjangoCache


class PersistentDiskCache(DjangoCache):
    """diskcache's Django backend, kept open between requests.

    Django closes every cache after each request; for diskcache that closes and reopens
    an SQLite connection (with a WAL checkpoint) per request, which costs more than the
    rate-limit check itself. Its connections belong to one thread each and are safe to keep.
    """

    def close(self, **kwargs) -> None:
        pass
