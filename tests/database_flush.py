"""Emptying the database after a transactional test: deleting the rows it left.

Django empties every table after a test that commits (`flush`: one `TRUNCATE` of all of them,
then the `post_migrate` signal makes the content types and permissions again). A `TRUNCATE`
gives each table and each of its indexes a new file, so it costs per table, whatever the table
holds, and making the permissions again is a few hundred inserts: together one to three seconds
a test on a busy machine, while a test writes a few rows to a handful of the forty tables.

Here one statement finds the tables holding rows, and their rows are deleted with the
database's triggers off for the transaction (`session_replication_role = replica`: the
history and change-event triggers would otherwise record the deletions, and the foreign keys
need no order). The content types and permissions are kept (`post_migrate` still runs and
makes any a test removed), and the editorial groups the data migrations make are made again:
the database is left as migrated, so a test that counts on the groups passes whichever tests
ran before it on its worker (the long tests, some transactional, now start first; see
tests/scheduling.py). Sequences go on, as after `flush`. A role that may not switch triggers
off (not a superuser) truncates the tables holding rows instead.
"""

import importlib

from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TransactionTestCase

# What `post_migrate` makes; kept rather than deleted and made again.
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})
# The data migrations, whose rows (the editorial groups and their permissions) are made again.
DATA_MIGRATIONS = [
    importlib.import_module("factbase.migrations.0001_editorial_groups"),
    importlib.import_module("factbase.migrations.0002_claimrelation_permissions"),
]


def tables_with_rows(connection: BaseDatabaseWrapper) -> list[str]:
    """The project's tables (those `flush` empties) that hold at least one row."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if not tables:
        return []
    quote = connection.ops.quote_name
    probe = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(probe, tables)
        return [table for (table,) in cursor.fetchall()]


def flush_tables_with_rows(alias: str) -> None:
    """Empty the database `alias` but for its content types and permissions, emit
    `post_migrate` as `manage.py flush` does, and make the data migrations' rows again."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        tables = [table for table in tables_with_rows(connection) if table not in KEPT_TABLES]
        if tables:
            try:
                with transaction.atomic(using=alias):
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:  # not a superuser
                cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)} CASCADE")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {quote(table)}")
                if "sources_entity" in tables:
                    # What the entities' triggers, off here, would have done: tell the processes
                    # caching the organisations (`claims.organisation_lexicon`) to read them again.
                    cursor.execute("SELECT nextval('sources_entity_organisation_names_version')")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)
    remake_editorial_groups(alias)


# (group, app label, permission codename) for each permission the data migrations give a group,
# as they gave them on this process's first emptying.
_granted: list[tuple[str, str, str]] = []

_GRANTED = """
    SELECT g.name, ct.app_label, p.codename FROM auth_group g
    JOIN auth_group_permissions gp ON gp.group_id = g.id
    JOIN auth_permission p ON p.id = gp.permission_id
    JOIN django_content_type ct ON ct.id = p.content_type_id
"""
_GRANT = """
    INSERT INTO auth_group_permissions (group_id, permission_id)
    SELECT g.id, p.id FROM unnest(%s::text[], %s::text[], %s::text[]) AS v(name, app, codename)
    JOIN auth_group g ON g.name = v.name
    JOIN django_content_type ct ON ct.app_label = v.app
    JOIN auth_permission p ON p.content_type_id = ct.id AND p.codename = v.codename
    ON CONFLICT DO NOTHING
"""


def remake_editorial_groups(alias: str) -> None:
    """Make the data migrations' groups and permissions again in the emptied database.

    The migrations' own functions fetch and add each permission one by one (about a hundred
    statements); they run on the first emptying only, and what they made is then made again
    from that record in two statements. Were a permission missing from the record's join (a
    test removed it and `post_migrate` made it again under another key, say), the migrations'
    functions run again."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if _granted:
            groups = sorted({group for group, _, _ in _granted})
            cursor.execute(
                "INSERT INTO auth_group (name) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [groups],
            )
            cursor.execute(_GRANT, [list(column) for column in zip(*_granted, strict=True)])
            if cursor.rowcount == len(_granted):
                return
            transaction.set_rollback(True, using=alias)
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for migration in DATA_MIGRATIONS:
            migration.add_group_permissions(apps)
        cursor.execute(_GRANTED)
        _granted[:] = cursor.fetchall()


_django_fixture_teardown = TransactionTestCase._fixture_teardown  # type: ignore[attr-defined]


def _fixture_teardown(self: TransactionTestCase) -> None:
    # Tests naming `available_apps` or asking for a serialized rollback flush differently
    # (a subset of the tables, no signal): Django's own teardown does that.
    if self.available_apps is not None or self.serialized_rollback:
        _django_fixture_teardown(self)
        return
    for alias in self._databases_names(include_mirrors=False):  # type: ignore[attr-defined]
        flush_tables_with_rows(alias)


def use_fast_flush() -> None:
    """Have every transactional test (pytest-django's `transaction=True`, live servers) end
    with `flush_tables_with_rows` instead of Django's `flush`."""
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[attr-defined]
