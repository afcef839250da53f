"""Emptying the database after a transactional test: only the tables that hold rows.

Django empties every table after a test that commits (`flush`: one `TRUNCATE` of all of them,
then the `post_migrate` signal makes the content types and permissions again). A `TRUNCATE`
gives each table and each of its indexes a new file, so its cost grows with the tables there
are, not with the rows in them, and a test writes to a few tables out of the forty. Finding the
tables that hold rows is one statement over tables that are nearly all empty; truncating just
those (with `CASCADE`, since a table whose rows are gone may still be named by a foreign key of
an empty one) leaves the database exactly as `flush` does, several times faster.
"""

from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import TransactionTestCase


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
    """Empty the database `alias` as `manage.py flush` does (sequences go on), then emit
    `post_migrate` as it does, so the content types and permissions are made again."""
    connection = connections[alias]
    with transaction.atomic(using=alias):
        tables = tables_with_rows(connection)
        if tables:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)} CASCADE")
    emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)


# The stubs leave out TransactionTestCase's private methods, which this module replaces and calls.
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
