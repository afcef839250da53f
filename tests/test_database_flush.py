"""The test suite's emptying of the database after a transactional test."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Citation, Claim
from events.models import Event
from sources.models import Entity, Source
from tests.database_flush import flush_tables_with_rows, tables_with_rows
from tests.factories import CitationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_flush_empties_every_written_table_and_keeps_the_permissions():
    CitationFactory()
    UserFactory()
    Group.objects.create(name="desk")
    permissions = set(Permission.objects.values_list("pk", "codename"))
    written = set(tables_with_rows(connection))
    assert {"claims_claim", "claims_citation", "sources_source", "events_event"} <= written

    flush_tables_with_rows("default")

    assert set(tables_with_rows(connection)) == {
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
    }
    for model in (Claim, Citation, Source, Entity, Event):
        assert not model.objects.exists()  # the deletions recorded no change events either
    assert set(Permission.objects.values_list("pk", "codename")) == permissions
    assert ContentType.objects.get_for_model(Claim)


def test_after_the_flush_the_editorial_groups_are_there_as_migrated():
    migrated = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }
    assert {"reader", "reporter", "fact-checker"} <= set(migrated)
    Group.objects.create(name="desk")
    Group.objects.get(name="reader").permissions.clear()

    flush_tables_with_rows("default")

    assert {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    } == migrated


def test_the_flush_makes_permissions_a_test_removed_again():
    Permission.objects.filter(codename="change_claim").delete()
    flush_tables_with_rows("default")
    assert Permission.objects.filter(codename="change_claim").exists()


def test_after_a_first_flush_the_editorial_groups_are_made_again_in_two_statements():
    flush_tables_with_rows("default")  # the process's first, if no test emptied the database yet
    UserFactory()
    with CaptureQueriesContext(connection) as flushed:
        flush_tables_with_rows("default")
    making = [
        query["sql"]
        for query in flushed.captured_queries
        if query["sql"].lstrip().startswith("INSERT") and "auth_group" in query["sql"]
    ]
    assert len(making) == 2, making
    assert set(Group.objects.values_list("name", flat=True)) == {
        "reader",
        "reporter",
        "fact-checker",
    }
