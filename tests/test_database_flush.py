"""The test suite's flush after a transactional test leaves the database as Django's does."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from claims.models import Citation, Claim
from sources.models import Entity, Source
from tests.database_flush import flush_tables_with_rows, tables_with_rows
from tests.factories import CitationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_flush_empties_every_written_table_and_makes_the_permissions_again():
    CitationFactory()
    UserFactory()
    written = set(tables_with_rows(connection))
    assert {"claims_claim", "claims_citation", "sources_source", "sources_entity"} <= written

    flush_tables_with_rows("default")

    assert set(tables_with_rows(connection)) == {"django_content_type", "auth_permission"}
    for model in (Claim, Citation, Source, Entity):
        assert not model.objects.exists()
    assert ContentType.objects.get_for_model(Claim)
    assert Permission.objects.filter(codename="change_claim").exists()
