"""Keyset (cursor) pages: each page starts after the last row of the page before it,
found through an index, so a deep page costs what the first one does, and rows added
or removed meanwhile neither repeat nor skip a row that was there all along.

A cursor names a row's sort values and a direction; it travels as an opaque token in
`?cursor=`. The ordering must end in a unique field (the primary key), so no two rows
share a position.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class Cursor:
    """Rows after `values` in the ordering, or before them when `backwards`. Without
    values: from the first row, or (backwards) up to the last one."""

    values: tuple | None = None
    backwards: bool = False

    def encode(self) -> str:
        plain = json.dumps(
            {
                "v": None if self.values is None else [_plain(v) for v in self.values],
                "b": self.backwards,
            },
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(plain.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        """ValueError for anything `encode` did not make."""
        try:
            plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            values, backwards = plain["v"], plain["b"]
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, KeyError):
            raise ValueError(f"not a cursor: {token!r}") from None
        if not isinstance(backwards, bool) or not (values is None or isinstance(values, list)):
            raise ValueError(f"not a cursor: {token!r}")
        return cls(None if values is None else tuple(values), backwards)


LAST = Cursor(None, backwards=True)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    next: Cursor | None
    previous: Cursor | None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def cursor_from(token: str | None) -> Cursor | None:
    """The cursor a query string carries; None (the first page) for none or a garbled one."""
    if not token:
        return None
    try:
        return Cursor.decode(token)
    except ValueError:
        return None


def cursor_after(row: Model, ordering: Sequence[str]) -> Cursor:
    """The cursor of the rows that follow `row`."""
    return Cursor(tuple(getattr(row, name.lstrip("-")) for name in ordering))


def keyset_page(
    queryset: QuerySet,
    ordering: Sequence[str],
    size: int,
    cursor: Cursor | None = None,
    *,
    load: Callable[[list], QuerySet] | None = None,
) -> KeysetPage:
    """Up to `size` rows of `queryset` in `ordering` (field names, "-" for descending,
    the last one unique), from `cursor`; ValueError when the cursor does not fit the
    ordering. `load` reads the rows of the page's primary keys (by default `queryset`
    filtered to them): the whole rows with what goes with them, without the filters."""
    cursor = cursor or Cursor()
    ordering_used = [_reversed(name) if cursor.backwards else name for name in ordering]
    rows = queryset.order_by(*ordering_used)
    if cursor.values is not None:
        rows = rows.filter(_beyond(queryset.model, ordering_used, cursor.values))
    # The page's keys first, without the joins and subqueries of the full rows: when the
    # database must sort the matching rows (a search), it sorts keys, not whole rows.
    keys = list(rows.values_list("pk", flat=True)[: size + 1])
    more = len(keys) > size
    keys = keys[:size]
    loaded = load(keys) if load else queryset.filter(pk__in=keys)
    by_key = {row.pk: row for row in loaded} if keys else {}
    fetched = [by_key[key] for key in keys if key in by_key]
    if cursor.backwards:
        fetched.reverse()
    if not fetched:
        return KeysetPage([], None, None)
    first, last = cursor_after(fetched[0], ordering), cursor_after(fetched[-1], ordering)
    if cursor.backwards:
        return KeysetPage(
            fetched,
            next=last if cursor.values is not None else None,
            previous=Cursor(first.values, backwards=True) if more else None,
        )
    return KeysetPage(
        fetched,
        next=last if more else None,
        previous=Cursor(first.values, backwards=True) if cursor.values is not None else None,
    )


def _reversed(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _beyond(model: type[Model], ordering: Sequence[str], values: tuple) -> Q:
    """Rows past `values` in `ordering`: (a > x) or (a = x and b > y) or ..., with the
    first field's bound (a >= x) in front, which the database can seek an index with."""
    if len(values) != len(ordering):
        raise ValueError("the cursor does not fit this list")
    fields, parsed = [], []
    for name, value in zip(ordering, values, strict=True):
        field = name.lstrip("-")
        try:
            parsed.append(model._meta.get_field(field).to_python(value))
        except ValidationError:
            raise ValueError("the cursor does not fit this list") from None
        fields.append((field, "lt" if name.startswith("-") else "gt"))
    alternatives = []
    for depth, (field, beyond) in enumerate(fields):
        equal = {f: v for (f, _), v in zip(fields[:depth], parsed[:depth], strict=True)}
        alternatives.append(Q(**equal, **{f"{field}__{beyond}": parsed[depth]}))
    (first, beyond), value = fields[0], parsed[0]
    seek = Q(**{f"{first}__{beyond}e": value})
    return seek & reduce(lambda a, b: a | b, alternatives)


def rows_before(queryset: QuerySet, ordering: Sequence[str], row: Model) -> int:
    """How many rows of `queryset` come before `row` in `ordering`: a page's start index."""
    backwards = [_reversed(name) for name in ordering]
    values = cursor_after(row, ordering).values
    return queryset.filter(_beyond(queryset.model, backwards, values)).count()
