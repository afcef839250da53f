"""The claim change list: columns, filters, full-text search, and a constant query count."""

import pytest

from claims.models import Claim
from claims.services import citation_create, claim_create
from sources.services import source_create
from tests.factories import CitationFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"
# Session, user, two permission lookups, the history context (opened and closed with the
# request's savepoint), claimant and tag filter choices, two counts, the page of claims, two
# for the date hierarchy, the desk navigation's counts (my open claims, unread notifications)
# and the saved searches: whatever the number of claims, never a query per row.
CHANGELIST_QUERIES = 15


def listed(response) -> list[str]:
    return [claim.text for claim in response.context["cl"].result_list]


def test_the_list_shows_citation_and_distinct_source_counts(reporter_client, claim, letter):
    other = source_create(title="Press release", body="Membership rose to 300 in 2019, we say.")
    citation_create(claim=claim, source=other, quote="Membership rose to 300 in 2019")
    row = reporter_client.get(CHANGELIST).context["cl"].result_list[0]
    assert (row.citation_count, row.source_count) == (3, 2)


@pytest.mark.parametrize("claims", [3, 30])
def test_the_list_costs_the_same_queries_for_3_or_30_claims(
    reporter_client, django_assert_num_queries, claims
):
    for i in range(claims):
        citation = CitationFactory()
        citation.claim.tags = [f"tag{i % 4}"]
        citation.claim.assignee = UserFactory()
        citation.claim.save()
    with django_assert_num_queries(CHANGELIST_QUERIES):
        response = reporter_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == claims


def test_search_is_the_ranked_full_text_search_of_the_api(reporter_client):
    claim_create(text="Unemployment fell by 2% last year")
    claim_create(text="The minister said unemployment fell, and fell again, in every region")
    claim_create(text="Inflation rose")
    # Stemmed: "regions" finds "region".
    assert listed(reporter_client.get(CHANGELIST, {"q": "unemployment regions"})) == [
        "The minister said unemployment fell, and fell again, in every region"
    ]
    response = reporter_client.get(CHANGELIST, {"q": '"unemployment fell" -minister'})
    assert listed(response) == ["Unemployment fell by 2% last year"]
    # Not a substring match: part of a word finds nothing.
    assert listed(reporter_client.get(CHANGELIST, {"q": "employ"})) == []


def test_search_results_are_ordered_best_match_first(reporter_client):
    claim_create(text="Housing was mentioned once among many other things in this long claim")
    claim_create(text="Housing housing housing")
    assert listed(reporter_client.get(CHANGELIST, {"q": "housing"}))[0] == "Housing housing housing"


def test_needs_review_filter_lists_new_and_in_review_claims(reporter_client):
    ClaimFactory(text="new one", status="new")
    ClaimFactory(text="being checked", status="in_review")
    ClaimFactory(text="done", status="reviewed")
    assert set(listed(reporter_client.get(CHANGELIST, {"needs_review": "yes"}))) == {
        "new one",
        "being checked",
    }


def test_contradicting_evidence_filter(reporter_client, claim):
    ClaimFactory(text="uncontested")
    assert listed(reporter_client.get(CHANGELIST, {"contradicted": "yes"})) == [claim.text]
    assert listed(reporter_client.get(CHANGELIST, {"contradicted": "no"})) == ["uncontested"]


def test_tag_claimant_origin_and_date_filters(reporter_client, claim, labour):
    ClaimFactory(text="other", tags=["housing"], origin="imported", claimed_on="2020-05-01")
    assert listed(reporter_client.get(CHANGELIST, {"tag": "membership"})) == [claim.text]
    by_claimant = reporter_client.get(CHANGELIST, {"claimant__id__exact": labour.pk})
    assert listed(by_claimant) == [claim.text]
    assert listed(reporter_client.get(CHANGELIST, {"origin__exact": "imported"})) == ["other"]
    dated = reporter_client.get(
        CHANGELIST, {"claimed_on__gte": "2020-01-01", "claimed_on__lt": "2021-01-01"}
    )
    assert listed(dated) == ["other"]


def test_the_list_has_a_date_hierarchy_and_every_filter(reporter_client, claim):
    response = reporter_client.get(CHANGELIST)
    page = response.content.decode()
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    for title in ["status", "verdict", "origin", "claimant", "tag", "claimed on"]:
        assert title in titles
    assert "contradicting evidence" in titles
    assert "needs review" in titles
    assert 'class="xfull"' in page or "date-hierarchy" in page or "toplinks" in page
    assert Claim.objects.count() == 1
