"""The admin's change lists never count a big table: the number of rows shown is the planner's
estimate once a list is estimated big, and no `COUNT(*)` runs over the table; a small list is
still counted exactly."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.admin import filters
from factbase import admin_pagination
from tests.big_tables import CLAIMS, ENTITIES, SOURCES, big_tables
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

# Lists estimated at this many rows or more are "big" here (the tables hold a few thousand).
BIG = 1_000


@pytest.fixture(scope="module")
def tables(django_db_setup, django_db_blocker):
    yield from big_tables(django_db_blocker)


@pytest.fixture
def big_lists(monkeypatch):
    monkeypatch.setattr(admin_pagination.EstimatedCountPaginator, "estimate_above", BIG)


def _counts(captured, table: str) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if re.match(r"SELECT COUNT\(\*\)", query["sql"], re.IGNORECASE)
        and f'FROM "{table}"' in query["sql"]
    ]


# First in the module: before the big tables are made (they live until the module ends).
def test_a_small_change_list_is_counted_exactly(client, staff_user):
    ClaimFactory.create_batch(3)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/claims/claim/")
    assert response.context["cl"].result_count == 3
    assert len(_counts(captured, "claims_claim")) == 1


@pytest.mark.parametrize(
    ("url", "table", "rows"),
    [
        ("/admin/claims/claim/", "claims_claim", CLAIMS),
        ("/admin/claims/claim/?status__exact=new", "claims_claim", CLAIMS * 8 // 10),
        ("/admin/sources/source/", "sources_source", SOURCES),
        ("/admin/claims/citation/", "claims_citation", CLAIMS),
        ("/admin/sources/entity/", "sources_entity", ENTITIES),
        ("/admin/sources/entity/?kind__exact=person", "sources_entity", ENTITIES // 2),
    ],
)
def test_a_big_change_list_shows_an_estimate_and_counts_nothing(
    tables, big_lists, client, staff_user, url, table, rows
):
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert _counts(captured, table) == []
    shown = response.context["cl"].result_count
    assert 0.8 * rows <= shown <= 1.25 * rows  # the planner's estimate of the list
    assert response.context["cl"].full_result_count is None  # no "(N total)": no count


def test_a_big_claims_table_offers_the_common_tags_of_its_statistics(tables, monkeypatch):
    monkeypatch.setattr(filters, "TAGS_READ_BELOW", BIG)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE claims_claim SET tags = ARRAY['budget'] WHERE id % 2 = 0")
        cursor.execute("ANALYZE claims_claim")
    with CaptureQueriesContext(connection) as captured:
        tags = filters.tags_in_use(10)
    assert "budget" in tags
    # The statistics, not the claims: no query reads the claims table.
    assert not [q for q in captured.captured_queries if 'FROM "claims_claim"' in q["sql"]]
