"""Model instances made from database rows without running `Model.__init__`.

Django makes each row read by a query an instance through `Model.from_db`, which calls
`Model.__init__`: it sends `pre_init` and `post_init` (to no receiver here), then assigns
every field through `setattr`, then sets the instance's state. For a list page that is 50 to
100 instances (the rows and their joined objects), and `__init__` was the largest single item of
such a request's CPU time. The instance it makes is plain: its fields' values in its
`__dict__`, keyed by their attribute names, deferred fields absent, and a `ModelState` saying
which database it came from. `from_db` here makes the same instance directly, the hook Django
documents for customising loading ("Customizing model loading").

It falls back to Django's own path whenever the shortcut could differ: when a receiver is
connected to `pre_init` or `post_init` for the model, or the model overrides `__init__`, or a
field's attribute is a descriptor that does more on assignment than store the value (a file
field's, say).

`from_row` makes such an instance of any model that allows it, Django's user included: a
statement compiled once (factbase.api.prepared) makes its rows and joined objects with it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Sequence
from typing import Any, Self

from django.db import models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Descriptors whose assignment, on an instance being made, only stores the value in __dict__:
# a plain field's and a foreign key's `<name>_id` (which also forgets a cached related object,
# and a new instance has none).
_STORING_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@functools.cache
def _plain_fields(model: type[models.Model]) -> bool:
    """Whether assigning every concrete field of `model` just stores its value."""
    if model.__init__ is not models.Model.__init__:
        return False
    for field in model._meta.concrete_fields:
        attribute = inspect.getattr_static(model, field.attname, None)
        if attribute is not None and type(attribute) not in _STORING_DESCRIPTORS:
            return False
    return True


def loads_plainly(model: type[models.Model]) -> bool:
    """Whether `from_row` may make `model`'s instances now: no receiver of `pre_init` or
    `post_init` for it, its `from_db` Django's own or this module's, and every field plain."""
    if (pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    ):
        return False
    return _own_from_db(model) and _plain_fields(model)


@functools.cache
def _own_from_db(model: type[models.Model]) -> bool:
    """Whether `model` makes instances of rows with Django's `from_db` or this module's."""
    function = getattr(inspect.getattr_static(model, "from_db"), "__func__", None)
    return function in _PLAIN_FROM_DB


def from_row(
    model: type[models.Model], db: str | None, field_names: Sequence[str], values: Sequence[Any]
) -> Any:
    """The instance Django's `from_db` makes of a row, made directly (only for a model that
    `loads_plainly`)."""
    new = model.__new__(model)
    state = new._state = ModelState()
    state.adding = False
    state.db = db
    # The loaded fields by attribute name, in the row's order (Django's order too); a
    # deferred field stays out of __dict__, which is how Django knows it is deferred.
    new.__dict__.update(zip(field_names, values, strict=True))
    return new


class LoadedFromRows(models.Model):
    """A model whose instances read from the database are made without `__init__` (see the
    module's docstring)."""

    class Meta:
        abstract = True

    @classmethod
    # The stubs give Django 6's signature (a keyword `fetch_mode`); Django 5.2 passes these three.
    def from_db(  # type: ignore[override]
        cls, db: str | None, field_names: Sequence[str], values: Sequence[Any]
    ) -> Self:
        if (pre_init.receivers or post_init.receivers) and (
            pre_init.has_listeners(cls) or post_init.has_listeners(cls)
        ):
            return super().from_db(db, field_names, values)  # (no receiver at all, usually)
        if not _plain_fields(cls):
            return super().from_db(db, field_names, values)
        return from_row(cls, db, field_names, values)


_PLAIN_FROM_DB = tuple(
    inspect.getattr_static(model, "from_db").__func__ for model in (models.Model, LoadedFromRows)
)
