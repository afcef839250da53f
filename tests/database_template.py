"""A migrated template database, made once and kept, from which each test run's databases are
copied (`CREATE DATABASE ... TEMPLATE`, about a second) instead of migrated from nothing.

Migrating from nothing takes long (hundreds of tables, triggers and indexes, each migration its
own transaction) and each xdist worker did it again for its own database on every run. The
template's name carries a digest of every migration file the project loads (its own and its
packages') and of Django's version, so a changed, added or removed migration makes a new
template; the old ones of this checkout are dropped. Django's test set-up still runs `migrate`
on the copy: if anything were missing from it, that run would apply it.
"""

import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

ALIAS = "default"


def migrations_digest() -> str:
    """A digest of the source of every migration on disk and of Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[key].__module__]
        digest.update(repr(key).encode())
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


def template_name(base: str) -> str:
    """The template for the test databases named from `base` (the checkout's test database)."""
    return f"{base}_template_{migrations_digest()}"


@contextmanager
def _server_lock(connection: BaseDatabaseWrapper, name: str) -> Iterator[Any]:
    """Hold a server-wide lock named `name` (xdist workers and concurrent runs build a template
    one at a time); yield a cursor on the server's maintenance database."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
        try:
            yield cursor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def _exists(cursor: Any, database: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
    return cursor.fetchone() is not None


def _drop(cursor: Any, connection: BaseDatabaseWrapper, database: str) -> None:
    quoted = connection.ops.quote_name(database)
    if _exists(cursor, database):
        cursor.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE false")
        cursor.execute(f"DROP DATABASE {quoted}")


def _build(connection: BaseDatabaseWrapper, name: str) -> None:
    """Migrate a new database under a provisional name, then give it `name`: a build cut short
    (Ctrl-C, a failing migration) never leaves a half-migrated template behind."""
    settings = connection.settings_dict
    saved_name, saved_test = settings["NAME"], dict(settings["TEST"])
    partial = f"{name}_partial"
    settings["TEST"] = {**saved_test, "NAME": partial, "TEMPLATE": None}
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
    finally:
        connection.close()
        settings["NAME"], settings["TEST"] = saved_name, saved_test
    quoted = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {quoted(partial)} RENAME TO {quoted(name)}")
        # Nobody connects to it, so copying it never waits for or fails on a connection.
        cursor.execute(
            f"ALTER DATABASE {quoted(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"
        )


def use_migrated_template(base: str, *, rebuild: bool = False) -> None:
    """Have the test databases copied from the migrated template of `base`, made if missing.

    `rebuild` (pytest's `--create-db`) drops this checkout's templates and migrates from
    nothing, as without a template.
    """
    connection = connections[ALIAS]
    name = template_name(base)
    with _server_lock(connection, f"factbase test template {base}") as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [f"{base}_template_%", "" if rebuild else name],
        )
        for (stale,) in cursor.fetchall():
            _drop(cursor, connection, stale)
        if rebuild:
            return
        if not _exists(cursor, name):
            _build(connection, name)
    connection.settings_dict["TEST"]["TEMPLATE"] = name
