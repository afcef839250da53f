"""The organisations the importer's text pipeline knows: read once per process, read again
whenever one is created, renamed, given aliases or deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import organisation_lexicon
from claims.importing import known_entities
from sources.services import entity_create, entity_delete, entity_update
from tests.raw_sessions import raw_connection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    organisation_lexicon.forget()
    yield
    organisation_lexicon.forget()


def names():
    return {(entity.name, entity.aliases) for entity in known_entities()}


def test_an_organisation_created_renamed_or_deleted_is_known_to_the_next_document():
    assert names() == set()
    union = entity_create(name="Riverside Tenants Union", kind="organisation", aliases=["RTU"])
    entity_create(name="Maria Lopez", kind="person")
    assert names() == {("Riverside Tenants Union", ("RTU",))}
    union = entity_update(entity=union, changes={"name": "Riverside Renters Union"})
    assert names() == {("Riverside Renters Union", ("RTU",))}
    union = entity_update(entity=union, changes={"aliases": ["RRU"]})
    assert names() == {("Riverside Renters Union", ("RRU",))}
    entity_delete(entity=union)
    assert names() == set()


@pytest.fixture
def database_state(monkeypatch):
    """The counter and the writing transactions open, as the database would report them; and
    how many times the organisations were read."""
    state = {"version": 1, "writers": {"100:700"}, "reads": 0}

    def fake_state():
        return state["version"], frozenset(state["writers"])

    def fake_organisations():
        state["reads"] += 1
        return ()

    class FakeCursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql, params=None):
            pass

        def fetchone(self):
            return (state["version"],)

    monkeypatch.setattr(organisation_lexicon, "_state", fake_state)
    monkeypatch.setattr(organisation_lexicon, "_organisations", fake_organisations)
    monkeypatch.setattr(organisation_lexicon.connection, "cursor", FakeCursor)
    return state


def test_organisations_are_read_again_until_every_writer_open_at_the_read_has_ended(
    database_state,
):
    known_entities()
    assert database_state["reads"] == 1
    # Transaction 700, writing when the read began, may have changed an organisation.
    known_entities()
    assert database_state["reads"] == 2
    # A writer that began since cannot hide a change the counter counted: only 700 matters.
    database_state["writers"] = {"100:700", "101:705"}
    known_entities()
    assert database_state["reads"] == 3
    database_state["writers"] = {"101:705"}
    known_entities()  # every writer open then has ended: one more read, trusted
    assert database_state["reads"] == 4
    for _document in range(5):
        known_entities()
    assert database_state["reads"] == 4


def test_a_read_begun_with_no_writer_open_is_trusted_at_once(database_state):
    database_state["writers"] = set()
    known_entities()
    known_entities()
    assert database_state["reads"] == 1
    database_state.update(version=2, writers={"101:705"})
    known_entities()
    assert database_state["reads"] == 2
    database_state["writers"] = set()
    known_entities()
    known_entities()
    assert database_state["reads"] == 3


def _writing_transaction(database: str):
    """A session of `database` on the test database's server, in a transaction that has
    written (holds a transaction id)."""
    session = raw_connection(database)
    session.execute("SELECT txid_current()")
    return session


def _organisation_reads(queries) -> int:
    return sum('"sources_entity"' in query["sql"] for query in queries)


def test_only_writers_in_this_database_keep_the_organisations_unsettled():
    elsewhere = _writing_transaction("postgres")  # another database of the same server
    try:
        known_entities()
        with CaptureQueriesContext(connection) as queries:
            known_entities()
        assert _organisation_reads(queries) == 0  # trusted at the first read

        organisation_lexicon.forget()
        here = _writing_transaction(connection.settings_dict["NAME"])
        try:
            known_entities()
            with CaptureQueriesContext(connection) as queries:
                known_entities()
            assert _organisation_reads(queries) == 1  # it may have changed an organisation
        finally:
            here.rollback()
            here.close()
        with CaptureQueriesContext(connection) as queries:
            known_entities()  # read once more, now trusted
            known_entities()
        assert _organisation_reads(queries) == 1
    finally:
        elsewhere.rollback()
        elsewhere.close()
