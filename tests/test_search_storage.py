"""A source search ranks every matching source by its search vector, so the vector is read from
the source's row: kept out of line (PostgreSQL's default for a value of a kilobyte or more),
each match cost a TOAST lookup, most of a common word's search (sources/0006). Re-creating the
column (a changed generated expression) would quietly restore the default."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _storage(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = %s",
            [table, column],
        )
        return cursor.fetchone()[0]


def test_a_sources_search_vector_is_stored_in_its_row():
    assert _storage("sources_source", "search_vector") == "m"  # MAIN: compressed, in the row
    assert _storage("sources_source", "body") == "x"  # EXTENDED: the body goes out of line
