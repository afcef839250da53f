"""Similar claims do not grow with the table: every statement the lookup runs is served by an
index of the claims table, never a sequential scan of it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.selectors import SIMILAR_CANDIDATES, same_fact_claims, similar_claims
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "Unemployment fell to 4% in 2019, the lowest rate since 1975",
    "The council closed three of its twelve libraries in 2016",
    "Rents for council tenants rose by 4.5% in April",
]


# A vocabulary for a table of ordinary claims: common words in most, rarer ones in few.
_COMMON = ["council", "said", "year", "people", "rose", "fell", "plan", "government", "vote"]
_RARE = [f"word{n}" for n in range(400)]


@pytest.fixture
def a_table_of_claims():
    """A few thousand canonical claims and fresh statistics, so that the planner weighs index
    paths as it would on a newsroom's table rather than on a handful of rows."""
    claims = [
        Claim(
            text=f"The {_COMMON[n % 9]} {_RARE[n % 400]} {_RARE[(n * 7) % 400]} {_COMMON[n % 5]} "
            f"claim number {n} of the archive"
        )
        for n in range(3000)
    ]
    Claim.objects.bulk_create(claims, batch_size=1000)
    for existing in TEXTS:
        ClaimFactory(text=existing)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Claim._meta.db_table}")


def _plans(text):
    with CaptureQueriesContext(connection) as captured:
        found = similar_claims(text)
    plans = []
    with connection.cursor() as cursor:
        # Sequential scans priced out: a plan that still scans the table has no index to use.
        cursor.execute("SET LOCAL enable_seqscan = off")
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
def test_similar_claims_reads_the_claims_table_only_through_its_text_indexes(
    a_table_of_claims, text
):
    found, plans = _plans(text)
    assert found
    assert len(plans) >= 2  # the index counts, the candidates (and their claimants, by key)
    for plan in plans:
        for access in _claims_table_access(plan):
            # Reached through the full-text or trigram index (bitmap heap scans read only the
            # rows the index found), never by walking the table or all its canonical rows.
            assert access.startswith("Bitmap Heap Scan"), plan
        assert "Seq Scan on claims_claim" not in plan, plan
        assert re.search(r"Bitmap Index Scan on claims_claim_(?:search|text_trgm)", plan), plan


def test_similar_claims_re_ranks_a_bounded_number_of_candidates():
    ClaimFactory.create_batch(SIMILAR_CANDIDATES + 20, text="Turnout rose to 67% in the 2024 vote")
    with CaptureQueriesContext(connection) as captured:
        found = similar_claims("Turnout rose to 67% in the 2024 vote", limit=500)
    assert len(found) <= SIMILAR_CANDIDATES
    assert len(captured.captured_queries) <= 5


def test_same_fact_claims_are_read_through_the_fact_key_index(a_table_of_claims):
    with connection.cursor() as cursor:
        # A fact key on every claim, a few hundred facts, as an importer leaves them.
        cursor.execute(
            f"UPDATE {Claim._meta.db_table} SET fact_key = 'subject' || (id % 300) || '|rose|' || id"
        )
        cursor.execute(f"ANALYZE {Claim._meta.db_table}")
    with CaptureQueriesContext(connection) as captured:
        found = same_fact_claims(["subject7|rose|", "subject8|fell|"], limit=10)
    assert len(found[0]) == 10
    assert found[1] == []
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    accesses = _claims_table_access(plan)
    assert accesses, plan
    for access in accesses:
        assert "claims_claim_fact_key" in access or access.startswith("Bitmap Heap Scan"), plan
    assert "Bitmap Index Scan on claims_claim_fact_key" in plan or accesses[0].startswith(
        "Index Scan using claims_claim_fact_key"
    ), plan
