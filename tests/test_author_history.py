"""A source's authors (a many-to-many field) are in its history like any other change: who added
or removed which author, when, through the services, the API, the admin or a command."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from factbase.api.history import history_entries, history_events
from factbase.commands import HistoryCommand
from sources.models import EntityKind, Source
from sources.services import entity_create, source_create, source_update
from tests.api.conftest import token_client
from tests.conftest import admin_user_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(db):
    return entity_create(name="Ann Lee", kind=EntityKind.PERSON)


@pytest.fixture
def tom(db):
    return entity_create(name="Tom Brown", kind=EntityKind.PERSON)


@pytest.fixture
def source(ann):
    return source_create(title="Rents report", body="Rents rose 12% since 2019.", authors=[ann])


def history_of(source: Source) -> list[dict]:
    return history_entries(history_events(source))


def author_events(source: Source) -> list[dict]:
    return [event for event in history_of(source) if "authors" in event["changes"]]


def author_changes(source: Source) -> list[tuple]:
    return [
        (event["action"], event["changes"]["authors"]["old"], event["changes"]["authors"]["new"])
        for event in author_events(source)
    ]


def test_authors_given_at_creation_are_in_the_history(source, ann):
    assert author_changes(source) == [("update", None, ann.pk)]


def test_adding_and_removing_authors_is_recorded(source, ann, tom):
    source_update(source=source, changes={"authors": [ann, tom]})
    source_update(source=source, changes={"authors": [tom]})
    assert author_changes(source) == [
        ("update", None, ann.pk),
        ("update", None, tom.pk),
        ("update", ann.pk, None),
    ]


def test_setting_the_same_authors_again_records_nothing(source, ann):
    before = len(history_of(source))
    source_update(source=source, changes={"authors": [ann]})
    assert len(history_of(source)) == before


def test_another_sources_authors_are_not_in_this_sources_history(source, ann, tom):
    source_create(title="Another report", body="Fares rose 5%.", authors=[tom])
    assert author_changes(source) == [("update", None, ann.pk)]


def test_an_author_change_through_the_api_is_attributed_to_the_user(source, ann, tom):
    editor = UserFactory(username="editor")
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_source", "change_source"])
    )
    api = token_client(editor)
    url = f"/api/v1/sources/{source.pk}/"
    response = api.patch(
        url, {"author_ids": [tom.pk]}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"]
    )
    assert response.status_code == 200, response.content
    history = api.get(f"{url}history/").json()["results"]
    by_editor = [
        event["changes"]["authors"]
        for event in history
        if "authors" in event["changes"] and (event["user"] or {}).get("username") == "editor"
    ]
    assert sorted(by_editor, key=str) == sorted(
        [{"old": ann.pk, "new": None}, {"old": None, "new": tom.pk}], key=str
    )


def test_the_admin_history_page_names_the_authors_added_and_removed(source, tom):
    source_update(source=source, changes={"authors": [tom]})
    client = Client()
    client.force_login(admin_user_with("reporter"))
    response = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    assert response.status_code == 200
    rows = [
        (row.action, change)
        for row in response.context["rows"]
        for change in row.changes
        if change[0] == "authors"
    ]
    assert sorted(rows, key=str) == sorted(
        [
            ("changed", ("authors", None, "Ann Lee")),
            ("changed", ("authors", None, "Tom Brown")),
            ("changed", ("authors", "Ann Lee", None)),
        ],
        key=str,
    )


class BylineCommand(HistoryCommand):
    """A command adding an author, as the importer does for a page's byline."""

    def add_arguments(self, parser):
        parser.add_argument("source_id", type=int)
        parser.add_argument("author_id", type=int)

    def handle(self, *args, **options):
        source = Source.objects.get(pk=options["source_id"])
        with self.history_context(file="byline.txt"):
            source_update(
                source=source,
                changes={"authors": [*source.authors.all(), options["author_id"]]},
            )


def test_an_author_added_by_a_command_is_recorded_with_the_command_and_file(source, tom):
    call_command(BylineCommand(), str(source.pk), str(tom.pk), stdout=StringIO())
    (added,) = [event for event in author_events(source) if event["changes"]["authors"]["new"]][1:]
    assert added["changes"]["authors"] == {"old": None, "new": tom.pk}
    assert (added["command"], added["file"]) == ("test_author_history", "byline.txt")
