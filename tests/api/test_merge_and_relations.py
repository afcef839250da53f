"""Merging claims and deciding suggested relations through the API: the admin's services, rules,
permissions, history and events; If-Match on both."""

import pytest

from claims.models import Claim, ClaimRelation, ClaimStatus, RelationStatus, Verdict
from claims.services import relation_suggest
from events.models import Event
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


def merge(client, duplicate, into, if_match=None):
    url = f"/api/v1/claims/{duplicate.pk}/merge/"
    if if_match is None:
        if_match = etag(client, f"/api/v1/claims/{duplicate.pk}/")
    return client.post(url, {"into": into.pk}, format="json", HTTP_IF_MATCH=if_match)


def test_merge_moves_citations_and_answers_the_canonical_claim(api, reporter):
    client = api(reporter)
    duplicate = CitationFactory().claim
    into = CitationFactory().claim
    Claim.objects.filter(pk=duplicate.pk).update(tags=["membership"])

    response = merge(client, duplicate, into)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] == into.pk
    assert body["citation_count"] == 2
    assert "membership" in body["tags"]
    assert response["ETag"] == etag(client, f"/api/v1/claims/{into.pk}/")
    assert client.get(f"/api/v1/claims/{duplicate.pk}/").json()["duplicate_of"] == into.pk
    relation = ClaimRelation.objects.get(from_claim=duplicate, to_claim=into)
    assert relation.status == RelationStatus.CONFIRMED
    assert relation.decided_by == reporter


def test_merge_is_recorded_in_history_and_the_event_feed(api, reporter):
    client = api(reporter)
    duplicate, into = ClaimFactory(), ClaimFactory()

    assert merge(client, duplicate, into).status_code == 200

    history = client.get(f"/api/v1/claims/{duplicate.pk}/history/").json()["results"]
    last = history[-1]
    assert last["changes"]["duplicate_of_id"] == {"old": None, "new": into.pk}
    assert last["user"]["username"] == reporter.username
    assert Event.objects.filter(resource="claim", object_id=duplicate.pk, action="merged").exists()


