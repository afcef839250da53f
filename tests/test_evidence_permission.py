"""The evidence of a reviewed or published claim (its citations) changes only with the review
permission, whatever the path: the services, the API, the admin's claim form and citation pages,
and merges."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from claims.models import Citation, Claim, ClaimStatus
from claims.services import (
    citation_create,
    citation_delete,
    citation_update,
    claim_create,
    claim_merge,
)
from sources.services import source_create
from tests.admin.conftest import CONTRADICTING_QUOTE, LETTER_BODY, STATED_QUOTE, claim_form_data
from tests.api.conftest import token_client
from tests.conftest import admin_user_with

pytestmark = pytest.mark.django_db

OWN_SOURCE_BODY = "Our own blog says membership rose to 3,000 in 2019, not 300."


@pytest.fixture
def reporter(db):
    user = admin_user_with("reporter")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["delete_citation"]))
    return user


@pytest.fixture
def fact_checker(db):
    user = admin_user_with("checker", review=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["delete_citation"]))
    return user


@pytest.fixture
def letter(db):
    return source_create(title="Letter to members", body=LETTER_BODY, kind="letter")


@pytest.fixture
def own_source(reporter):
    return source_create(title="A reporter's own page", body=OWN_SOURCE_BODY)


def make_claim(letter, status: str) -> Claim:
    claim = claim_create(text="Membership rose to 300 in 2019")
    citation_create(claim=claim, source=letter, quote=STATED_QUOTE)
    if status != ClaimStatus.NEW:
        # Setting up the state, not testing the review workflow: straight to the row.
        Claim.objects.filter(pk=claim.pk).update(
            status=status, verdict="mostly_accurate", explanation="Checked against the register."
        )
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture(params=[ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED])
def reviewed_claim(request, letter):
    return make_claim(letter, request.param)


@pytest.fixture(params=[ClaimStatus.NEW, ClaimStatus.IN_REVIEW])
def open_claim(request, letter):
    return make_claim(letter, request.param)


def evidence(claim: Claim) -> list[tuple]:
    return list(
        Citation.objects.filter(claim=claim)
        .order_by("id")
        .values_list("source_id", "quote", "start", "end", "relation", "rank", "note")
    )


# --- the services -------------------------------------------------------------------------

CITATION_CHANGES = [
    {"relation": "contradicts"},
    {"quote": CONTRADICTING_QUOTE},  # another passage
    {"rank": "deprecated"},
    {"note": "Superseded."},
]


@pytest.mark.parametrize("changes", CITATION_CHANGES)
def test_reporter_cannot_change_evidence_of_a_reviewed_claim(reporter, reviewed_claim, changes):
    before = evidence(reviewed_claim)
    with pytest.raises(PermissionDenied, match="fact-checker"):
        citation_update(citation=reviewed_claim.citations.get(), changes=changes, user=reporter)
    assert evidence(reviewed_claim) == before


def test_reporter_cannot_add_evidence_to_a_reviewed_claim(reporter, reviewed_claim, own_source):
    before = evidence(reviewed_claim)
    with pytest.raises(PermissionDenied):
        citation_create(claim=reviewed_claim, source=own_source, quote="3,000", created_by=reporter)
    assert evidence(reviewed_claim) == before


def test_reporter_cannot_delete_evidence_of_a_reviewed_claim(reporter, reviewed_claim):
    with pytest.raises(PermissionDenied):
        citation_delete(citation=reviewed_claim.citations.get(), user=reporter)
    assert reviewed_claim.citations.count() == 1


@pytest.mark.parametrize("changes", CITATION_CHANGES)
def test_fact_checker_can_change_evidence_of_a_reviewed_claim(
    fact_checker, reviewed_claim, changes
):
    citation = citation_update(
        citation=reviewed_claim.citations.get(), changes=changes, user=fact_checker
    )
    for field, value in changes.items():
        assert getattr(citation, field) == value


@pytest.mark.parametrize("changes", CITATION_CHANGES)
def test_reporter_changes_evidence_of_a_claim_not_yet_reviewed(reporter, open_claim, changes):
    citation_update(citation=open_claim.citations.get(), changes=changes, user=reporter)
    citation_create(claim=open_claim, source=open_claim.citations.get().source, quote="£5 a head")
    assert open_claim.citations.count() == 2


def test_the_importer_may_add_evidence_to_a_reviewed_claim(reviewed_claim, own_source):
    citation_create(claim=reviewed_claim, source=own_source, quote="3,000", created_by=None)
    assert reviewed_claim.citations.count() == 2


def test_an_update_that_changes_nothing_needs_no_permission(reporter, reviewed_claim):
    citation = reviewed_claim.citations.get()
    citation_update(citation=citation, changes={"relation": citation.relation}, user=reporter)


def test_reporter_cannot_merge_new_evidence_into_a_reviewed_claim(
    reporter, reviewed_claim, own_source
):
    duplicate = claim_create(text="Membership rose to 3,000 in 2019")
    citation_create(claim=duplicate, source=own_source, quote="3,000")
    with pytest.raises(PermissionDenied):
        claim_merge(duplicate=duplicate, into=reviewed_claim, user=reporter)
    assert reviewed_claim.citations.count() == 1
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of is None


def test_fact_checker_merges_new_evidence_into_a_reviewed_claim(
    fact_checker, reviewed_claim, own_source
):
    duplicate = claim_create(text="Membership rose to 3,000 in 2019")
    citation_create(claim=duplicate, source=own_source, quote="3,000")
    claim_merge(duplicate=duplicate, into=reviewed_claim, user=fact_checker)
    assert reviewed_claim.citations.count() == 2


# --- the API ------------------------------------------------------------------------------


def test_reporter_cannot_repoint_a_published_fact_checks_citation_through_the_api(reporter, letter):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    api = token_client(reporter)
    citation = published.citations.get()
    url = f"/api/v1/citations/{citation.pk}/"
    review_before = api.get(f"/api/v1/claims/{published.pk}/claimreview/").json()
    response = api.patch(
        url,
        {"relation": "contradicts", "quote": CONTRADICTING_QUOTE},
        format="json",
        HTTP_IF_MATCH=api.get(url)["ETag"],
    )
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "permission_denied"
    assert api.get(f"/api/v1/claims/{published.pk}/claimreview/").json() == review_before


def test_reporter_cannot_cite_their_own_source_for_a_published_claim_through_the_api(
    reporter, letter, own_source
):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    response = token_client(reporter).post(
        "/api/v1/citations/",
        {"claim_id": published.pk, "source_id": own_source.pk, "quote": "3,000"},
        format="json",
    )
    assert response.status_code == 403, response.content
    assert published.citations.count() == 1


@pytest.mark.parametrize(("method", "data"), [("patch", {"rank": "deprecated"}), ("delete", None)])
def test_reporter_cannot_deprecate_or_delete_a_published_claims_citation_through_the_api(
    reporter, letter, method, data
):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    api = token_client(reporter)
    url = f"/api/v1/citations/{published.citations.get().pk}/"
    etag = api.get(url)["ETag"]
    response = getattr(api, method)(url, data, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403, response.content
    assert evidence(published) == evidence(Claim.objects.get(pk=published.pk))
    assert published.citations.get().rank == "normal"


def test_fact_checker_changes_a_published_claims_citation_through_the_api(fact_checker, letter):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    api = token_client(fact_checker)
    url = f"/api/v1/citations/{published.citations.get().pk}/"
    response = api.patch(
        url, {"rank": "deprecated"}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"]
    )
    assert response.status_code == 200, response.content
    assert published.citations.get().rank == "deprecated"


# --- the admin ------------------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_reporter_cannot_change_a_published_claims_citations_in_the_claim_form(reporter, letter):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    before = evidence(published)
    response = logged_in(reporter).post(
        reverse("admin:claims_claim_change", args=[published.pk]),
        claim_form_data(published, **{"citations-0-relation": "contradicts"}),
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "only a fact-checker can add or change its evidence" in response.content.decode()
    assert evidence(published) == before


def test_fact_checker_edits_a_published_claims_citations_in_the_claim_form(fact_checker, letter):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    url = reverse("admin:claims_claim_change", args=[published.pk])
    assert 'name="citations-0-quote"' in logged_in(fact_checker).get(url).content.decode()
    response = logged_in(fact_checker).post(
        url, claim_form_data(published, **{"citations-0-relation": "supports"})
    )
    assert response.status_code == 302, response.content
    assert published.citations.get().relation == "supports"


def test_reporter_cannot_change_a_published_claims_citation_on_its_admin_page(reporter, letter):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    citation = published.citations.get()
    url = reverse("admin:claims_citation_change", args=[citation.pk])
    client = logged_in(reporter)
    page = client.get(url)
    assert page.status_code == 200  # shown, read-only
    assert 'name="relation"' not in page.content.decode()
    response = client.post(url, {"relation": "contradicts", "quote": citation.quote})
    assert response.status_code == 403
    assert published.citations.get().relation == citation.relation


def test_reporter_cannot_add_a_citation_to_a_published_claim_on_the_citation_page(
    reporter, letter, own_source
):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    response = logged_in(reporter).post(
        reverse("admin:claims_citation_add"),
        {
            "claim": published.pk,
            "source": own_source.pk,
            "quote": "3,000",
            "start": OWN_SOURCE_BODY.index("3,000"),
            "end": OWN_SOURCE_BODY.index("3,000") + len("3,000"),
            "relation": "supports",
            "rank": "normal",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "only a fact-checker can add evidence" in response.content.decode()
    assert published.citations.count() == 1


def test_reporter_merging_into_a_published_claim_in_the_admin_is_told_why_not(
    reporter, letter, own_source
):
    published = make_claim(letter, ClaimStatus.PUBLISHED)
    duplicate = claim_create(text="Membership rose to 3,000 in 2019")
    citation_create(claim=duplicate, source=own_source, quote="3,000")
    response = logged_in(reporter).post(
        f"/admin/claims/claim/{published.pk}/merge/", {"duplicate": duplicate.pk}, follow=True
    )
    assert "only a fact-checker" in response.content.decode()
    assert published.citations.count() == 1
