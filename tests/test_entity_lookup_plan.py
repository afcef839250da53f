"""Finding a document's people and organisations by name or alias reads the entities having
those names through indexes, never all the entities: the importer does it for every document."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sources.models import Entity
from sources.services import EntityLookup
from tests.table_statistics import refresh_statistics

pytestmark = pytest.mark.django_db

ENTITIES = 20_000


@pytest.fixture(scope="module")
def a_table_of_entities(django_db_setup, django_db_blocker):
    """Thousands of people and organisations with aliases, made set-wise in SQL (history
    triggers off), then fresh statistics; in a transaction rolled back after the module, then
    the statistics analysed again (tests/table_statistics.py)."""
    table = Entity._meta.db_table
    with django_db_blocker.unblock(), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(
                f"""
                INSERT INTO {table} (name, kind, aliases, description, wikidata_id, created_at,
                                     updated_at)
                SELECT 'Person ' || n,
                       CASE WHEN n %% 5 = 0 THEN 'organisation' ELSE 'person' END,
                       ARRAY['P. ' || n, 'Alias ' || n]::varchar[], '', '', now(), now()
                FROM generate_series(1, %s) AS n
                """,
                [ENTITIES],
            )
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute(f"ANALYZE {table}")
        yield
        transaction.set_rollback(True)
    refresh_statistics(django_db_blocker, [table])


def test_a_lookup_by_name_or_alias_reads_entities_through_indexes(a_table_of_entities):
    names = [("person 7", "person"), ("ALIAS 12", "person"), ("p. 10", "organisation")]
    with CaptureQueriesContext(connection) as captured:
        lookup = EntityLookup(names)
    assert lookup.find(name="Person 7", kind="person").name == "Person 7"
    assert lookup.find(name="alias 12", kind="person").name == "Person 12"
    assert lookup.find(name="P. 10", kind="organisation").name == "Person 10"
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    assert "sources_entity_aliases_lower" in plan, plan
