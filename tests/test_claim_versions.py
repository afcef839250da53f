"""Every change to a claim bumps its version; a stale writer is refused."""

import pytest

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


def test_a_verdict_records_the_reviewer_and_the_time():
    reviewer = UserFactory()
    claim = claim_update(
        claim=ClaimFactory(),
        changes={"verdict": Verdict.MISLEADING, "status": ClaimStatus.REVIEWED},
        user=reviewer,
    )
    assert claim.reviewer == reviewer
    assert claim.reviewed_at is not None
