"""`timestamptz` values read by psycopg's C loader instead of Django's Python one.

Django's PostgreSQL backend (5.2) reads every `timestamptz` value through its own loader, a
subclass of psycopg's pure-Python `TimestamptzLoader` that parses the text and then replaces the
result's time zone with the connection's (`django.db.backends.postgresql.psycopg_any`). With
psycopg's C implementation installed (`psycopg[binary]`), that means every date-time of a page
(a list of claims has about 130) is parsed in Python, about ten times slower than psycopg's C
loader would parse it.

The C loader gives the same value when the session's time zone is the one Django reads values
in: it converts each value to the session's zone (`connection.info.timezone`, the same `tzinfo`
object Django uses: `datetime.timezone.utc` for UTC, the cached `ZoneInfo` otherwise), and
Django sets the session's zone to its own when it connects. So when a connection is made and
its session's zone is Django's, its timestamptz loader becomes the C one. Anything else (naive
date-times with `USE_TZ = False`, a session in another zone, psycopg without its C
implementation) keeps Django's loader. Django's `create_cursor` compares the connection's
loader's `timezone` with its current one and puts its own loader on the cursor when they
differ (after a test changes the time zone, say): the loader registered here carries the zone
it was registered for, so that check keeps working.
"""

from __future__ import annotations

import functools
from datetime import tzinfo
from typing import Any

from psycopg import adapters
from psycopg.abc import AdaptContext
from psycopg.adapt import Loader
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader as PythonTimestamptzLoader

TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid

# psycopg's default timestamptz loader: the C one when psycopg's C implementation is installed.
_DEFAULT_LOADER: type[Loader] = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)  # type: ignore[assignment]


def c_loader_available() -> bool:
    """Whether psycopg reads timestamptz values in C (its binary or C implementation)."""
    return not issubclass(_DEFAULT_LOADER, PythonTimestamptzLoader)


@functools.cache
def _c_timestamptz_loader(zone: tzinfo) -> type:
    """A loader class for the connection's adapters that makes psycopg's C loader.

    The C loader's class cannot be subclassed, and Django reads a `timezone` attribute from
    whatever class is registered; this class carries it, and calling it makes the C loader
    itself, so psycopg's row loading keeps its C path (it calls the class once per cursor and
    column, then uses the instance it got).
    """

    def make(cls: type, oid: int, context: AdaptContext | None = None) -> Any:
        return _DEFAULT_LOADER(oid, context)

    return type(
        "CTimestamptzLoader",
        (),
        {
            "__doc__": f"psycopg's C timestamptz loader, registered for {zone}.",
            "__new__": make,
            "format": Format.TEXT,
            "timezone": zone,
        },
    )


def use_c_timestamptz_loader(sender: object, connection: Any, **kwargs: object) -> None:
    """`connection_created` receiver: read the new connection's timestamptz values in C when
    that gives what Django's loader would (see the module's docstring)."""
    if connection.vendor != "postgresql" or not c_loader_available():
        return
    zone = connection.timezone  # None when USE_TZ is off: Django's loader makes them naive
    if zone is None:
        return
    database_connection = connection.connection
    if database_connection.info.timezone is not zone:
        return
    loader = _c_timestamptz_loader(zone)
    # A pooled connection is handed out again and again: register once.
    if database_connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) is not loader:
        database_connection.adapters.register_loader(TIMESTAMPTZ_OID, loader)
