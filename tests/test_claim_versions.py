"""Every change to a claim bumps its version; a stale writer is refused."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from claims.models import Claim, ClaimStatus, Verdict
from claims.services import StaleVersionError, claim_create, claim_update
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_claim_starts_at_version_one():
    assert claim_create(text="Turnout was 40% in 2019").version == 1


def test_each_update_increments_the_version():
    claim = ClaimFactory()
    claim = claim_update(claim=claim, changes={"status": ClaimStatus.IN_REVIEW})
    assert claim.version == 2
    claim = claim_update(claim=claim, changes={"text": "Turnout was 41% in 2019"})
    assert claim.version == 3


def test_bulk_updates_outside_the_services_bump_the_version_too():
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(tags=["elections"])
    claim.refresh_from_db()
    assert claim.version == 2


def test_saving_without_a_change_keeps_the_version():
    claim = ClaimFactory()
    claim.save()
    claim.refresh_from_db()
    assert claim.version == 1


def test_an_update_based_on_a_stale_version_is_refused_and_changes_nothing():
    claim = ClaimFactory()
    claim_update(claim=claim, changes={"text": "Edited by someone else"}, expected_version=1)
    with pytest.raises(StaleVersionError) as raised:
        claim_update(claim=claim, changes={"text": "My edit"}, expected_version=1)
    assert raised.value.current_version == 2
    claim.refresh_from_db()
    assert claim.text == "Edited by someone else"


def fact_checker():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="review_claim"))
    return get_user_model().objects.get(pk=user.pk)  # fresh: permissions are cached per object


def test_a_verdict_records_the_reviewer_and_the_time():
    reviewer = fact_checker()
    claim = claim_update(
        claim=ClaimFactory(),
        changes={"verdict": Verdict.MISLEADING, "status": ClaimStatus.REVIEWED},
        user=reviewer,
    )
    assert claim.reviewer == reviewer
    assert claim.reviewed_at is not None


def test_only_a_fact_checker_sets_a_verdict_or_publishes():
    reporter = UserFactory()
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        claim_update(claim=claim, changes={"verdict": Verdict.ACCURATE}, user=reporter)
    with pytest.raises(PermissionDenied):
        claim_update(claim=claim, changes={"status": ClaimStatus.PUBLISHED}, user=reporter)
    claim.refresh_from_db()
    assert (claim.verdict, claim.status) == (Verdict.UNRATED, ClaimStatus.NEW)


def test_a_published_claim_cannot_be_reworded_or_unpublished_without_review_permission():
    claim = ClaimFactory(status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE)
    reporter = UserFactory()
    for changes in ({"text": "Something else"}, {"status": ClaimStatus.NEW}):
        with pytest.raises(PermissionDenied):
            claim_update(claim=claim, changes=changes, user=reporter)
    claim = claim_update(claim=claim, changes={"text": "Reworded"}, user=fact_checker())
    assert claim.text == "Reworded"


def test_a_reporter_still_edits_claims_before_review():
    claim = claim_update(
        claim=ClaimFactory(),
        changes={"text": "Fixed a typo", "status": "in_review"},
        user=UserFactory(),
    )
    assert claim.text == "Fixed a typo"


def test_anyone_may_assign_or_tag_a_published_claim():
    claim = ClaimFactory(status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE)
    reporter = UserFactory()
    claim = claim_update(
        claim=claim, changes={"assignee": reporter, "tags": ["follow-up"]}, user=reporter
    )
    assert claim.assignee == reporter
