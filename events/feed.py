"""Reading the change feed from any point without missing or repeating an event.

Events are numbered as they are written, but transactions commit in another order: a long
transaction's events (low numbers) become visible after a short one's (high numbers), so "give
me what is after number N" would skip them. The feed therefore works with PostgreSQL
transaction snapshots. A cursor says "you have every event of the transactions visible in
snapshot S" (plus, within one batch, how far along the next snapshot's events you are). The next
batch is the events whose transaction is visible in a newer snapshot U but was not in S: exactly
the transactions that committed in between, however their ids and numbers compare. Within a
batch the order is (transaction id, event id), so a transaction's events stay together, in
order. Nothing waits for long transactions, and an open transaction's events simply arrive in
the batch after it commits. The feed must read from the primary, whose snapshots these are.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections

from events.models import Event

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
_SNAPSHOT = re.compile(r"^(\d{1,19}):(\d{1,19}):((?:\d{1,19})(?:,\d{1,19})*)?$")
_MAX_XID8 = 2**63 - 1
_MAX_IN_PROGRESS = 10_000


class InvalidCursor(ValueError):
    """A cursor that this feed did not hand out."""


@dataclass(frozen=True)
class Cursor:
    """Seen: every event of transactions visible in `seen`; and, when `upper` is set, the
    events visible in `upper` (but not in `seen`) up to and including key `last`. `upper` and
    `last` are set together or not at all."""

    seen: str | None = None
    upper: str | None = None
    last: tuple[int, int] | None = None

    def encode(self) -> str:
        data: dict[str, Any] = {"s": self.seen}
        if self.last is not None:
            data.update(u=self.upper, k=list(self.last))
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            data = json.loads(
                base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
            )
            if not isinstance(data, dict) or set(data) - {"s", "u", "k"}:
                raise InvalidCursor("unknown cursor shape")
            seen = _snapshot(data.get("s"))
            upper = _snapshot(data.get("u"))
            last = data.get("k")
            if (upper is None) != (last is None):
                raise InvalidCursor("incomplete cursor")
            if last is not None:
                if (
                    not isinstance(last, list)
                    or len(last) != 2
                    or not all(type(v) is int and 0 <= v <= _MAX_XID8 for v in last)
                ):
                    raise InvalidCursor("bad position")
                last = (last[0], last[1])
            return cls(seen=seen, upper=upper, last=last)
        except (ValueError, UnicodeError, binascii.Error, TypeError) as error:
            raise InvalidCursor(str(error)) from error


def _snapshot(value: object) -> str | None:
    """A `pg_snapshot` text, checked as PostgreSQL would (so the cast cannot fail)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidCursor("bad snapshot")
    match = _SNAPSHOT.match(value)
    if not match:
        raise InvalidCursor("bad snapshot")
    xmin, xmax = int(match[1]), int(match[2])
    in_progress = [int(x) for x in match[3].split(",")] if match[3] else []
    if (
        not 1 <= xmin <= xmax <= _MAX_XID8
        or len(in_progress) > _MAX_IN_PROGRESS
        or any(not xmin <= x < xmax for x in in_progress)
        or in_progress != sorted(set(in_progress))
    ):
        raise InvalidCursor("bad snapshot")
    return value


@dataclass(frozen=True)
class FeedPage:
    events: list[Event]
    next_cursor: Cursor
    more: bool


def current_snapshot() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def read_feed(
    cursor: Cursor | None,
    *,
    resources: Iterable[str],
    types: Iterable[str] = (),
    limit: int = DEFAULT_PAGE_SIZE,
) -> FeedPage:
    """The events after `cursor` (from the start when None), at most `limit`, restricted to
    `resources` and, if given, event `types` ("claim.published")."""
    cursor = cursor or Cursor()
    upper = cursor.upper or current_snapshot()
    conditions = [
        "e.txid < pg_snapshot_xmax(%(upper)s::pg_snapshot)",
        "pg_visible_in_snapshot(e.txid, %(upper)s::pg_snapshot)",
        "e.resource = ANY(%(resources)s)",
    ]
    params = {"upper": upper, "resources": list(resources), "limit": limit + 1}
    if cursor.seen is not None:
        conditions += [
            "e.txid >= pg_snapshot_xmin(%(seen)s::pg_snapshot)",
            "NOT pg_visible_in_snapshot(e.txid, %(seen)s::pg_snapshot)",
        ]
        params["seen"] = cursor.seen
    if cursor.last is not None:
        conditions.append("(e.txid, e.id) > (%(last_txid)s::text::xid8, %(last_id)s)")
        params.update(last_txid=str(cursor.last[0]), last_id=cursor.last[1])
    types = list(types)
    if types:
        conditions.append("(e.resource || '.' || e.action) = ANY(%(types)s)")
        params["types"] = types
    sql = (
        "SELECT e.* FROM events_event e WHERE "
        + " AND ".join(conditions)
        + " ORDER BY e.txid, e.id LIMIT %(limit)s"
    )
    events = list(Event.objects.using("default").raw(sql, params))
    more = len(events) > limit
    events = events[:limit]
    if more:
        last = events[-1]
        next_cursor = Cursor(seen=cursor.seen, upper=upper, last=(last.txid, last.id))
    else:
        next_cursor = Cursor(seen=upper)
    return FeedPage(events=events, next_cursor=next_cursor, more=more)
