"""A speaker the importer cannot identify is kept as written, and a journalist's answer sticks.

"Trump said" in an article that never writes "Donald Trump" gives a claim without claimant whose
citation records the name as written; identifying it adds the confirmed alias and sets the
claimant of the claims it names; later imports resolve the name by that alias.
"""

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.importing import import_document
from claims.models import Citation, Claim, ClaimStatus
from claims.services import claim_update, speaker_identify
from sources.models import Entity, EntityKind
from sources.services import entity_get_or_create
from tests.conftest import admin_user_with
from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

RALLY = (
    "Wall talk returns\n\n"
    "The crowd in Ohio was loud on Tuesday night.\n\n"
    "“We will build the wall and it will be a great wall,” Trump said.\n"
)
SECOND_RALLY = (
    "Trade talk returns\n\n"
    "The crowd in Iowa waited for hours in the cold.\n\n"
    "“We will renegotiate every single trade deal we have signed,” Trump said.\n"
)
TWO_CLINTONS = (
    "Clintons in Ohio\n\n"
    "Bill Clinton arrived first. Hillary Clinton followed him on Monday.\n\n"
    "“We are proud of every single person in this town tonight,” Clinton said.\n"
)


def quote_claim(fragment: str) -> Claim:
    return Claim.objects.get(text__contains=fragment)


@pytest.fixture
def donald(db):
    return entity_get_or_create(name="Donald Trump", kind=EntityKind.PERSON)[0]


def test_the_importer_keeps_an_unresolved_surname_as_written_without_a_claimant():
    import_document(RALLY, filename="rally.txt")
    claim = quote_claim("build the wall")
    assert claim.claimant is None
    [citation] = claim.citations.all()
    assert citation.speaker_as_written == "Trump"
    assert not Entity.objects.filter(name="Trump").exists()  # no entity made of a surname


def test_identifying_a_written_name_sets_the_claimant_and_records_the_confirmed_alias(donald):
    import_document(RALLY, filename="rally.txt")
    journalist = admin_user_with("desk")
    done = speaker_identify(written="Trump", entity=donald, user=journalist)
    assert (done.claims, done.left_for_review, done.alias_added) == (1, 0, True)
    claim = quote_claim("build the wall")
    assert claim.claimant == donald
    donald.refresh_from_db()
    assert "Trump" in donald.aliases
    # Both changes are in the history, as any other edit.
    claim_events = pghistory.models.Events.objects.tracks(claim).filter(pgh_label="update")
    assert any(event.pgh_diff.get("claimant_id") for event in claim_events)
    assert pghistory.models.Events.objects.tracks(donald).filter(pgh_label="update").exists()


def test_a_later_import_resolves_the_name_by_the_confirmed_alias(donald):
    import_document(RALLY, filename="rally.txt")
    speaker_identify(written="Trump", entity=donald)
    import_document(SECOND_RALLY, filename="iowa.txt")
    assert quote_claim("renegotiate every single trade deal").claimant == donald


def test_without_a_confirmed_alias_a_surname_resolves_to_nobody_across_articles(donald):
    import_document(SECOND_RALLY, filename="iowa.txt")
    assert quote_claim("renegotiate every single trade deal").claimant is None


def test_a_surname_two_people_of_the_article_share_is_not_resolved_by_the_alias():
    bill = entity_get_or_create(name="Bill Clinton", kind=EntityKind.PERSON)[0]
    speaker_identify(written="Clinton", entity=bill)
    import_document(TWO_CLINTONS, filename="clintons.txt")
    claim = quote_claim("proud of every single person")
    assert claim.claimant is None
    assert claim.citations.get().speaker_as_written == "Clinton"


def test_identifying_never_overwrites_an_existing_claimant(donald):
    other = entity_get_or_create(name="Melania Trump", kind=EntityKind.PERSON)[0]
    kept = CitationFactory(claim=ClaimFactory(claimant=other), speaker_as_written="Trump").claim
    open_claim = CitationFactory(claim=ClaimFactory(claimant=None), speaker_as_written="Trump")
    done = speaker_identify(written="Trump", entity=donald)
    assert done.claims == 1
    kept.refresh_from_db()
    assert kept.claimant == other
    assert Claim.objects.get(pk=open_claim.claim_id).claimant == donald


def test_a_reviewed_claim_is_left_for_a_fact_checker(donald):
    citation = CitationFactory(claim=ClaimFactory(claimant=None), speaker_as_written="Trump")
    claim_update(claim=citation.claim, changes={"status": ClaimStatus.IN_REVIEW})
    Claim.objects.filter(pk=citation.claim_id).update(status=ClaimStatus.REVIEWED)
    reporter = admin_user_with("reporter2")
    done = speaker_identify(written="Trump", entity=donald, user=reporter)
    assert (done.claims, done.left_for_review) == (0, 1)
    assert Claim.objects.get(pk=citation.claim_id).claimant is None
    checker = admin_user_with("checker2", review=True)
    assert speaker_identify(written="Trump", entity=donald, user=checker).claims == 1


def test_identifying_costs_the_same_statements_for_3_claims_as_for_30(donald):
    def statements(count: int, written: str) -> int:
        source = SourceFactory.create()
        for _ in range(count):
            CitationFactory(claim=ClaimFactory(claimant=None), source=source)
        Citation.objects.filter(source=source).update(speaker_as_written=written)
        with CaptureQueriesContext(connection) as queries:
            done = speaker_identify(written=written, entity=donald)
        assert done.claims == count
        return len(queries)

    assert statements(3, "Drumpf") == statements(30, "Trumpf")


def test_an_empty_written_name_is_refused(donald):
    with pytest.raises(ValidationError, match="written name"):
        speaker_identify(written="  ", entity=donald)
