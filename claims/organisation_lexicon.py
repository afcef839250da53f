"""The organisations the text pipeline knows when it reads a page, read once per process and
again only when they change.

Every document extracted needs every stored organisation with its aliases; reading them all for
each document costs more than extracting it once a newsroom has thousands. A counter in the
database (`sources_entity_organisation_names_version`, a sequence moved by triggers whenever an
organisation is created, renamed, given aliases or deleted) says when to read them again.

A change made by a transaction still open when the organisations were read is invisible to that
read, though the counter already moved: so a read is trusted for good only once every
transaction open at the time has ended and a second read finds the counter where the first one
did (until then each document reads them again, as it did before this cache).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection

from newstext.names import ORGANISATION, NamedEntity
from sources.models import Entity

_STATE_SQL = (
    "SELECT last_value + (CASE WHEN is_called THEN 1 ELSE 0 END), "
    "pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
    "pg_snapshot_xmax(pg_current_snapshot())::text::bigint "
    "FROM sources_entity_organisation_names_version"
)


@dataclass(frozen=True)
class _Loaded:
    organisations: tuple[NamedEntity, ...]
    database: str
    version: int
    # Transactions with ids below this one may have been open, their changes unseen.
    open_before: int
    final: bool


_lock = threading.Lock()
_loaded: _Loaded | None = None


def known_organisations() -> tuple[NamedEntity, ...]:
    """The organisations stored so far, with their aliases: what the text pipeline may know
    about organisations a page names without defining them."""
    global _loaded
    with _lock:
        version, oldest_open, _next = _state()
        loaded = _loaded
        if (
            loaded is not None
            and loaded.database == connection.settings_dict["NAME"]
            and loaded.version == version
        ):
            if loaded.final:
                return loaded.organisations
            if oldest_open < loaded.open_before:
                return _read(version, final=False).organisations  # still unsettled
            # Every transaction open at the last read has ended: a read now, with the counter
            # unmoved since, sees every change the counter counted.
            _loaded = _read(version, final=True)
            return _loaded.organisations
        _loaded = _read(version, final=False)
        return _loaded.organisations


def _state() -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        return cursor.fetchone()


def _organisations() -> tuple[NamedEntity, ...]:
    rows = Entity.objects.filter(kind=ORGANISATION).values_list("name", "aliases")
    return tuple(NamedEntity(name, ORGANISATION, tuple(aliases or ())) for name, aliases in rows)


def _read(version: int, *, final: bool) -> _Loaded:
    organisations = _organisations()
    _version, _oldest_open, next_id = _state()
    return _Loaded(
        organisations,
        connection.settings_dict["NAME"],
        version,
        next_id,
        final and _version == version,
    )


def forget() -> None:
    """Drop the cached organisations (the next document reads them again)."""
    global _loaded
    with _lock:
        _loaded = None
