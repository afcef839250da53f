"""The claim change list: columns, filters, full-text search, and a constant query count."""

import pytest

from claims.services import citation_create, claim_create
from sources.models import EntityKind
from sources.services import entity_get_or_create, source_create
from tests.factories import CitationFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"
# Session, user, the user's permissions (one query), the history context (opened and closed with the
# request's savepoint), the tag filter's choices (the table's size, then its tags), two counts,
# the page of claims, the desk navigation's counts (my open claims, unread notifications) and
# the saved searches: whatever the number of claims, never a query per row. Neither the
# claimant filter nor the dates read the claims table for their choices.
CHANGELIST_QUERIES = 12


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


def test_the_list_has_every_filter_and_no_date_hierarchy(reporter_client, claim):
    response = reporter_client.get(CHANGELIST)
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    for title in ["status", "verdict", "origin", "claimant", "tag", "claimed on"]:
        assert title in titles
    assert "contradicting evidence" in titles
    assert "needs review" in titles
    # Listing the years of a date hierarchy reads every claim's date.
    assert response.context["cl"].date_hierarchy is None


def _person(name: str, aliases: list[str] | None = None):
    return entity_get_or_create(name=name, kind=EntityKind.PERSON, aliases=aliases or [])[0]


def test_the_claimant_filter_lists_no_claimant_until_a_name_is_typed(reporter_client, claim):
    ClaimFactory(text="Someone else said it", claimant=_person("Ann Ferris"))
    response = reporter_client.get(CHANGELIST)
    assert 'name="claimant_name"' in response.content.decode()
    choices = list(_claimant_spec(response).choices(response.context["cl"]))
    assert [choice["display"] for choice in choices] == ["All"]


def test_a_claimant_typed_by_part_of_the_name_or_an_alias_filters_the_list(reporter_client):
    ferris = _person("Ann Ferris", aliases=["The Consultant"])
    ClaimFactory(text="Ferris said it", claimant=ferris)
    ClaimFactory(text="Ferriston said it", claimant=_person("Bob Ferriston"))
    ClaimFactory(text="Nobody said it")
    response = reporter_client.get(CHANGELIST, {"claimant_name": "ferris"})
    assert sorted(listed(response)) == ["Ferris said it", "Ferriston said it"]
    # Both matching claimants are offered to pick one, by key.
    choices = list(_claimant_spec(response).choices(response.context["cl"]))
    assert [choice["display"] for choice in choices] == [
        "All",
        "Ann Ferris (person)",
        "Bob Ferriston (person)",
    ]
    assert f"claimant__id__exact={ferris.pk}" in choices[1]["query_string"]
    assert "claimant_name" not in choices[1]["query_string"]
    by_alias = reporter_client.get(CHANGELIST, {"claimant_name": "the consultant"})
    assert listed(by_alias) == ["Ferris said it"]


def test_a_chosen_claimant_is_shown_selected_and_keeps_the_other_filters(reporter_client, claim):
    ferris = _person("Ann Ferris")
    ClaimFactory(text="Ferris said it", claimant=ferris, status="new")
    ClaimFactory(text="Ferris said it too", claimant=ferris, status="reviewed")
    response = reporter_client.get(
        CHANGELIST, {"claimant__id__exact": ferris.pk, "status__exact": "new"}
    )
    assert listed(response) == ["Ferris said it"]
    choices = list(_claimant_spec(response).choices(response.context["cl"]))
    assert [(c["display"], c["selected"]) for c in choices] == [
        ("All", False),
        ("Ann Ferris", True),
    ]
    # Typing a name keeps the status filter (a hidden field of the claimant's form).
    assert ("status__exact", "new") in _claimant_spec(response).hidden_fields


def test_an_unknown_claimant_key_is_an_error_page_not_a_crash(reporter_client, claim):
    response = reporter_client.get(CHANGELIST, {"claimant__id__exact": "abc"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_claims_are_filtered_by_a_range_of_dates_both_ends_included(reporter_client):
    ClaimFactory(text="before", claimed_on="2020-04-30")
    ClaimFactory(text="first day", claimed_on="2020-05-01")
    ClaimFactory(text="last day", claimed_on="2020-05-31")
    ClaimFactory(text="after", claimed_on="2020-06-01")
    ClaimFactory(text="undated", claimed_on=None)
    in_may = {"claimed_on__gte": "2020-05-01", "claimed_on__lte": "2020-05-31"}
    response = reporter_client.get(CHANGELIST, in_may)
    assert sorted(listed(response)) == ["first day", "last day"]
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "claimed on")
    assert (spec.range_from, spec.range_through) == ("2020-05-01", "2020-05-31")
    # One end left empty (the form sends both fields) bounds only the other.
    since = reporter_client.get(
        CHANGELIST, {"claimed_on__gte": "2020-05-31", "claimed_on__lte": ""}
    )
    assert sorted(listed(since)) == ["after", "last day"]
    assert reporter_client.get(CHANGELIST, {"claimed_on__lte": "someday"}).status_code == 302


def _claimant_spec(response):
    return next(s for s in response.context["cl"].filter_specs if s.title == "claimant")


def test_a_typed_tag_filters_the_list_and_shows_as_chosen(reporter_client, claim):
    ClaimFactory(text="rare", tags=["rare-tag"])
    response = reporter_client.get(CHANGELIST, {"tag": "rare-tag"})
    assert listed(response) == ["rare"]
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "tag")
    assert spec.input_value == "rare-tag"
    choices = list(spec.choices(response.context["cl"]))
    assert [c["display"] for c in choices if c["selected"]] == ["rare-tag"]
    # The form's empty field is no filter.
    assert len(listed(reporter_client.get(CHANGELIST, {"tag": ""}))) == 2
