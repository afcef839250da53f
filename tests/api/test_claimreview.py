"""schema.org ClaimReview for reviewed claims, and the published feed."""

from datetime import date

import pytest
from django.utils import timezone

from claims.claimreview import REQUIRED_PROPERTIES
from tests.factories import CitationFactory, ClaimFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def reviewed_claim(status="published", verdict="misleading", **kwargs):
    publisher = OrganisationFactory()
    citation = CitationFactory(
        claim__status=status,
        claim__verdict=verdict,
        claim__explanation="The minutes show 250.",
        claim__claimed_on=date(2019, 6, 1),
        claim__reviewed_at=timezone.now(),
        source__url="https://bugle.example/agm",
        source__published_on=date(2019, 6, 2),
        source__publisher=publisher,
        **kwargs,
    )
    return citation.claim


def test_a_reviewed_claim_has_a_claimreview_with_the_required_properties(api, reader, settings):
    settings.FACTBASE_PUBLISHER = {
        **settings.FACTBASE_PUBLISHER,
        "name": "Fact Desk",
        "url": "https://factdesk.example/",
    }
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://factdesk.example/checks/{id}/",
        "title": "Fact check: {claim}",
    }
    claim = reviewed_claim()
    response = api(reader).get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200, response.content
    review = response.json()
    for prop in REQUIRED_PROPERTIES:
        assert prop in review
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"] == f"https://factdesk.example/checks/{claim.pk}/"
    assert review["headline"] == f"Fact check: {claim.text}"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Fact Desk",
        "url": "https://factdesk.example/",
    }
    assert review["datePublished"] == claim.reviewed_at.date().isoformat()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (2, 5, 1)
    assert rating["alternateName"] == "Misleading"
    assert rating["author"]["name"] == "Fact Desk"
    assert rating["datePublished"] == review["datePublished"]
    assert rating["url"] == review["url"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Organization", "name": claim.claimant.name}
    assert item["datePublished"] == "2019-06-01"
    [appearance] = item["appearance"]
    assert appearance["url"] == "https://bugle.example/agm"
    assert appearance["datePublished"] == "2019-06-02"


@pytest.mark.parametrize(("status", "verdict"), [("new", "unrated"), ("in_review", "mixed")])
def test_an_unreviewed_claim_has_no_claimreview_and_says_why(api, reader, status, verdict):
    claim = ClaimFactory(status=status, verdict=verdict)
    response = api(reader).get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 404
    assert "not reviewed" in response.json()["detail"]


def test_a_reviewed_claim_without_a_verdict_has_no_claimreview(api, reader):
    claim = ClaimFactory(status="reviewed")
    response = api(reader).get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 404
    assert "no verdict" in response.json()["detail"]


def test_the_feed_lists_published_claims_only(api, reader):
    published = reviewed_claim()
    reviewed_claim(status="reviewed")
    ClaimFactory()
    body = api(reader).get("/api/v1/claimreview/").json()
    assert [item["claimReviewed"] for item in body["results"]] == [published.text]
    assert body["next"] is None
