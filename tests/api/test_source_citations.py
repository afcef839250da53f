"""What the sources endpoint says about the claims citing a source: its citation count, the
claims cited from it, and filtering sources by claim. The claims app contributes these to the
sources resource; the representation and the schema clients generate from are as documented."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

SOURCE_FIELDS = [
    "id",
    "kind",
    "title",
    "url",
    "publisher",
    "authors",
    "published_on",
    "language",
    "body_sha256",
    "origin",
    "citation_count",
    "created_at",
    "updated_at",
]
CITED_CLAIM_FIELDS = ["id", "text", "status", "verdict", "citation_id", "relation", "quote"]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_source_in_a_list_has_its_fields_and_citation_count(api, reader):
    citation = CitationFactory()
    CitationFactory(source=citation.source, quote=citation.source.body[:5], start=0, end=5)
    [row] = api(reader).get("/api/v1/sources/").json()["results"]
    assert list(row) == SOURCE_FIELDS
    assert row["citation_count"] == 2


def test_a_source_detail_lists_its_cited_claims_in_text_order(api, reader):
    source = SourceFactory(body="Rents rose 40% since 2015. Families pay three times as much.")
    later = CitationFactory(source=source, quote="Families pay", start=27, end=39)
    earlier = CitationFactory(
        source=source, quote="Rents rose", start=0, end=10, relation="supports"
    )
    earlier.claim.status, earlier.claim.verdict = "reviewed", "accurate"
    earlier.claim.save()
    body = api(reader).get(f"/api/v1/sources/{source.pk}/").json()
    assert list(body) == [*SOURCE_FIELDS[:8], "body", *SOURCE_FIELDS[8:], "cited_claims"]
    assert body["citation_count"] == 2
    first, second = body["cited_claims"]
    assert list(first) == CITED_CLAIM_FIELDS
    assert first == {
        "id": earlier.claim_id,
        "text": earlier.claim.text,
        "status": "reviewed",
        "verdict": "accurate",
        "citation_id": earlier.pk,
        "relation": "supports",
        "quote": "Rents rose",
    }
    assert (second["id"], second["citation_id"]) == (later.claim_id, later.pk)


def test_a_source_detail_costs_4_statements_with_1_and_10_citations(api, reader):
    client = api(reader)
    counts = []
    for cited in (1, 10):
        source = SourceFactory(body="Rents rose. " * cited)
        for n in range(cited):
            CitationFactory(source=source, quote="Rents rose.", start=12 * n, end=12 * n + 11)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/sources/{source.pk}/")
        assert len(response.json()["cited_claims"]) == cited
        counts.append(len(queries))
    # The request's own 1 (the token with its user's permissions; a read runs in no
    # transaction), the source with its publisher and citation count, its authors, its
    # citations with their claims.
    assert counts == [4, 4]


def test_sources_filter_by_the_claims_they_cite(api, reader):
    cited = CitationFactory()
    CitationFactory()
    client = api(reader)
    assert ids(client.get(f"/api/v1/sources/?claim_id={cited.claim_id}")) == [cited.source_id]
    assert ids(client.get(f"/api/v1/sources/?claim_id={ClaimFactory().pk}")) == []


def test_sources_filter_by_whether_anything_cites_them(api, reader):
    cited = CitationFactory()
    uncited = SourceFactory()
    client = api(reader)
    assert ids(client.get("/api/v1/sources/?has_citations=true")) == [cited.source_id]
    assert ids(client.get("/api/v1/sources/?has_citations=false")) == [uncited.pk]


def test_the_schema_documents_what_claims_add_to_sources(schema):
    components = schema["components"]["schemas"]
    assert list(components["Source"]["properties"]) == SOURCE_FIELDS
    detail = components["SourceDetail"]["properties"]
    assert detail["cited_claims"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/CitedClaim"},
        "readOnly": True,
    }
    assert list(components["CitedClaim"]["properties"]) == CITED_CLAIM_FIELDS
    sources = schema["paths"]["/api/v1/sources/"]
    parameters = {p["name"] for p in sources["get"]["parameters"]}
    assert {"claim_id", "has_citations"} <= parameters
    bulk = schema["paths"]["/api/v1/sources/bulk/"]["post"]["responses"]["201"]
    created = bulk["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    results = components[created]["properties"]["results"]
    assert results["items"] == {"$ref": "#/components/schemas/Source"}
