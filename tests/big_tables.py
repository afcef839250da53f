"""A newsroom's tables in miniature for plan tests: a few thousand rows made set-wise in SQL,
with fresh statistics, so the planner weighs its choices as it would on big tables."""

from django.db import DatabaseError, connection, transaction

from claims.models import Citation, Claim
from sources.models import Entity, Source
from tests.table_statistics import refresh_statistics

ENTITIES, SOURCES, CLAIMS = 20_000, 2_000, 5_000
BIG_TABLES = [model._meta.db_table for model in (Claim, Source, Citation, Entity)]


def _generate(cursor) -> dict[str, int]:
    """Entities, sources (published date missing for one in five), claims (claimed_on
    missing for one in four; one in ten published with a verdict) and one citation each."""
    cursor.execute(
        """
        INSERT INTO sources_entity (name, kind, aliases, description, wikidata_id,
                                    created_at, updated_at)
        SELECT 'Entity ' || n, CASE WHEN n %% 2 = 0 THEN 'person' ELSE 'organisation' END,
               '{}', '', '', now() - n * interval '1 minute', now() - n * interval '1 second'
        FROM generate_series(1, %s) AS n
        RETURNING id
        """,
        [ENTITIES],
    )
    entity = min(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        INSERT INTO sources_source (kind, title, url, publisher_id, published_on, language,
                                    body, body_sha256, origin, created_at, updated_at)
        SELECT 'article', 'Source ' || n, '', %(entity)s + n %% 20,
               CASE WHEN n %% 5 = 0 THEN NULL ELSE date '2020-01-01' + n %% 1000 END, 'en',
               'The council said the budget for year ' || n || ' would rise.',
               encode(sha256(convert_to('The council said the budget for year ' || n
                                        || ' would rise.', 'UTF8')), 'hex'),
               '{}', now() - n * interval '1 minute', now() - n * interval '1 second'
        FROM generate_series(1, %(n)s) AS n
        RETURNING id
        """,
        {"entity": entity, "n": SOURCES},
    )
    source = min(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        INSERT INTO claims_claim (text, claimant_id, claimed_on, status, verdict, explanation,
                                  reviewed_at, review_url, review_title, tags, origin,
                                  check_worthiness, fact_key, version, created_at, updated_at,
                                  is_cited)
        SELECT 'The budget for year ' || n || ' would rise',
               CASE WHEN n %% 7 = 0 THEN NULL ELSE %(entity)s + n %% 300 END,
               CASE WHEN n %% 4 = 0 THEN NULL ELSE date '2019-01-01' + n %% 700 END,
               CASE WHEN n %% 10 = 0 THEN 'published' WHEN n %% 10 = 1 THEN 'reviewed'
                    ELSE 'new' END,
               CASE WHEN n %% 10 IN (0, 1) THEN 'mixed' ELSE 'unrated' END, '',
               CASE WHEN n %% 10 IN (0, 1) THEN now() - n * interval '1 hour' END, '', '',
               '{}', 'entered',
               CASE WHEN n %% 3 = 0 THEN NULL ELSE (n %% 100) / 100.0 END, '', 1,
               now() - n * interval '1 minute', now() - n * interval '1 second',
               true  -- each is cited once, below (the triggers that would mark it are off)
        FROM generate_series(1, %(n)s) AS n
        RETURNING id
        """,
        {"entity": entity, "n": CLAIMS},
    )
    claim = min(row[0] for row in cursor.fetchall())
    cursor.execute(
        """
        INSERT INTO claims_citation (claim_id, source_id, relation, quote, start, "end",
                                     prefix, suffix, rank, note, created_at, updated_at)
        SELECT %(claim)s + n - 1, %(source)s + n %% 100, 'states', 'The council', 0, 11,
               '', '', 'normal', '', now() - n * interval '1 minute',
               now() - n * interval '1 second'
        FROM generate_series(1, %(n)s) AS n
        """,
        {"claim": claim, "source": source, "sources": SOURCES, "n": CLAIMS},
    )
    return {"entity": entity, "source": source, "claim": claim}


def big_tables(django_db_blocker):
    """Made once for the module and committed (each test's own rows still roll back); made
    with the tables' triggers off, so no history or change-feed events, and removed after,
    with the statistics analysed again."""
    # Rewritten first: earlier tests leave dead rows, bloated indexes and free space that the
    # new rows would fill out of order, and the planner weighs all three. Compacted, the tables
    # hold only what is generated here, laid out as a fresh load lays it out, whatever ran before.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"VACUUM FULL {table}")
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        made = _generate(cursor)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked now: triggers change after
        for table in BIG_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    # Vacuumed as well as analysed: the inserts pass autovacuum's threshold, and a vacuum in
    # the middle of the module would change the visibility map that the planner prices
    # index-only scans with. Vacuumed here, the tables are in the same state whether
    # autovacuum comes round during the module or not.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    yield made
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:  # not a superuser: the user triggers off, the foreign keys checked
            for table in BIG_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            _remove(cursor, made)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in BIG_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            # No trigger fires, the foreign keys' neither: the rows made here refer to nothing
            # else and nothing else to them, and checking every reference of 32,000 deleted
            # rows took a second of the server's CPU per module.
            _remove(cursor, made)
    refresh_statistics(django_db_blocker, BIG_TABLES)


def _remove(cursor, made: dict[str, int]) -> None:
    cursor.execute("DELETE FROM claims_citation WHERE claim_id >= %s", [made["claim"]])
    cursor.execute("DELETE FROM claims_claim WHERE id >= %s", [made["claim"]])
    cursor.execute("DELETE FROM sources_source WHERE id >= %s", [made["source"]])
    cursor.execute("DELETE FROM sources_entity WHERE id >= %s", [made["entity"]])
