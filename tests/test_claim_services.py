"""Rules of the claim services that the API and admin tests do not reach: the bulk actions count
only the claims they change, a merge needs two claims, a citation moved by its start keeps its
quote, and a headline the newsroom's template makes too long stops a publication."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import ClaimStatus, Verdict
from claims.services import (
    citation_update,
    claim_merge,
    claims_assign,
    claims_publish,
    claims_set_verdict,
    claims_tag,
    publication_problems,
)
from tests.conftest import admin_user_with
from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    return admin_user_with("checker", review=True)


def test_bulk_actions_count_only_the_claims_they_change(checker):
    claims = [ClaimFactory(), ClaimFactory()]
    assert claims_assign(claims=claims, assignee=checker, user=checker) == 2
    assert claims_tag(claims=claims, add=["rents"], user=checker) == 2
    assert claims_set_verdict(claims=claims, verdict=Verdict.INACCURATE, user=checker) == 2
    for claim in claims:
        claim.refresh_from_db()
    assert claims_assign(claims=claims, assignee=checker, user=checker) == 0
    assert claims_tag(claims=claims, add=["Rents"], user=checker) == 0
    assert claims_set_verdict(claims=claims, verdict=Verdict.INACCURATE, user=checker) == 0


def test_publishing_a_selection_leaves_claims_already_published_alone(checker):
    published = ClaimFactory(
        status=ClaimStatus.PUBLISHED,
        verdict=Verdict.INACCURATE,
        explanation="The minutes show 250.",
        review_url="https://factdesk.example/checks/1/",
        review_title="Membership did not rise",
    )
    assert claims_publish(claims=[published], user=checker) == ([], {})


def test_a_claim_cannot_be_merged_into_itself():
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        claim_merge(duplicate=claim, into=claim)


def test_a_citation_moved_by_its_start_alone_ends_where_its_quote_does(checker):
    source = SourceFactory(body="Rents rose 40%. Critics said: Rents rose 40%. Fees stayed.")
    citation = CitationFactory(source=source, start=0, end=14, quote="Rents rose 40%")
    second = source.body.index("Rents rose 40%", 1)
    citation_update(citation=citation, changes={"start": second}, user=checker)
    citation.refresh_from_db()
    assert (citation.start, citation.end) == (second, second + len("Rents rose 40%"))


def test_a_headline_the_newsrooms_template_makes_too_long_stops_publication(settings):
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://factdesk.example/checks/{id}/",
        "title": "Fact check: {claim}",
    }
    claim = ClaimFactory(
        text="Rents rose by 40% " * 30, verdict=Verdict.INACCURATE, explanation="No."
    )
    [message] = publication_problems(claim)["review_title"]
    assert "longer than 500 characters; set a shorter one on the claim" in message
    claim.review_title = "Did rents rise by 40%?"
    assert publication_problems(claim) == {}


def test_a_review_url_the_newsrooms_template_makes_too_long_stops_publication(settings):
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://factdesk.example/checks/?q={claim}{claim}",
        "title": "Fact check",
    }
    claim = ClaimFactory(text="rents " * 200, verdict=Verdict.INACCURATE, explanation="No.")
    [message] = publication_problems(claim)["review_url"]
    assert "longer than 2000 characters" in message
