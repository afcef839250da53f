"""The uniform endpoint suite: every resource gets the same CRUD, auth and permission tests.

Each resource declares only its data (how to make one, what to POST, PATCH and PUT); the tests
are written once and parametrised over the resources.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from django.db import models

from claims.models import Citation, Claim
from sources.models import Entity, Source
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    EntityFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
_unique = itertools.count()


M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Resource(Generic[M]):
    name: str
    model: type[M]
    make: Callable[[], M]
    create_data: Callable[[], dict[str, Any]]
    patch_data: Callable[[M], dict[str, Any]]
    put_data: Callable[[M], dict[str, Any]]

    @property
    def list_url(self) -> str:
        return f"/api/v1/{self.name}/"

    def detail_url(self, obj) -> str:
        return f"/api/v1/{self.name}/{obj.pk}/"

    def __str__(self) -> str:
        return self.name


def _source_data() -> dict[str, Any]:
    n = next(_unique)
    return {
        "title": f"Annual report {n}",
        "body": f"Report {n}. Turnout was 40% in the 2019 election, the council said.",
        "publisher_id": OrganisationFactory.create().pk,
        "kind": "report",
        "published_on": "2020-01-31",
    }


def _citation_data() -> dict[str, Any]:
    source = SourceFactory.create()
    return {
        "claim_id": ClaimFactory.create().pk,
        "source_id": source.pk,
        "quote": "membership rose to 300 in 2019",
        "relation": "supports",
    }


RESOURCES = [
    Resource(
        "sources",
        Source,
        SourceFactory.create,
        _source_data,
        lambda source: {"title": "A corrected title"},
        lambda source: {**_source_data(), "title": "Replaced", "body": source.body},
    ),
    Resource(
        "entities",
        Entity,
        EntityFactory.create,
        lambda: {"name": f"Jane Doe {next(_unique)}", "kind": "person", "aliases": ["JD"]},
        lambda entity: {"description": "Member of Parliament"},
        lambda entity: {"name": "Jane Roe", "kind": "person", "wikidata_id": "Q42"},
    ),
    Resource(
        "claims",
        Claim,
        ClaimFactory.create,
        lambda: {"text": f"Turnout was {next(_unique)}% in 2019", "tags": ["elections"]},
        lambda claim: {"text": "Turnout was 41% in 2019"},
        lambda claim: {"text": "Turnout was 42% in 2019", "claimed_on": "2019-05-02"},
    ),
    Resource(
        "citations",
        Citation,
        CitationFactory.create,
        _citation_data,
        lambda citation: {"relation": "contradicts", "note": "Contradicted by the minutes."},
        lambda citation: {
            "claim_id": citation.claim_id,
            "source_id": citation.source_id,
            "quote": citation.quote,
            "start": citation.start,
            "relation": "context",
        },
    ),
]
resources = pytest.mark.parametrize("resource", RESOURCES, ids=str)


def _etag(client, resource, obj) -> str:
    response = client.get(resource.detail_url(obj))
    assert response.status_code == 200, response.content
    return response["ETag"]


def _assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"status", "code", "detail", "errors"}
    assert body["status"] == status
    return body


# --- reads -----------------------------------------------------------------------------------


@resources
def test_list_returns_a_page_of_objects(resource, api, reader):
    objs = [resource.make() for _ in range(3)]
    response = api(reader).get(resource.list_url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert {row["id"] for row in body["results"]} >= {obj.pk for obj in objs}


@resources
def test_retrieve_carries_an_etag_and_honours_if_none_match(resource, api, reader):
    obj = resource.make()
    client = api(reader)
    response = client.get(resource.detail_url(obj))
    assert response.status_code == 200
    assert response.json()["id"] == obj.pk
    etag = response["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    not_modified = client.get(resource.detail_url(obj), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == etag
    assert client.get(resource.detail_url(obj), HTTP_IF_NONE_MATCH='"other"').status_code == 200


@resources
def test_retrieve_of_a_missing_object_is_404(resource, api, reader):
    _assert_error(api(reader).get(f"/api/v1/{resource.name}/999999/"), 404)


# --- writes ----------------------------------------------------------------------------------


@resources
def test_create_returns_201_with_location_and_etag(resource, api, reporter):
    response = api(reporter).post(resource.list_url, resource.create_data(), format="json")
    assert response.status_code == 201, response.content
    created = resource.model.objects.get(pk=response.json()["id"])
    assert response["Location"].endswith(resource.detail_url(created))
    assert response["ETag"]


@resources
def test_create_with_invalid_input_is_400_naming_the_fields(resource, api, reporter):
    body = _assert_error(api(reporter).post(resource.list_url, {}, format="json"), 400)
    assert body["code"] == "invalid"
    assert body["errors"]


@resources
def test_patch_with_the_current_etag_changes_the_object(resource, api, reporter):
    obj = resource.make()
    client = api(reporter)
    etag = _etag(client, resource, obj)
    changes = resource.patch_data(obj)
    response = client.patch(resource.detail_url(obj), changes, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    for field, value in changes.items():
        assert response.json()[field] == value


@resources
def test_put_with_the_current_etag_replaces_the_object(resource, api, reporter):
    obj = resource.make()
    client = api(reporter)
    data = resource.put_data(obj)
    response = client.put(
        resource.detail_url(obj), data, format="json", HTTP_IF_MATCH=_etag(client, resource, obj)
    )
    assert response.status_code == 200, response.content


@resources
def test_a_change_without_if_match_is_428(resource, api, reporter):
    obj = resource.make()
    client = api(reporter)
    _assert_error(client.patch(resource.detail_url(obj), {}, format="json"), 428)
    _assert_error(client.delete(resource.detail_url(obj)), 428)
    assert resource.model.objects.filter(pk=obj.pk).exists()


@resources
def test_stale_if_match_is_rejected_with_412_naming_the_current_etag(resource, api, reporter):
    obj = resource.make()
    client = api(reporter)
    stale = _etag(client, resource, obj)
    first = client.patch(
        resource.detail_url(obj), resource.patch_data(obj), format="json", HTTP_IF_MATCH=stale
    )
    assert first.status_code == 200
    second = client.patch(
        resource.detail_url(obj), resource.patch_data(obj), format="json", HTTP_IF_MATCH=stale
    )
    body = _assert_error(second, 412)
    assert body["current_etag"] == first["ETag"]
    assert first["ETag"] in body["detail"]
    _assert_error(client.delete(resource.detail_url(obj), HTTP_IF_MATCH=stale), 412)


@resources
def test_delete_with_the_current_etag_removes_the_object(resource, api, reporter):
    obj = resource.make()
    client = api(reporter)
    response = client.delete(resource.detail_url(obj), HTTP_IF_MATCH=_etag(client, resource, obj))
    assert response.status_code == 204, response.content
    assert not resource.model.objects.filter(pk=obj.pk).exists()


# --- authentication and permissions ----------------------------------------------------------


def _every_request(client, resource, obj):
    detail = resource.detail_url(obj)
    return {
        "list": client.get(resource.list_url),
        "retrieve": client.get(detail),
        "history": client.get(f"{detail}history/"),
        "create": client.post(resource.list_url, resource.create_data(), format="json"),
        "patch": client.patch(detail, resource.patch_data(obj), format="json", HTTP_IF_MATCH="*"),
        "put": client.put(detail, resource.put_data(obj), format="json", HTTP_IF_MATCH="*"),
        "delete": client.delete(detail, HTTP_IF_MATCH="*"),
    }


@resources
def test_anonymous_requests_get_401_with_www_authenticate(resource, anonymous):
    for operation, response in _every_request(anonymous, resource, resource.make()).items():
        body = _assert_error(response, 401)
        assert response["WWW-Authenticate"] == "Token", operation
        assert body["code"] == "not_authenticated"


@resources
def test_a_user_without_permissions_gets_403_everywhere(resource, api, nobody):
    obj = resource.make()
    for operation, response in _every_request(api(nobody), resource, obj).items():
        assert response.status_code == 403, (operation, response.content)
    assert resource.model.objects.filter(pk=obj.pk).exists()


@resources
def test_a_reader_can_read_but_not_write(resource, api, reader):
    obj = resource.make()
    responses = _every_request(api(reader), resource, obj)
    for operation in ("list", "retrieve", "history"):
        assert responses[operation].status_code == 200, operation
    for operation in ("create", "patch", "put", "delete"):
        assert responses[operation].status_code == 403, operation


@resources
def test_reporter_writes_need_no_review_permission_except_claim_reviews(
    resource, api, reporter, fact_checker
):
    """Only claims have review-only changes; everything else a reporter may change."""
    obj = resource.make()
    response = api(reporter).patch(
        resource.detail_url(obj), resource.patch_data(obj), format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200
    if resource.model is Claim:
        review = {"verdict": "misleading", "status": "reviewed"}
        refused = api(reporter).patch(
            resource.detail_url(obj), review, format="json", HTTP_IF_MATCH="*"
        )
        assert _assert_error(refused, 403)["detail"].endswith(
            "needs the claims.review_claim permission."
        )
        allowed = api(fact_checker).patch(
            resource.detail_url(obj), review, format="json", HTTP_IF_MATCH="*"
        )
        assert allowed.status_code == 200, allowed.content
        assert allowed.json()["reviewer"]["username"] == fact_checker.username


# --- claim specifics -------------------------------------------------------------------------


def test_creating_a_published_claim_needs_the_review_permission(api, reporter, fact_checker):
    data = {
        "text": "Turnout was 40% in 2019",
        "status": "published",
        "verdict": "accurate",
        "explanation": "The electoral commission's figures.",
        "review_url": "https://factdesk.example/checks/turnout/",
        "review_title": "Was turnout 40%?",
    }
    _assert_error(api(reporter).post("/api/v1/claims/", data, format="json"), 403)
    assert not Claim.objects.exists()
    response = api(fact_checker).post("/api/v1/claims/", data, format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get()
    assert (claim.status, claim.verdict, claim.reviewer) == ("published", "accurate", fact_checker)


def test_moving_a_claim_into_review_needs_no_review_permission(api, reporter):
    claim = ClaimFactory()
    response = api(reporter).patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "in_review"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_origin_and_check_worthiness_are_read_only(api, reporter):
    client = api(reporter)
    data = {"text": "Turnout was 40% in 2019", "origin": "extracted", "check_worthiness": 0.9}
    response = client.post("/api/v1/claims/", data, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["origin"], response.json()["check_worthiness"]) == ("entered", None)
    claim = Claim.objects.get()
    assert (claim.origin, claim.check_worthiness) == ("entered", None)
    changes = {"origin": "imported", "check_worthiness": 0.1}
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/", changes, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.origin, claim.check_worthiness, claim.version) == ("entered", None, 1)


def test_claim_detail_embeds_claimant_and_citations_with_compact_sources(api, reader):
    citation = CitationFactory(source__url="https://example.org/agm")
    body = api(reader).get(f"/api/v1/claims/{citation.claim_id}/").json()
    assert body["claimant"]["name"] == citation.claim.claimant.name
    [embedded] = body["citations"]
    assert embedded["quote"] == citation.quote
    assert (embedded["start"], embedded["end"], embedded["relation"]) == (
        citation.start,
        citation.end,
        "states",
    )
    assert set(embedded["source"]) == {"id", "title", "publisher", "published_on", "url"}
    assert embedded["source"]["url"] == "https://example.org/agm"


def test_a_claims_etag_changes_when_a_citation_is_added(api, reporter):
    claim = ClaimFactory()
    client = api(reporter)
    etag = _etag(client, RESOURCES[2], claim)
    CitationFactory(claim=claim)
    assert _etag(client, RESOURCES[2], claim) != etag
    assert etag.startswith('"1-')


def test_posting_a_claim_returns_likely_duplicates(api, reporter):
    existing = ClaimFactory(text="Membership of the group rose to 300 in 2019")
    response = api(reporter).post(
        "/api/v1/claims/", {"text": "The group's membership rose to 300 in 2019"}, format="json"
    )
    assert response.status_code == 201
    duplicates = response.json()["likely_duplicates"]
    assert duplicates[0]["id"] == existing.pk
    assert 0 < duplicates[0]["score"] <= 1


def test_similar_and_duplicates_endpoints_rank_matching_claims(api, reader):
    claim = ClaimFactory(text="Unemployment fell to 4% in 2019")
    twin = ClaimFactory(text="In 2019 unemployment fell to 4%")
    ClaimFactory(text="The river flooded twice")
    client = api(reader)
    similar = client.get(f"/api/v1/claims/{claim.pk}/similar/").json()
    assert [row["id"] for row in similar["results"]] == [twin.pk]
    assert similar["results"][0]["method"] == "full-text"
    assert similar["next"] is None
    found = client.get("/api/v1/claims/duplicates/", {"text": "unemployment fell to 4%"}).json()
    assert {row["id"] for row in found["results"]} == {claim.pk, twin.pk}
    _assert_error(client.get("/api/v1/claims/duplicates/"), 400)


def test_similar_claims_come_in_pages_best_first(api, reader):
    claim = ClaimFactory(text="Unemployment in the region fell to 4% in 2019")
    for who in ("the council", "the union", "a minister", "the mayor", "an economist"):
        ClaimFactory(text=f"Unemployment in the region fell to 4% in 2019, {who} says")
    client = api(reader)
    everything = client.get(f"/api/v1/claims/{claim.pk}/similar/").json()["results"]
    assert len(everything) == 5
    first = client.get(f"/api/v1/claims/{claim.pk}/similar/", {"page_size": 2}).json()
    ids = [row["id"] for row in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        ids += [row["id"] for row in page["results"]]
        url = page["next"]
    assert ids == [row["id"] for row in everything]
    scores = [row["score"] for row in everything]
    assert scores == sorted(scores, reverse=True)


def test_source_detail_lists_the_claims_cited_from_it(api, reader):
    citation = CitationFactory()
    body = api(reader).get(f"/api/v1/sources/{citation.source_id}/").json()
    assert body["body"] == citation.source.body
    assert [(row["id"], row["relation"]) for row in body["cited_claims"]] == [
        (citation.claim_id, "states")
    ]
    assert body["citation_count"] == 1


def test_deleting_a_cited_source_is_409(api, reporter):
    citation = CitationFactory()
    response = api(reporter).delete(f"/api/v1/sources/{citation.source_id}/", HTTP_IF_MATCH="*")
    body = _assert_error(response, 409)
    assert "citations" in body["detail"]
    assert Source.objects.filter(pk=citation.source_id).exists()


def test_changing_the_body_of_a_cited_source_is_refused(api, reporter):
    citation = CitationFactory()
    response = api(reporter).patch(
        f"/api/v1/sources/{citation.source_id}/",
        {"body": "Something else entirely."},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert "body" in _assert_error(response, 400)["errors"]


def test_a_citation_that_does_not_anchor_is_400_on_quote(api, reporter):
    source = SourceFactory()
    response = api(reporter).post(
        "/api/v1/citations/",
        {"claim_id": ClaimFactory().pk, "source_id": source.pk, "quote": "never said"},
        format="json",
    )
    assert "quote" in _assert_error(response, 400)["errors"]


def test_service_errors_use_the_api_field_names(api, reporter):
    OrganisationFactory(name="Acme")
    response = api(reporter).post(
        "/api/v1/entities/", {"name": "acme", "kind": "organisation"}, format="json"
    )
    body = _assert_error(response, 400)
    assert "already exists" in " ".join(body["errors"]["non_field_errors"])


def test_unknown_query_parameters_on_writes_are_rejected(api, reporter):
    response = api(reporter).post("/api/v1/sources/?dry_run=true", _source_data(), format="json")
    assert "dry_run" in _assert_error(response, 400)["errors"]
    assert not Source.objects.exists()
