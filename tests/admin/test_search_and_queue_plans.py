"""The desk's search and review queue are served by their indexes on a newsroom's tables.

The plans are read on the tables in miniature (`tests.big_tables`: thousands of rows, freshly
analysed), as test_list_plans reads the API's: on a table of one or two rows the planner's
choice rests on whatever statistics earlier tests left, and any index wins."""

import pytest
from django.db import connection

from claims.admin.filters import NEEDS_REVIEW, QUEUE_ORDER
from claims.models import Claim
from claims.search import claims_search
from claims.services import claim_create
from claims.templatetags.desk import desk_counts
from sources.models import EntityKind
from sources.services import entity_get_or_create
from tests.big_tables import big_tables

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def tables(django_db_setup, django_db_blocker):
    yield from big_tables(django_db_blocker)


def plan(queryset) -> str:
    """The plan of `queryset` when scans of the whole table are priced out, as on a big table."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")


def test_search_is_served_by_the_search_document_index():
    speaker = entity_get_or_create(name="Ann Lee", kind=EntityKind.PERSON)[0]
    claim_create(text="The abuse she has received is shocking.", claimant=speaker)
    assert "claims_claim_search_document" in plan(claims_search(Claim.objects.all(), "lee"))


def test_the_review_queue_is_served_by_its_index_without_sorting():
    claim_create(text="Membership rose to 300 in 2019", check_worthiness=0.7)
    queue = Claim.objects.filter(status__in=NEEDS_REVIEW, duplicate_of__isnull=True)
    explained = plan(queue.order_by(*QUEUE_ORDER)[:50])
    assert "claims_claim_queue" in explained
    assert "Sort" not in explained


def test_the_desk_counts_a_journalists_open_claims_from_its_index(reporter):
    for status in ["new", "in_review", "reviewed"]:
        claim = claim_create(text=f"Membership rose ({status})")
        Claim.objects.filter(pk=claim.pk).update(assignee=reporter, status=status)
    assert desk_counts(reporter.pk).get() == (2, 0)
    explained = plan(desk_counts(reporter.pk))
    assert "claims_claim_assigned_open" in explained, explained
    assert "Heap Scan on claims_claim" not in explained, explained
