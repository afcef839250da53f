"""ClaimReview ready to publish: served as application/ld+json too, with an ETag, and checked
against Google's ClaimReview guidelines (the validation endpoint and the claim page)."""

from datetime import date

import pytest
from django.utils import timezone

from claims.models import Claim
from sources.models import Source
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def newsroom(settings):
    settings.FACTBASE_PUBLISHER = {
        **settings.FACTBASE_PUBLISHER,
        "name": "Fact Desk",
        "url": "https://factdesk.example/",
    }
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://factdesk.example/checks/{id}/",
        "title": "Fact check: {claim}",
    }


def complete_claim(**claim_fields) -> Claim:
    """A published fact-check with everything Google asks for."""
    fields = {
        "status": "published",
        "verdict": "misleading",
        "explanation": "The minutes show 250.",
        "claimed_on": date(2019, 6, 1),
        "reviewed_at": timezone.now(),
        **claim_fields,
    }
    citation = CitationFactory.create(
        source__url="https://bugle.example/agm",
        source__published_on=date(2019, 6, 2),
        **{f"claim__{name}": value for name, value in fields.items()},
    )
    return citation.claim


def url(claim, suffix="claimreview/"):
    return f"/api/v1/claims/{claim.pk}/{suffix}"


def test_json_ld_is_served_as_application_ld_json(api, reader):
    claim = complete_claim()
    client = api(reader)
    as_json = client.get(url(claim))
    as_ld = client.get(url(claim), HTTP_ACCEPT="application/ld+json")
    assert as_ld.status_code == 200
    assert as_ld["Content-Type"].startswith("application/ld+json")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_ld.json() == as_json.json()
    feed = client.get("/api/v1/claimreview/", HTTP_ACCEPT="application/ld+json")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/ld+json")


def test_an_unchanged_claimreview_answers_304_and_a_changed_one_a_new_etag(api, reader, settings):
    claim = complete_claim()
    client = api(reader)
    first = client.get(url(claim))
    etag = first["ETag"]
    assert "Accept" in first["Vary"]
    repeat = client.get(url(claim), HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304
    assert repeat["ETag"] == etag
    assert not repeat.content
    # Another media type is another representation: another tag.
    assert client.get(url(claim), HTTP_ACCEPT="application/ld+json")["ETag"] != etag
    Claim.objects.filter(pk=claim.pk).update(explanation="The minutes show 251.")
    changed = client.get(url(claim), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["reviewRating"]["ratingExplanation"] == "The minutes show 251."


def test_a_complete_fact_check_passes_the_checks(api, reader):
    claim = complete_claim()
    body = api(reader).get(url(claim, "claimreview/validation/")).json()
    assert body == {
        "claim_id": claim.pk,
        "published": True,
        "valid": True,
        "errors": [],
        "warnings": [],
    }


def test_missing_claimant_date_and_appearance_are_warned_about(api, reader):
    claim = ClaimFactory(
        claimant=None,
        status="reviewed",
        verdict="unproven",
        explanation="Nobody could show the figures.",
        reviewed_at=timezone.now(),
    )
    body = api(reader).get(url(claim, "claimreview/validation/")).json()
    assert body["valid"] is True
    assert body["published"] is False
    warned = {finding["property"] for finding in body["warnings"]}
    assert warned == {
        "itemReviewed.author",
        "itemReviewed.datePublished",
        "itemReviewed.appearance",
        "reviewRating.ratingValue",
    }
    assert all(finding["level"] == "warning" for finding in body["warnings"])


def test_an_appearance_without_a_url_and_a_review_off_site_are_warned_about(api, reader):
    claim = complete_claim(review_url="https://elsewhere.example/check/")
    Source.objects.filter(citations__claim=claim).update(url="")
    body = api(reader).get(url(claim, "claimreview/validation/")).json()
    warned = {finding["property"]: finding["message"] for finding in body["warnings"]}
    assert set(warned) == {"itemReviewed.appearance.url", "url"}
    assert "elsewhere.example" in warned["url"]


def test_what_would_stop_publication_is_an_error(api, reader, settings):
    settings.FACTBASE_REVIEW_ARTICLE = {"url": "", "title": ""}
    claim = ClaimFactory()  # new: no verdict, explanation or review article
    body = api(reader).get(url(claim, "claimreview/validation/")).json()
    assert body["valid"] is False
    errors = {finding["property"] for finding in body["errors"]}
    assert {"verdict", "explanation", "review_url", "review_title"} <= errors
    assert all(finding["level"] == "error" for finding in body["errors"])


def test_the_claim_page_lists_the_guideline_findings(client, admin_user):
    claim = ClaimFactory(
        claimant=None,
        status="reviewed",
        verdict="mixed",
        explanation="Half of it holds.",
        reviewed_at=timezone.now(),
    )
    client.force_login(admin_user)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    panel = page.split('id="fb-google-checks"')[1].split("</details>")[0]
    assert "0 errors, 3 warnings" in panel
    assert "itemReviewed.author" in panel
    assert "set the claim&#x27;s claimant" in panel
