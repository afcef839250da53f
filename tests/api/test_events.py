"""The change feed: every change once, in a followable order, even when concurrent
transactions commit out of order; deletions as tombstones; the API's permissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimStatus, Verdict
from claims.services import claim_delete, claim_merge, claim_update
from events.models import Event
from sources.services import entity_update
from tests.api.conftest import user_in
from tests.factories import CitationFactory, ClaimFactory, EntityFactory, SourceFactory
from tests.raw_sessions import raw_connection

pytestmark = pytest.mark.django_db(transaction=True)
PUBLISH = {
    "status": ClaimStatus.PUBLISHED,
    "verdict": Verdict.ACCURATE,
    "explanation": "The annual report gives the same figure.",
    "review_url": "https://example.org/fact-checks/membership",
    "review_title": "Yes, membership rose to 300",
}
FEED = "/api/v1/events/"


def follow(client, cursor=None, page_size=100, **params):
    """Every event from `cursor` on, page by page; returns (events, cursor to continue)."""
    events = []
    while True:
        query = {"page_size": page_size, **params}
        if cursor:
            query["after"] = cursor
        response = client.get(FEED, query)
        assert response.status_code == 200, response.json()
        body = response.json()
        events += body["results"]
        cursor = body["cursor"]
        if not body["more"]:
            return events, cursor


def keys(events):
    return [(event["type"], event["object_id"]) for event in events]


@pytest.fixture
def client(api, reader):
    return api(reader)


def test_creates_updates_and_deletes_of_every_resource_are_in_the_feed(client, fact_checker):
    citation = CitationFactory()
    claim = citation.claim
    entity_update(entity=claim.claimant, changes={"name": "Renamed Organisation"})
    claim_update(
        claim=claim,
        changes=PUBLISH,
        user=fact_checker,
    )
    events, _ = follow(client)
    found = keys(events)
    for expected in [
        ("entity.created", claim.claimant_id),
        ("source.created", citation.source_id),
        ("claim.created", claim.pk),
        ("citation.created", citation.pk),
        ("entity.updated", claim.claimant_id),
        ("claim.updated", claim.pk),  # its claimant's new name is embedded in it
        ("claim.published", claim.pk),
    ]:
        assert expected in found
    published = next(e for e in events if e["type"] == "claim.published")
    assert {"status", "verdict"} <= set(published["fields"])
    assert published["url"].endswith(f"/api/v1/claims/{claim.pk}/")
    assert published["version"] == claim.__class__.objects.get(pk=claim.pk).version


def test_a_deleted_claim_is_visible_as_deleted_with_its_last_values(client):
    citation = CitationFactory()
    claim = citation.claim
    claim_id = claim.pk
    _, cursor = follow(client)
    claim_delete(claim=claim)
    events, _ = follow(client, cursor)
    tombstones = {e["type"]: e for e in events if e["action"] == "deleted"}
    assert set(tombstones) == {"citation.deleted", "claim.deleted"}
    gone = tombstones["claim.deleted"]
    assert gone["object_id"] == claim_id
    assert gone["url"] is None
    assert gone["data"]["text"] == claim.text
    assert "search_vector" not in gone["data"]


def test_a_merge_is_reported_as_merged(client):
    duplicate, into = ClaimFactory(), ClaimFactory()
    _, cursor = follow(client)
    claim_merge(duplicate=duplicate, into=into)
    events, _ = follow(client, cursor)
    assert ("claim.merged", duplicate.pk) in keys(events)


def test_following_page_by_page_from_any_point_neither_skips_nor_repeats(client):
    for _ in range(7):
        CitationFactory()
    everything, _ = follow(client, page_size=1000)
    assert (
        len(everything)
        == len({e["id"] for e in everything})
        == Event.objects.filter(resource__in=["source", "entity", "claim", "citation"]).count()
    )
    for page_size in (1, 2, 5):
        paged, _ = follow(client, page_size=page_size)
        assert [e["id"] for e in paged] == [e["id"] for e in everything]
    # Resuming from a cursor taken half-way gives exactly the rest.
    first = client.get(FEED, {"page_size": 10}).json()
    rest, _ = follow(client, first["cursor"], page_size=3)
    assert [e["id"] for e in first["results"] + rest] == [e["id"] for e in everything]


def insert_entity(db_connection, name: str) -> int:
    row = db_connection.execute(
        "INSERT INTO sources_entity (name, kind, aliases, description, wikidata_id, created_at,"
        " updated_at) VALUES (%s, 'person', '{}', '', '', now(), now()) RETURNING id",
        [name],
    ).fetchone()
    return row[0]


def test_transactions_committing_out_of_order_are_neither_skipped_nor_repeated(client):
    """A long transaction writes first (lower transaction id, lower event number) and commits
    last; a reader that has already moved past the later events still gets its events, once."""
    _, cursor = follow(client)
    slow, fast = raw_connection(), raw_connection()
    try:
        slow_id = insert_entity(slow, "Written first, committed last")  # open transaction
        fast_id = insert_entity(fast, "Written second, committed first")
        fast.commit()

        events, cursor = follow(client, cursor)
        assert keys(events) == [("entity.created", fast_id)]  # the open one is not visible yet

        later_id = insert_entity(fast, "Written third, committed second")
        fast.commit()
        slow.commit()
        slow_event = Event.objects.get(resource="entity", object_id=slow_id)
        fast_event = Event.objects.get(resource="entity", object_id=fast_id)
        assert slow_event.id < fast_event.id  # "after the last number seen" would skip it

        events, cursor = follow(client, cursor)
        assert sorted(keys(events)) == sorted(
            [("entity.created", slow_id), ("entity.created", later_id)]
        )
        assert follow(client, cursor)[0] == []
    finally:
        slow.close()
        fast.close()
    # A reader starting from scratch sees the same three changes once each.
    events, _ = follow(client)
    created = [key for key in keys(events) if key[0] == "entity.created"]
    assert sorted(created) == sorted([("entity.created", i) for i in (slow_id, fast_id, later_id)])


def test_a_rolled_back_transaction_leaves_no_event(client):
    _, cursor = follow(client)
    aborted = raw_connection()
    try:
        insert_entity(aborted, "Never committed")
        aborted.rollback()
    finally:
        aborted.close()
    EntityFactory(name="Committed")
    events, _ = follow(client, cursor)
    assert [e["type"] for e in events] == ["entity.created"]


def test_events_can_be_filtered_by_type(client):
    ClaimFactory()
    SourceFactory()
    events, _ = follow(client, type="claim.created,source.created")
    assert {e["type"] for e in events} == {"claim.created", "source.created"}
    repeated, _ = follow(client, type=["claim.created", "source.created"])
    assert repeated == events


def test_a_user_sees_only_events_of_resources_they_may_view(api):
    ClaimFactory()
    user = user_in(None, "sources-only", ["view_source", "view_entity"])
    events, _ = follow(api(user))
    assert {e["resource"] for e in events} == {"entity"}


def test_the_feed_needs_credentials_and_a_view_permission(anonymous, api, nobody):
    assert anonymous.get(FEED).status_code == 401
    assert api(nobody).get(FEED).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"after": "not-a-cursor"},
        {"after": "eyJzIjoiMTA6NTo1In0"},  # {"s":"10:5:5"}: xmin above xmax
        {"page_size": "0"},
        {"page_size": "5000"},
        {"type": "claim.exploded"},
        {"since": "yesterday"},
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, params):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(client):
    for _ in range(2):
        CitationFactory()
    with CaptureCount() as small:
        client.get(FEED, {"page_size": 3})
    for _ in range(10):
        CitationFactory()
    with CaptureCount() as large:
        client.get(FEED, {"page_size": 40})
    assert small.count == large.count


class CaptureCount:
    def __enter__(self):
        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)
        self.count = len(self.context.captured_queries)
