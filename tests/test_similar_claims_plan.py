"""Similar claims do not grow with the table: every statement the lookup runs is served by the
claims' full-text index, never a scan of the table, and reads a bounded part of that index."""

import json
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.selectors import (
    SIMILAR_CANDIDATES,
    SIMILAR_PROBE_CAP,
    SIMILAR_RARE_WORDS,
    _index_counts,
    similar_claims,
)
from tests.factories import ClaimFactory
from tests.table_statistics import refresh_statistics

pytestmark = pytest.mark.django_db

TEXTS = [
    "Unemployment fell to 4% in 2019, the lowest rate since 1975",
    "The council closed three of its twelve libraries in 2016",
    "Rents for council tenants rose by 4.5% in April",
]


# A table of ordinary claims: common words in most, rarer ones in few. Big enough that the
# planner prices reading it whole above the text indexes, as on a newsroom's table.
CLAIMS = 30_000


@pytest.fixture(scope="module")
def a_table_of_claims(django_db_setup, django_db_blocker):
    """Thousands of canonical claims made set-wise in SQL (the table's triggers, which keep
    history and the change feed, off while they are made), then fresh statistics.

    Made once for the module (the tests only read it), in a transaction rolled back after its
    last test, then the statistics analysed again; each test's own transaction nests inside it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        _make_table_of_claims()
        yield
        transaction.set_rollback(True)
    refresh_statistics(django_db_blocker, [Claim._meta.db_table])


def _make_table_of_claims() -> None:
    table = Claim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(
            f"""
            INSERT INTO {table} (text, status, verdict, explanation, review_url, review_title,
                                 tags, origin, fact_key, version, created_at, updated_at)
            SELECT 'The ' || (ARRAY['council', 'said', 'year', 'people', 'rose', 'fell', 'plan',
                                    'government', 'vote'])[1 + n %% 9]
                   || ' word' || (n %% 400) || ' word' || ((n * 7) %% 400) || ' '
                   || (ARRAY['council', 'said', 'year', 'people', 'rose'])[1 + n %% 5]
                   || ' claim number ' || n || ' of the archive',
                   'new', 'unrated', '', '', '', '{{}}', 'entered', '', 1, now(), now()
            FROM generate_series(1, %s) AS n
            """,
            [CLAIMS],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    for existing in TEXTS:
        ClaimFactory(text=existing)
    with connection.cursor() as cursor:
        # As autovacuum does on a live table: the text indexes' pending entries merged in (the
        # planner prices a long pending list as a scan of it), and statistics.
        for index in ("claims_claim_search", "claims_claim_text_trgm"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute(f"ANALYZE {table}")


def _plans(text):
    with CaptureQueriesContext(connection) as captured:
        found = similar_claims(text)
    plans = []
    with connection.cursor() as cursor:
        # Nothing priced out: the plans the planner chooses on a table of this size.
        for query in captured.captured_queries:
            if Claim._meta.db_table not in query["sql"]:
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return found, plans


def _claims_table_access(plan):
    return [
        line.strip().removeprefix("->").strip()
        for line in plan.splitlines()
        if re.search(r"Scan.* on claims_claim\b", line)
    ]


@pytest.mark.parametrize("text", [TEXTS[0], TEXTS[1] * 8])
def test_similar_claims_reads_the_claims_table_only_through_its_full_text_index(
    a_table_of_claims, text
):
    found, plans = _plans(text)
    assert found
    assert len(plans) >= 3  # the index counts, the candidates, the claims shown (by key)
    searches = [plan for plan in plans if "claims_claim_pkey" not in plan]
    assert len(searches) >= 2
    for plan in plans:
        for access in _claims_table_access(plan):
            # Reached through the full-text index (bitmap heap scans read only the rows the
            # index found) or by key, never by walking the table or all its canonical rows.
            assert access.startswith(("Bitmap Heap Scan", "Index Scan using claims_claim_pkey")), (
                plan
            )
        assert "Seq Scan on claims_claim" not in plan, plan
        # No trigram match of the whole text: it reads the posting lists of all its trigrams.
        assert "claims_claim_text_trgm" not in plan, plan
    for plan in searches:
        assert "Bitmap Index Scan on claims_claim_search" in plan, plan


def _index_reads(node):
    """Rows each scan of the full-text index returned, for every scan in a JSON plan."""
    reads = []
    if node.get("Index Name") == "claims_claim_search":
        reads.append(node["Actual Rows"])
    for child in node.get("Plans", []):
        reads += _index_reads(child)
    return reads


# A misspelling whose first letters start a common word ("govern", in a ninth of the claims).
MISSPELT_COMMON = "The Governmint closed three of its twelve libraries in 2016"


@pytest.mark.parametrize("text", [TEXTS[0], TEXTS[1] * 8, MISSPELT_COMMON])
def test_similar_claims_never_read_the_index_entries_of_a_common_word(a_table_of_claims, text):
    # Every claim of the table uses "claim", "number" and "archive", and a ninth of them
    # "fell" or "council": counting such a word would read thousands of index entries. The
    # statistics name them as common; only rarer words are counted, and only the rare ones
    # fetch candidates. A word no claim uses is not counted by its first letters either when
    # they start a common word: the count would reach the cap.
    with CaptureQueriesContext(connection) as captured:
        assert similar_claims(text)
    reads = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if Claim._meta.db_table in query["sql"]:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                reads += _index_reads(plan[0]["Plan"])
    assert reads
    assert max(reads) <= SIMILAR_RARE_WORDS * SIMILAR_PROBE_CAP, reads


def test_a_misspelling_starting_a_common_word_counts_as_common_without_being_counted(
    a_table_of_claims,
):
    # What the capped count of its first letters would give: the cap.
    assert _index_counts(["governmint"]) == {"governmint": (SIMILAR_PROBE_CAP, "'govern':*")}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Claim._meta.db_table} WHERE search_vector @@ 'govern:*'"
        )
        assert cursor.fetchone()[0] >= SIMILAR_PROBE_CAP
    # One starting only a rare word is still counted by its first letters.
    assert _index_counts(["unemploymant"]) == {"unemploymant": (1, "'unemplo':*")}


def test_similar_claims_re_ranks_a_bounded_number_of_candidates():
    ClaimFactory.create_batch(SIMILAR_CANDIDATES + 20, text="Turnout rose to 67% in the 2024 vote")
    with CaptureQueriesContext(connection) as captured:
        found = similar_claims("Turnout rose to 67% in the 2024 vote", limit=500)
    assert len(found) <= SIMILAR_CANDIDATES
    assert len(captured.captured_queries) <= 5


def test_the_full_text_index_keeps_no_pending_list_for_searches_to_read():
    # With a pending list (GIN's default), each search also reads every entry inserted since
    # the last flush: an import, which searches the index about a hundred times per document
    # while it inserts claims, slowed down as the list grew towards its 4 MB limit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'claims_claim_search'")
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in (options or [])
