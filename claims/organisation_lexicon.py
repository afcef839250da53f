"""The organisations the text pipeline knows when it reads a page, read once per process and
again only when they change.

Every document extracted needs every stored organisation with its aliases; reading them all for
each document costs more than extracting it once a newsroom has thousands. A counter in the
database (`sources_entity_organisation_names_version`, a sequence moved by triggers whenever an
organisation is created, renamed, given aliases or deleted) says when to read them again.

A change made by a transaction still open when the organisations were read is invisible to that
read, though the counter already moved: so a read is trusted for good only when no transaction
that had written to this database was open as it began, or once every such transaction has ended
and a second read finds the counter where the first one did (until then each document reads them
again, as it did before this cache). Only this database's writers count: the counter moves in
the triggers of a write (an organisation stored, renamed or deleted), which gives the writing
transaction its id first, and transactions elsewhere on the server cannot change these rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection

from newstext.names import ORGANISATION, NamedEntity
from sources.models import Entity

_VERSION = "last_value + (CASE WHEN is_called THEN 1 ELSE 0 END)"
_VERSION_SQL = f"SELECT {_VERSION} FROM sources_entity_organisation_names_version"
_STATE_SQL = (
    f"SELECT {_VERSION}, "
    # The transactions of this database holding a transaction id, i.e. that have written (this
    # session's own included: its uncommitted changes may yet roll back), each as pid:xid; and
    # prepared transactions waiting for their commit. Inside a transaction PostgreSQL keeps its
    # first view of the other sessions until the transaction ends (a later writer would go
    # unseen): `fresh` drops it first (OFFSET 0 keeps it a row of its own), and the list,
    # depending on it, is read after.
    "ARRAY(SELECT a.pid::text || ':' || a.backend_xid::text "
    "FROM pg_stat_get_activity(NULL) a "
    "WHERE fresh AND a.backend_xid IS NOT NULL "
    "AND a.datid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "UNION ALL SELECT 'prepared:' || p.transaction::text FROM pg_prepared_xacts p "
    "WHERE fresh AND p.database = current_database()) "
    "FROM sources_entity_organisation_names_version, "
    "(SELECT true FROM pg_stat_clear_snapshot() OFFSET 0) AS cleared(fresh)"
)


@dataclass(frozen=True)
class _Loaded:
    organisations: tuple[NamedEntity, ...]
    database: str
    version: int
    # Writing transactions open as the read began: their changes may be missing from it.
    hiding: frozenset[str]
    final: bool


_lock = threading.Lock()
_loaded: _Loaded | None = None


def known_organisations() -> tuple[NamedEntity, ...]:
    """The organisations stored so far, with their aliases: what the text pipeline may know
    about organisations a page names without defining them."""
    global _loaded
    with _lock:
        version, writers = _state()
        loaded = _loaded
        if (
            loaded is not None
            and loaded.database == connection.settings_dict["NAME"]
            and loaded.version == version
        ):
            if loaded.final:
                return loaded.organisations
            # Writers open now but not at the last read have not moved the counter since: only
            # those it saw open may still hide a change.
            _loaded = _read(version, hiding=loaded.hiding & writers)
            return _loaded.organisations
        _loaded = _read(version, hiding=writers)
        return _loaded.organisations


def _state() -> tuple[int, frozenset[str]]:
    """The counter, and the writing transactions open in this database."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        version, writers = cursor.fetchone()
        return version, frozenset(writers)


def _organisations() -> tuple[NamedEntity, ...]:
    rows = Entity.objects.filter(kind=ORGANISATION).values_list("name", "aliases")
    return tuple(NamedEntity(name, ORGANISATION, tuple(aliases or ())) for name, aliases in rows)


def _read(version: int, *, hiding: frozenset[str]) -> _Loaded:
    """The organisations now; trusted for good when no writer in `hiding` (open before the read
    began) may have hidden a change and the counter did not move during the read."""
    organisations = _organisations()
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        (after,) = cursor.fetchone()
    return _Loaded(
        organisations,
        connection.settings_dict["NAME"],
        version,
        hiding,
        final=not hiding and after == version,
    )


def forget() -> None:
    """Drop the cached organisations (the next document reads them again)."""
    global _loaded
    with _lock:
        _loaded = None