def test_merge_needs_if_match_and_refuses_a_stale_one(api, reporter):
    client = api(reporter)
    duplicate, into = ClaimFactory(), ClaimFactory()
    url = f"/api/v1/claims/{duplicate.pk}/merge/"
    stale = etag(client, f"/api/v1/claims/{duplicate.pk}/")
    Claim.objects.filter(pk=duplicate.pk).update(text="Membership rose to 301 in 2019")

    assert client.post(url, {"into": into.pk}, format="json").status_code == 428
    response = merge(client, duplicate, into, if_match=stale)

    assert response.status_code == 412
    assert response.json()["current_etag"] == etag(client, f"/api/v1/claims/{duplicate.pk}/")
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of_id is None


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "into"), ({"into": "twelve"}, "into"), ({"into": 99_999_999}, "into")],
)
def test_merge_with_a_bad_target_is_a_400_naming_it(api, reporter, body, field):
    client = api(reporter)
    duplicate = ClaimFactory()
    response = client.post(
        f"/api/v1/claims/{duplicate.pk}/merge/",
        body,
        format="json",
        HTTP_IF_MATCH=etag(client, f"/api/v1/claims/{duplicate.pk}/"),
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_merging_a_claim_into_itself_is_a_400(api, reporter):
    claim = ClaimFactory()
    response = merge(api(reporter), claim, claim)
    assert response.status_code == 400
    assert response.json()["errors"]["into"] == ["A claim cannot be merged into itself."]


def test_merging_an_unknown_claim_is_a_404(api, reporter):
    into = ClaimFactory()
    response = api(reporter).post(
        "/api/v1/claims/99999999/merge/", {"into": into.pk}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 404


def test_merging_an_already_merged_claim_is_a_409(api, reporter):
    client = api(reporter)
    duplicate, into, other = ClaimFactory(), ClaimFactory(), ClaimFactory()
    assert merge(client, duplicate, into).status_code == 200

    again = merge(client, duplicate, other)
    into_merged = merge(client, other, duplicate)

    assert again.status_code == 409
    assert "already merged" in again.json()["detail"]
    assert into_merged.status_code == 409
    assert "canonical" in into_merged.json()["detail"]
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of_id == into.pk


def test_merging_a_published_claim_needs_the_review_permission(api, reporter, fact_checker):
    duplicate, into = ClaimFactory(), ClaimFactory()
    Claim.objects.filter(pk=duplicate.pk).update(
        status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE, explanation="Checked."
    )

    refused = merge(api(reporter), duplicate, into)
    allowed = merge(api(fact_checker), duplicate, into)

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of_id == into.pk


def test_a_reader_cannot_merge(api, reader):
    duplicate, into = ClaimFactory(), ClaimFactory()
    assert merge(api(reader), duplicate, into, if_match="*").status_code == 403
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of_id is None


def test_merge_keeps_passages_the_target_already_cites_on_the_duplicate(api, reporter):
    source = SourceFactory()
    kept = CitationFactory(source=source)
    CitationFactory(source=source, claim=ClaimFactory())
    into = Claim.objects.exclude(pk=kept.claim_id).get()

    response = merge(api(reporter), kept.claim, into)

    assert response.status_code == 200
    assert response.json()["citation_count"] == 1
    kept.refresh_from_db()
    assert kept.claim_id != into.pk


# --- relations ---------------------------------------------------------------------------------


@pytest.fixture
def suggestion():
    relation, _ = relation_suggest(
        from_claim=ClaimFactory(), to_claim=ClaimFactory(), score=0.87, method="import: text"
    )
    return relation


def decide(client, relation, status, if_match=None):
    url = f"/api/v1/relations/{relation.pk}/"
    if if_match is None:
        if_match = etag(client, url)
    return client.post(f"{url}decision/", {"status": status}, format="json", HTTP_IF_MATCH=if_match)


def test_the_suggested_queue_lists_relations_with_both_claims(api, reader, suggestion):
    decided, _ = relation_suggest(
        from_claim=ClaimFactory(), to_claim=ClaimFactory(), score=0.5, method="import: text"
    )
    ClaimRelation.objects.filter(pk=decided.pk).update(status=RelationStatus.REJECTED)

    response = api(reader).get("/api/v1/relations/?status=suggested")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == suggestion.pk
    assert row["from_claim"]["text"] == suggestion.from_claim.text
    assert row["to_claim"]["id"] == suggestion.to_claim_id
    assert row["score"] == 0.87


def test_relations_of_a_claim_are_found_from_either_side(api, reader, suggestion):
    client = api(reader)
    by_from = client.get(f"/api/v1/relations/?claim_id={suggestion.from_claim_id}").json()
    by_to = client.get(f"/api/v1/relations/?claim_id={suggestion.to_claim_id}").json()
    other = client.get(f"/api/v1/relations/?claim_id={ClaimFactory().pk}").json()
    assert [r["id"] for r in by_from["results"]] == [suggestion.pk]
    assert [r["id"] for r in by_to["results"]] == [suggestion.pk]
    assert other["results"] == []


@pytest.mark.parametrize("status", [RelationStatus.CONFIRMED, RelationStatus.REJECTED])
def test_a_decision_records_who_decided_in_history_and_events(api, reporter, suggestion, status):
    client = api(reporter)

    response = decide(client, suggestion, status)

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == status
    assert response.json()["decided_by"]["username"] == reporter.username
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (status, reporter)
    history = client.get(f"/api/v1/relations/{suggestion.pk}/history/").json()["results"]
    assert history[-1]["changes"]["status"] == {"old": "suggested", "new": status}
    assert Event.objects.filter(resource="claim_relation", object_id=suggestion.pk).exists()
    # A decision links, it does not merge.
    assert Claim.objects.filter(duplicate_of__isnull=False).count() == 0


def test_a_decision_needs_a_current_if_match(api, reporter, suggestion):
    client = api(reporter)
    url = f"/api/v1/relations/{suggestion.pk}/decision/"
    stale = etag(client, f"/api/v1/relations/{suggestion.pk}/")
    assert decide(client, suggestion, RelationStatus.REJECTED).status_code == 200

    missing = client.post(url, {"status": "confirmed"}, format="json")
    late = decide(client, suggestion, RelationStatus.CONFIRMED, if_match=stale)

    assert missing.status_code == 428
    assert late.status_code == 412
    suggestion.refresh_from_db()
    assert suggestion.status == RelationStatus.REJECTED


@pytest.mark.parametrize(
    "body", [{}, {"status": "suggested"}, {"status": "maybe"}, {"status": "confirmed", "x": 1}]
)
def test_a_decision_other_than_confirm_or_reject_is_a_400(api, reporter, suggestion, body):
    client = api(reporter)
    response = client.post(
        f"/api/v1/relations/{suggestion.pk}/decision/",
        body,
        format="json",
        HTTP_IF_MATCH=etag(client, f"/api/v1/relations/{suggestion.pk}/"),
    )
    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.status == RelationStatus.SUGGESTED


def test_readers_see_relations_but_cannot_decide(api, reader, suggestion):
    client = api(reader)
    assert client.get(f"/api/v1/relations/{suggestion.pk}/").status_code == 200
    assert decide(client, suggestion, RelationStatus.CONFIRMED).status_code == 403


def test_relations_cannot_be_created_or_deleted_through_the_api(api, suggestion):
    client = api(UserFactory(username="root", is_superuser=True))
    assert client.post("/api/v1/relations/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/relations/{suggestion.pk}/").status_code == 405
    assert ClaimRelation.objects.get() == suggestion
