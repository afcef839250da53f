"""Bulk creates: many sources, claims or citations in one request, all or nothing, each invalid
item named by its index, history and events for every object, a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Citation, Claim, ClaimStatus
from events.models import Event
from sources.models import Source
from tests.factories import ClaimFactory, EntityFactory, OrganisationFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(api, reporter):
    return api(reporter)


def test_claims_are_created_in_order_with_their_claimants(client, reporter):
    claimant = EntityFactory()
    items = [
        {"text": "Rents rose 40% since 2015", "claimant_id": claimant.pk, "tags": ["housing"]},
        {"text": "Turnout was 67% in 2019", "claimed_on": "2019-12-13"},
    ]

    response = client.post("/api/v1/claims/bulk/", {"items": items}, format="json")

    assert response.status_code == 201, response.json()
    results = response.json()["results"]
    assert [r["text"] for r in results] == [item["text"] for item in items]
    assert results[0]["claimant"]["id"] == claimant.pk
    assert results[1]["claimed_on"] == "2019-12-13"
    assert {r["status"] for r in results} == {ClaimStatus.NEW}
    stored = Claim.objects.filter(pk__in=[r["id"] for r in results])
    assert {claim.created_by for claim in stored} == {reporter}


def test_each_created_object_has_its_history_and_event(client, reporter):
    items = [{"text": f"Membership rose to {n} in 2019"} for n in (301, 302, 303)]

    results = client.post("/api/v1/claims/bulk/", {"items": items}, format="json").json()["results"]

    for result in results:
        history = client.get(f"/api/v1/claims/{result['id']}/history/").json()["results"]
        assert [entry["action"] for entry in history] == ["insert"]
        assert history[0]["user"]["username"] == reporter.username
    created = Event.objects.filter(resource="claim", action="created")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(r["id"] for r in results)


def test_one_invalid_item_creates_nothing_and_every_invalid_item_is_named(client):
    items = [
        {"text": "Rents rose 40% since 2015"},
        {"text": ""},
        {"text": "Turnout was 67% in 2019", "claimant_id": 99_999_999},
        {"text": "Membership doubled", "verdict": "accurate"},
    ]

    response = client.post("/api/v1/claims/bulk/", {"items": items}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert [error["index"] for error in body["item_errors"]] == [1, 2, 3]
    assert "text" in body["item_errors"][0]["fields"]
    assert "claimant_id" in body["item_errors"][1]["fields"]
    assert "verdict" in body["item_errors"][2]["fields"]
    assert "items.1.text" in body["errors"]
    assert "nothing was created" in body["detail"]
    assert Claim.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"items": []},
        {"items": "claims"},
        {"items": [{"text": "A claim"}], "dry_run": True},
        [{"text": "A claim"}],
    ],
)
def test_a_body_without_a_list_of_items_is_a_400(client, body):
    response = client.post("/api/v1/claims/bulk/", body, format="json")
    assert response.status_code == 400
    assert Claim.objects.count() == 0


def test_more_items_than_the_limit_is_a_400(client, settings):
    settings.API_BULK_MAX_ITEMS = 3
    items = [{"text": f"Claim number {n}"} for n in range(4)]

    response = client.post("/api/v1/claims/bulk/", {"items": items}, format="json")

    assert response.status_code == 400
    assert "At most 3 items" in response.json()["errors"]["items"][0]
    assert Claim.objects.count() == 0


def test_a_reader_cannot_bulk_create(api, reader):
    response = api(reader).post(
        "/api/v1/claims/bulk/", {"items": [{"text": "A claim"}]}, format="json"
    )
    assert response.status_code == 403
    assert Claim.objects.count() == 0


# --- sources -----------------------------------------------------------------------------------


def test_sources_are_created_with_publishers_and_authors(client):
    publisher, author = OrganisationFactory(), EntityFactory()
    items = [
        {
            "title": "Council statement",
            "body": "Rents rose 40% since 2015, the council said.",
            "publisher_id": publisher.pk,
            "author_ids": [author.pk],
            "kind": "statement",
        },
        {"title": "Union reply", "body": "Families pay three times as much."},
    ]

    response = client.post("/api/v1/sources/bulk/", {"items": items}, format="json")

    assert response.status_code == 201, response.json()
    first, second = response.json()["results"]
    assert first["publisher"]["id"] == publisher.pk
    assert [a["id"] for a in first["authors"]] == [author.pk]
    assert (first["kind"], second["kind"]) == ("statement", "article")
    detail = client.get(f"/api/v1/sources/{second['id']}/").json()
    assert detail["body"] == "Families pay three times as much."


def test_a_body_already_stored_or_repeated_in_the_batch_is_named(client):
    stored = SourceFactory()
    items = [
        {"title": "Again", "body": stored.body},
        {"title": "New", "body": "A new statement."},
        {"title": "New, twice", "body": "A new statement."},
    ]

    response = client.post("/api/v1/sources/bulk/", {"items": items}, format="json")

    assert response.status_code == 400
    errors = response.json()["item_errors"]
    assert [(e["index"], list(e["fields"])) for e in errors] == [(0, ["body"]), (2, ["body"])]
    assert Source.objects.count() == 1


# --- citations ---------------------------------------------------------------------------------


def test_citations_are_anchored_with_or_without_offsets(client):
    source = SourceFactory(body="The council said rents rose 40% since 2015. Turnout was 67%.")
    first, second = ClaimFactory(), ClaimFactory()
    start = source.body.index("Turnout")
    items = [
        {"claim_id": first.pk, "source_id": source.pk, "quote": "rents rose 40% since 2015"},
        {
            "claim_id": second.pk,
            "source_id": source.pk,
            "quote": "Turnout was 67%",
            "start": start,
            "relation": "supports",
        },
    ]

    response = client.post("/api/v1/citations/bulk/", {"items": items}, format="json")

    assert response.status_code == 201, response.json()
    results = response.json()["results"]
    assert (results[0]["start"], results[0]["end"]) == (17, 42)
    assert results[1]["end"] == start + len("Turnout was 67%")
    assert results[1]["relation"] == "supports"
    assert Citation.objects.get(pk=results[0]["id"]).prefix.endswith("council said ")


def test_citations_that_do_not_anchor_or_repeat_a_passage_are_named(client):
    source = SourceFactory(body="Rents rose 40% since 2015.")
    claim = ClaimFactory()
    good = {"claim_id": claim.pk, "source_id": source.pk, "quote": "Rents rose 40%"}
    items = [
        good,
        {"claim_id": claim.pk, "source_id": source.pk, "quote": "Rents fell"},
        good,
        {"claim_id": claim.pk, "source_id": source.pk, "quote": "Rents", "start": 3},
        {"claim_id": 99_999_999, "source_id": source.pk, "quote": "Rents"},
    ]

    response = client.post("/api/v1/citations/bulk/", {"items": items}, format="json")

    assert response.status_code == 400
    errors = {e["index"]: e["fields"] for e in response.json()["item_errors"]}
    assert list(errors) == [4]  # unknown references are found before anything is anchored
    del items[4]
    response = client.post("/api/v1/citations/bulk/", {"items": items}, format="json")
    errors = {e["index"]: e["fields"] for e in response.json()["item_errors"]}
    assert sorted(errors) == [1, 2, 3]
    assert "already cites" in errors[2]["quote"][0]
    assert Citation.objects.count() == 0


def test_citing_for_a_published_claim_needs_the_review_permission(api, reporter, fact_checker):
    source = SourceFactory(body="Rents rose 40% since 2015.")
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PUBLISHED)
    body = {"items": [{"claim_id": claim.pk, "source_id": source.pk, "quote": "Rents rose"}]}

    refused = api(reporter).post("/api/v1/citations/bulk/", body, format="json")
    allowed = api(fact_checker).post("/api/v1/citations/bulk/", body, format="json")

    assert refused.status_code == 403
    assert allowed.status_code == 201
    assert Citation.objects.count() == 1


# --- cost: a batch costs the same number of queries whatever its size -------------------------


def _count_queries(client, url, body):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    return len(queries)


def _claims(n, claimants):
    return {
        "items": [
            {"text": f"Claim {n} number {i}", "claimant_id": claimants[i % 2].pk} for i in range(n)
        ]
    }


def _sources(n, entities):
    return {
        "items": [
            {
                "title": f"Source {i}",
                "body": f"Body {n}-{i}: rents rose.",
                "publisher_id": entities[0].pk,
                "author_ids": [entities[1].pk],
            }
            for i in range(n)
        ]
    }


def _citations(n, entities):
    source = SourceFactory(body=" ".join(f"Quote {n}-{i}." for i in range(n)))
    claims = [ClaimFactory() for _ in range(n)]
    return {
        "items": [
            {
                "claim_id": claims[i].pk,
                "source_id": source.pk,
                "quote": f"Quote {n}-{i}.",
                "speaker_id": entities[i % 2].pk,
            }
            for i in range(n)
        ]
    }


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/claims/bulk/", _claims),
        ("/api/v1/sources/bulk/", _sources),
        ("/api/v1/citations/bulk/", _citations),
    ],
)
def test_a_batch_costs_the_same_queries_for_3_items_as_for_30(client, url, make):
    entities = [EntityFactory(), EntityFactory()]
    client.get("/api/v1/")  # the token's first use is recorded once
    small = _count_queries(client, url, make(3, entities))
    large = _count_queries(client, url, make(30, entities))
    assert small == large, (small, large)
    assert small <= 25, small  # authentication, throttling, savepoints, one per kind of row
