"""Rows become model instances without `Model.__init__` (factbase/row_loading.py): the same
instances Django makes, deferred fields still deferred, and Django's own path whenever a model
has `pre_init`/`post_init` receivers."""

import pytest
from django.db import models
from django.db.models.signals import post_init

from claims.models import Claim
from claims.selectors import claim_list_queryset
from sources.models import Entity, Source
from tests.factories import ClaimFactory, EntityFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(instance: models.Model) -> dict:
    return {name: value for name, value in vars(instance).items() if name != "_state"}


def _loaded_by_django(queryset: models.QuerySet) -> list[models.Model]:
    """The rows as Django's own `from_db` makes them (it does so for a model with a receiver)."""

    def no_op(**kwargs) -> None:
        pass

    post_init.connect(no_op)
    try:
        return list(queryset)
    finally:
        post_init.disconnect(no_op)


@pytest.fixture
def claims():
    reviewer = UserFactory(username="rev")
    return [
        ClaimFactory(reviewer=reviewer, tags=["housing"], claimed_on=None),
        ClaimFactory(claimant=None, text="Nobody said this — “quoted”"),
    ]


@pytest.fixture
def inits(monkeypatch):
    """The model classes whose `__init__` ran, in order."""
    made: list[type] = []
    init = models.Model.__init__

    def counting_init(self, *args, **kwargs):
        made.append(type(self))
        init(self, *args, **kwargs)

    monkeypatch.setattr(models.Model, "__init__", counting_init)
    return made


def test_a_list_pages_rows_and_joined_objects_are_made_without_init(claims, inits):
    page = list(claim_list_queryset().order_by("id"))
    assert [claim.pk for claim in page] == [claim.pk for claim in claims]
    assert [claim.claimant.name for claim in page[:1]] == [claims[0].claimant.name]
    # The users (Django's own model) still go through __init__; the project's models do not.
    assert not {Claim, Entity} & set(inits)


def test_loaded_instances_are_the_ones_django_makes(claims):
    queryset = claim_list_queryset().order_by("id")
    for loaded, django_made in zip(queryset, _loaded_by_django(queryset), strict=True):
        assert _fields(loaded) == _fields(django_made)
        assert list(vars(loaded)) == list(vars(django_made))  # the same order, too
        assert (loaded._state.adding, loaded._state.db) == (False, "default")
        assert loaded.get_deferred_fields() == django_made.get_deferred_fields()
        assert loaded.get_deferred_fields() == {"search_vector"}
        assert loaded.citation_count == 0  # the annotation is set, as on Django's instances
        if loaded.claimant is not None:  # a joined object, made the same way
            assert _fields(loaded.claimant) == _fields(django_made.claimant)
            assert loaded.claimant._state.adding is False


def test_a_loaded_instance_saves_updates_and_reloads_as_usual(claims):
    source = SourceFactory(title="Budget")
    loaded = Source.objects.defer("body").get(pk=source.pk)
    assert "body" in loaded.get_deferred_fields()
    assert loaded.body == source.body  # a deferred field loads on first use
    loaded.title = "Budget 2025"
    loaded.save(update_fields=["title"])  # an UPDATE: the instance is not new
    assert Source.objects.get(pk=source.pk).title == "Budget 2025"
    claim = Claim.objects.get(pk=claims[0].pk)
    claim.refresh_from_db()
    assert claim.reviewer.username == "rev"


def test_a_model_with_an_init_receiver_is_made_by_django(inits):
    entity = EntityFactory()
    inits.clear()
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Entity)
    try:
        loaded = Entity.objects.get(pk=entity.pk)
    finally:
        post_init.disconnect(receiver, sender=Entity)
    assert seen == [entity.pk]
    assert inits == [Entity]
    assert loaded.name == entity.name
