"""`POST sources/?extract=true`: a monitoring bot posts a page and gets candidate claims back."""

import pghistory.models
import pytest

from claims.extraction_views import EXTRACTION_BODY_MAX_CHARS
from claims.models import Citation, Claim
from sources.models import Source
from tests.pages import PRESS_RELEASE

pytestmark = pytest.mark.django_db

PAGE = PRESS_RELEASE
URL = "https://tenants.example.org/news/rents"


def post(client, body: dict, extract: str = "true"):
    return client.post(f"/api/v1/sources/?extract={extract}", body, format="json")


def test_a_posted_page_comes_back_as_sources_with_anchored_candidate_claims(api, reporter):
    response = post(api(reporter), {"body": PAGE, "url": URL})
    assert response.status_code == 201, response.json()
    data = response.json()
    [source] = data["sources"]
    assert source["title"] == "Rents up 40% since 2015, tenants' union says"
    assert source["url"] == URL
    assert "Donate now" not in source["body"]
    lopez = next(c for c in data["claims"] if c["text"].startswith("Families are paying"))
    assert lopez["claimant"]["name"] == "Maria Lopez"
    assert lopez["origin"] == "extracted"
    [citation] = lopez["citations"]
    assert source["body"][citation["start"] : citation["end"]] == citation["quote"]
    assert data["created"]["sources"] == 1
    assert data["created"]["claims"] == len(data["claims"]) == Claim.objects.count()


def test_posting_the_same_page_again_creates_nothing(api, reporter):
    client = api(reporter)
    first = post(client, {"body": PAGE}).json()
    events = pghistory.models.Events.objects.count()
    again = post(client, {"body": PAGE})
    assert again.status_code == 200
    assert again.json()["created"] == dict.fromkeys(first["created"], 0)
    assert [c["id"] for c in again.json()["claims"]] == [c["id"] for c in first["claims"]]
    assert pghistory.models.Events.objects.count() == events


def test_the_import_is_recorded_as_the_posting_user(api, reporter):
    post(api(reporter), {"body": PAGE})
    event = pghistory.models.Events.objects.filter(pgh_model="claims.CitationEvent").first()
    assert event.pgh_context["user"] == reporter.pk


def test_extraction_needs_permission_to_add_claims_too(api, reader):
    assert post(api(reader), {"body": PAGE}).status_code == 403
    assert not Source.objects.exists()


def test_a_page_with_no_text_is_a_field_error(api, reporter):
    response = post(api(reporter), {"body": "Read more Share\n\nDonate now"})
    assert response.status_code == 400
    assert "body" in str(response.json())
    assert not Citation.objects.exists()


def test_a_page_too_long_to_extract_is_a_field_error(api, reporter):
    body = PAGE + "x" * (EXTRACTION_BODY_MAX_CHARS - len(PAGE) + 1)
    response = post(api(reporter), {"body": body, "url": URL})
    assert response.status_code == 400, response.content
    assert str(EXTRACTION_BODY_MAX_CHARS) in response.json()["errors"]["body"][0]
    assert not Source.objects.exists()


def test_extract_takes_only_true_or_false(api, reporter):
    response = post(api(reporter), {"body": PAGE}, extract="yes")
    assert response.status_code == 400
    assert "extract" in str(response.json())


def test_without_extract_a_source_is_created_as_given(api, reporter):
    response = post(
        api(reporter), {"title": "Rents", "body": PAGE, "kind": "press_release"}, "false"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["body"] == PAGE
    assert not Claim.objects.exists()


def test_sources_extract_is_the_same_as_posting_with_extract_true(api, reporter):
    client = api(reporter)
    response = client.post("/api/v1/sources/extract/", {"body": PAGE, "url": URL}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["sources"][0]["url"] == URL
    again = post(client, {"body": PAGE, "url": URL})
    assert again.status_code == 200
    assert [c["id"] for c in again.json()["claims"]] == [c["id"] for c in response.json()["claims"]]


def test_sources_extract_takes_no_query_parameters(api, reporter):
    response = api(reporter).post("/api/v1/sources/extract/?extract=false", {"body": PAGE})
    assert response.status_code == 400
    assert not Source.objects.exists()
