"""The write path shared by the API, the admin and the importer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factbase.db import all_or_nothing
from sources.models import Entity, EntityKind
from sources.services import (
    EntityLookup,
    entity_create,
    entity_get_or_create,
    source_create,
    source_update,
)
from tests.factories import CitationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_entity_is_found_by_name_or_alias_whatever_the_case():
    jlm, created = entity_get_or_create(
        name="Jewish Labour Movement", kind=EntityKind.ORGANISATION, aliases=["JLM"]
    )
    assert created
    assert entity_get_or_create(name="jlm", kind=EntityKind.ORGANISATION) == (jlm, False)
    assert (
        entity_get_or_create(name="JEWISH LABOUR MOVEMENT", kind=EntityKind.ORGANISATION)[0] == jlm
    )


def test_new_aliases_are_merged_into_the_existing_entity():
    jlm, _ = entity_get_or_create(name="Jewish Labour Movement", kind=EntityKind.ORGANISATION)
    same, created = entity_get_or_create(
        name="JLM", kind=EntityKind.ORGANISATION, aliases=["Jewish Labour Movement", "Poale Zion"]
    )
    assert not created
    assert same == jlm
    assert Entity.objects.get(pk=jlm.pk).aliases == ["JLM", "Poale Zion"]


def test_getting_an_entity_again_writes_nothing():
    entity_get_or_create(name="Ivor Caplin", kind=EntityKind.PERSON, aliases=["Caplin"])
    with CaptureQueriesContext(connection) as queries:
        entity_get_or_create(name="Ivor Caplin", kind=EntityKind.PERSON, aliases=["Caplin"])
    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert "SELECT" in statements
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)


def test_an_entity_made_after_a_lookup_read_is_found_not_made_twice():
    # The importer looks a document's names up once; a writer it did not wait for (the API)
    # may make one of them before the document does. Inside the document's all-or-nothing
    # transaction the clash is carried on from, not a failed document.
    with all_or_nothing():
        lookup = EntityLookup([("Poale Zion", EntityKind.ORGANISATION)])
        made_meanwhile = entity_create(name="Poale Zion", kind=EntityKind.ORGANISATION)
        found, created = lookup.get_or_create(
            name="Poale Zion", kind=EntityKind.ORGANISATION, aliases=["JLM"]
        )
        assert (found, created) == (made_meanwhile, False)
        assert Entity.objects.get(pk=found.pk).aliases == ["JLM"]
        assert lookup.find(name="JLM", kind=EntityKind.ORGANISATION) == found
    assert Entity.objects.filter(name="Poale Zion").count() == 1


def test_an_invalid_entity_is_refused_by_a_lookup_too():
    lookup = EntityLookup([("", EntityKind.PERSON)])
    with pytest.raises(ValidationError):
        lookup.get_or_create(name="x" * 1000, kind=EntityKind.PERSON)


def test_storing_the_same_body_twice_is_a_field_error():
    existing = SourceFactory()
    with pytest.raises(ValidationError) as raised:
        source_create(title="Again", body=existing.body)
    assert "already exists" in str(raised.value)


def test_a_source_needs_a_body_and_a_title():
    with pytest.raises(ValidationError) as raised:
        source_create(title="", body="")
    assert set(raised.value.message_dict) >= {"title", "body"}


def test_the_text_of_a_source_is_corrected_until_a_claim_cites_it():
    source = SourceFactory(body="Rents rose 40% since 2051.")
    source_update(source=source, changes={"body": "Rents rose 40% since 2015."})
    source.refresh_from_db()
    assert source.body == "Rents rose 40% since 2015."
    CitationFactory(source=source, start=0, end=14, quote="Rents rose 40%")
    with pytest.raises(ValidationError) as raised:
        source_update(source=source, changes={"body": "Rents rose 41% since 2015."})
    assert "cited 1 time(s)" in raised.value.message_dict["body"][0]


def test_a_person_is_never_found_through_an_alias_given_with_another_name():
    ruth, _ = entity_get_or_create(
        name="Ruth Kelly", kind=EntityKind.PERSON, aliases=["Ruth M. Kelly"]
    )
    lorraine, created = entity_get_or_create(
        name="Lorraine Kelly", kind=EntityKind.PERSON, aliases=["Ruth M. Kelly"]
    )
    assert created
    assert lorraine != ruth
