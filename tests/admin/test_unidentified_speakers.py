"""The desk sees an unidentified speaker on the claim page and identifies it in one step."""

import pytest
from django.urls import reverse

from claims.importing import import_document
from claims.models import Claim
from sources.models import EntityKind
from sources.services import entity_get_or_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RALLY = (
    "Wall talk returns\n\n"
    "The crowd in Ohio was loud on Tuesday night.\n\n"
    "“We will build the wall and it will be a great wall,” Trump said.\n"
)
SPEAKERS = reverse("admin:claims_claim_unidentified_speakers")


@pytest.fixture
def rally_claim(db):
    import_document(RALLY, filename="rally.txt")
    return Claim.objects.get(text__contains="build the wall")


def test_the_claim_page_says_the_speaker_is_named_but_not_identified(reporter_client, rally_claim):
    page = reporter_client.get(reverse("admin:claims_claim_change", args=[rally_claim.pk]))
    assert page.status_code == 200
    assert "Speaker named as “Trump” — not identified" in page.content.decode()


def test_the_list_shows_each_written_name_with_its_claim_count(reporter_client, rally_claim):
    page = reporter_client.get(SPEAKERS)
    assert page.status_code == 200
    [row] = page.context["rows"]
    assert (row["speaker"].written, row["speaker"].claims) == ("Trump", 1)
    assert "build the wall" in page.content.decode()


def test_identifying_from_the_list_sets_the_claimant_and_empties_the_list(
    reporter_client, rally_claim
):
    donald = entity_get_or_create(name="Donald Trump", kind=EntityKind.PERSON)[0]
    response = reporter_client.post(SPEAKERS, {"written": "Trump", "entity": donald.pk})
    assert response.status_code == 302
    rally_claim.refresh_from_db()
    assert rally_claim.claimant == donald
    donald.refresh_from_db()
    assert donald.aliases == ["Trump"]
    assert reporter_client.get(SPEAKERS).context["rows"] == []
    page = reporter_client.get(reverse("admin:claims_claim_change", args=[rally_claim.pk]))
    assert "not identified" not in page.content.decode()


def test_identifying_needs_a_person_chosen(reporter_client, rally_claim):
    response = reporter_client.post(SPEAKERS, {"written": "Trump"})
    assert response.status_code == 200
    rally_claim.refresh_from_db()
    assert rally_claim.claimant is None


def test_a_user_who_may_not_change_claims_cannot_identify(client, rally_claim):
    viewer = UserFactory(username="viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get(SPEAKERS).status_code == 403
