"""The organisations the importer's text pipeline knows: read once per process, read again
whenever one is created, renamed, given aliases or deleted."""

import pytest

from claims import organisation_lexicon
from claims.importing import known_entities
from sources.services import entity_create, entity_delete, entity_update

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
    """The counter and the transactions open, as the database would report them; and how many
    times the organisations were read."""
    state = {"version": 1, "oldest_open": 100, "next": 105, "reads": 0}

    def fake_state():
        return state["version"], state["oldest_open"], state["next"]

    def fake_organisations():
        state["reads"] += 1
        return ()

    monkeypatch.setattr(organisation_lexicon, "_state", fake_state)
    monkeypatch.setattr(organisation_lexicon, "_organisations", fake_organisations)
    return state


def test_organisations_are_read_again_until_every_transaction_open_at_the_read_has_ended(
    database_state,
):
    known_entities()
    assert database_state["reads"] == 1
    # Transaction 100, open at the read, may have changed an organisation: not trusted yet.
    known_entities()
    assert database_state["reads"] == 2
    database_state.update(oldest_open=105, next=110)
    known_entities()  # every transaction open then has ended: one more read, trusted
    assert database_state["reads"] == 3
    for _document in range(5):
        known_entities()
    assert database_state["reads"] == 3


def test_organisations_are_read_again_when_the_counter_moves(database_state):
    database_state.update(oldest_open=105)
    known_entities()
    known_entities()
    assert database_state["reads"] == 2  # settled on the second read
    known_entities()
    assert database_state["reads"] == 2
    database_state.update(version=2)
    known_entities()
    assert database_state["reads"] == 3
