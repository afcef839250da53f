"""What generated clients need from the schema, and the server accepting what they send."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _has_example(content: dict) -> bool:
    return any("example" in media or "examples" in media for media in content.values())


def test_every_operation_has_a_summary_and_an_example(schema):
    for name, operation in operations(schema):
        assert operation.get("summary", "").strip(), f"{name} has no summary"
        bodies = [operation.get("requestBody", {}).get("content", {})] + [
            response.get("content", {}) for response in operation["responses"].values()
        ]
        assert any(_has_example(content) for content in bodies), f"{name} has no example"


def test_operations_are_told_apart_by_their_summaries_and_descriptions(schema):
    # History is the one operation every resource shares, under one summary and description.
    others = [op for _, op in operations(schema) if op["summary"] != "Change history"]
    assert len({op["summary"] for op in others}) == len(others)
    assert len({op.get("description") for op in others}) == len(others)


def test_multi_value_query_parameters_are_repeated_keys(schema):
    for name, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter["schema"].get("type") == "array":
                assert (parameter["style"], parameter["explode"]) == ("form", True), (
                    name,
                    parameter["name"],
                )


def test_orderings_are_named_enums_with_member_names(schema):
    components = schema["components"]["schemas"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    ref = parameters["ordering"]["schema"]["$ref"]
    ordering = components[ref.rsplit("/", 1)[-1]]
    names = dict(zip(ordering["enum"], ordering["x-enum-varnames"], strict=True))
    assert names["-claimed_on"] == "CLAIMED_ON_DESC"
    assert names["claimed_on"] == "CLAIMED_ON"
    assert len(set(names.values())) == len(names)
    for _, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "ordering":
                assert "$ref" in parameter["schema"]


def test_creating_a_source_has_one_request_and_one_response_shape(schema):
    create = schema["paths"]["/api/v1/sources/"]["post"]
    request = create["requestBody"]["content"]["application/json"]["schema"]
    assert request == {"$ref": "#/components/schemas/SourceRequest"}
    created = create["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/SourceDetail"}
    extract = schema["paths"]["/api/v1/sources/extract/"]["post"]
    assert {"200", "201", "202"} <= set(extract["responses"])


def test_claimreview_is_one_component_with_a_typed_item_reviewed(schema):
    paths = schema["paths"]
    single = paths["/api/v1/claims/{id}/claimreview/"]["get"]["responses"]["200"]
    feed = paths["/api/v1/claimreview/"]["get"]["responses"]["200"]
    reference = {"$ref": "#/components/schemas/ClaimReview"}
    assert single["content"]["application/json"]["schema"] == reference
    assert feed["content"]["application/json"]["schema"]["properties"]["results"]["items"] == (
        reference
    )
    components = schema["components"]["schemas"]
    item = components["ClaimReview"]["properties"]["itemReviewed"]
    assert item == {"$ref": "#/components/schemas/ReviewedClaim"}
    claim = components["ReviewedClaim"]["properties"]
    assert claim["author"] == {"$ref": "#/components/schemas/SchemaOrgAgent"}
    assert claim["appearance"]["items"] == {"$ref": "#/components/schemas/CreativeWork"}


def test_bulk_errors_are_documented_in_the_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert "item_errors" in error["properties"]


# --- the server takes what the schema says ---------------------------------------------------


def test_a_repeated_multi_value_filter_is_the_same_as_commas(api, reader):
    client = api(reader)
    new, in_review = ClaimFactory(status="new"), ClaimFactory(status="in_review")
    ClaimFactory(status="published")

    repeated = client.get("/api/v1/claims/?status=new&status=in_review")
    commas = client.get("/api/v1/claims/?status=new,in_review")

    assert repeated.status_code == 200, repeated.json()
    assert sorted(r["id"] for r in repeated.json()["results"]) == sorted([new.pk, in_review.pk])
    assert repeated.json()["results"] == commas.json()["results"]


@pytest.mark.parametrize(
    "query",
    [
        "q=rents&q=turnout",
        "claimed_after=2019-01-01&claimed_after=2020-01-01",
        "ordering=-claimed_on&ordering=id",
    ],
)
def test_a_single_value_parameter_given_twice_is_still_a_400(api, reader, query):
    response = api(reader).get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400
    assert "more than once" in str(response.json()["errors"])


def test_an_empty_value_among_repeated_ones_is_a_400(api, reader):
    response = api(reader).get("/api/v1/claims/?status=new&status=")
    assert response.status_code == 400
