"""Integrity rules hold in the database itself, whatever path the write takes."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.models import Citation, Claim
from sources.models import Entity, EntityKind, Source
from tests.factories import CitationFactory, ClaimFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def rejected_by_database(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_same_body_cannot_be_stored_twice():
    source = SourceFactory()
    assert rejected_by_database(
        lambda: Source.objects.create(title="Copy", body=source.body, publisher=source.publisher)
    )


def test_entity_names_are_unique_per_kind_ignoring_case():
    EntityFactory(name="Jewish Labour Movement", kind=EntityKind.ORGANISATION)
    assert rejected_by_database(
        lambda: Entity.objects.create(name="JEWISH labour movement", kind=EntityKind.ORGANISATION)
    )
    # A person may share a name with an organisation.
    Entity.objects.create(name="Jewish Labour Movement", kind=EntityKind.PERSON)


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 4)])
def test_citation_offsets_must_be_ordered(start, end):
    citation = CitationFactory()
    assert rejected_by_database(
        lambda: Citation.objects.filter(pk=citation.pk).update(start=start, end=end)
    )


def test_negative_offset_is_rejected():
    citation = CitationFactory()
    assert rejected_by_database(lambda: Citation.objects.filter(pk=citation.pk).update(start=-1))


def test_a_claim_cites_the_same_passage_of_a_source_once():
    citation = CitationFactory()
    assert rejected_by_database(
        lambda: Citation.objects.create(
            claim=citation.claim,
            source=citation.source,
            quote=citation.quote,
            start=citation.start,
            end=citation.end,
        )
    )


def test_unknown_choice_values_are_rejected():
    claim = ClaimFactory()
    assert rejected_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(status="done"))
    assert rejected_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(verdict="true"))


def test_text_longer_than_the_limit_is_rejected():
    claim = ClaimFactory()
    assert rejected_by_database(lambda: Claim.objects.filter(pk=claim.pk).update(text="x" * 5001))
    source = SourceFactory()
    assert rejected_by_database(
        lambda: Source.objects.filter(pk=source.pk).update(body="x" * 1_000_001)
    )


def test_check_worthiness_is_a_probability():
    claim = ClaimFactory()
    assert rejected_by_database(
        lambda: Claim.objects.filter(pk=claim.pk).update(check_worthiness=1.5)
    )


def test_a_cited_source_cannot_be_deleted():
    citation = CitationFactory()
    with pytest.raises(ProtectedError):
        citation.source.delete()


def test_a_claimant_with_claims_cannot_be_deleted():
    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.claimant.delete()


def test_deleting_a_claim_deletes_its_citations_but_not_the_source():
    citation = CitationFactory()
    source_id = citation.source_id
    citation.claim.delete()
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert Source.objects.filter(pk=source_id).exists()
