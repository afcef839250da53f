"""Database helpers shared by the apps' models."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any, ParamSpec, TypeVar

import pghistory
import pghistory.models
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.functions import Coalesce, Length


def max_length_check(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """A CHECK capping a text column: no write path, raw SQL included, stores unbounded text."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=f"{field} is longer than {limit} characters.",
    )


# Columns that change with every write or are derived from others: bookkeeping, not a change
# someone made. Neither the admin's History page nor the API's history shows them.
HISTORY_BOOKKEEPING_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "prefix",
        "suffix",
        "body_sha256",
        "search_name",
        "search_vector",
    }
)


def history_tracking(*, exclude: tuple[str, ...] = (), quiet: tuple[str, ...] = ()):
    """pghistory tracking of creates, updates and deletes.

    Updates are recorded only when a tracked value really changes (not for a save that merely
    touches `updated_at`), so re-running an import adds no history. `exclude` fields are not
    recorded at all; `quiet` ones are recorded but their change alone is no event (a claim's
    version, bumped when its citations change: those have their own history).
    """
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(
            condition=pghistory.AnyChange(exclude_auto=True, exclude=[*exclude, *quiet])
        ),
        pghistory.DeleteEvent(),
        exclude=[*exclude],
    )


@dataclass(frozen=True)
class HistoryLink:
    """How the history of a many-to-many link model reads: adding or removing a link is a change
    of `field` on the `owner` object (the link's foreign keys are `owner` and `target`).

    A link model is a proxy of the field's table tracked by pghistory (inserts and deletes), with
    this as its `history_link` attribute.
    """

    owner: str
    field: str
    target: str


@dataclass(frozen=True)
class LinkChange:
    """One link added (old None) or removed (new None), as a change of the owner's field."""

    owner_model: type[models.Model]
    owner_id: Any
    field: str
    old: Any
    new: Any


@cache
def _link_event_models() -> dict[str, tuple[HistoryLink, type[models.Model]]]:
    """Event model label -> (its link, the owner's model), for every tracked link model."""
    found = {}
    for event_model in apps.get_models():
        tracked = getattr(event_model, "pgh_tracked_model", None)
        link = getattr(tracked, "history_link", None)
        if tracked is not None and link is not None:
            owner = tracked._meta.get_field(link.owner).related_model
            found[event_model._meta.label] = (link, owner)
    return found


def history_events(obj: models.Model) -> models.QuerySet:
    """Every history event of `obj`: its own, and those of its many-to-many links."""
    concrete = obj._meta.concrete_model
    links = [label for label, (_, owner) in _link_event_models().items() if owner is concrete]
    if not links:
        return pghistory.models.Events.objects.tracks(obj)
    own = [
        event_model._meta.label
        for event_model in apps.get_models()
        if getattr(event_model, "pgh_tracked_model", None) is concrete
    ]
    # Events of `obj` itself (pgh_obj) or of a link naming it (links have no pgh_obj).
    return (
        pghistory.models.Events.objects.references(obj)
        .across(*own, *links)
        .filter(models.Q(pgh_obj_id=str(obj.pk)) | models.Q(pgh_obj_id__isnull=True))
    )


def link_change(event: pghistory.models.Events) -> LinkChange | None:
    """What a link event changed on its owner; None for any other event."""
    found = _link_event_models().get(event.pgh_model)
    if found is None:
        return None
    link, owner = found
    data = event.pgh_data or {}
    linked = data.get(f"{link.target}_id", data.get(link.target))
    added = event.pgh_label == "insert"
    return LinkChange(
        owner_model=owner,
        owner_id=data.get(f"{link.owner}_id", data.get(link.owner)),
        field=link.field,
        old=None if added else linked,
        new=linked if added else None,
    )


class ChecksValidatedInPython(models.Model):
    """full_clean() without one database query per CHECK constraint.

    Django validates a CheckConstraint by running it as a query. Ours restate rules full_clean
    already applies in Python (choices, length and range validators, clean()), and the database
    still enforces every one of them on any write, so validation skips them, except those named
    in `checks_to_validate` (rules nothing in Python covers).
    """

    checks_to_validate: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def get_constraints(self):
        return [
            (
                model,
                [
                    constraint
                    for constraint in constraints
                    if not isinstance(constraint, models.CheckConstraint)
                    or constraint.name in self.checks_to_validate
                ],
            )
            for model, constraints in super().get_constraints()
        ]


def related_count(queryset: models.QuerySet, *, pointing_by: str, distinct: str = "pk") -> Coalesce:
    """How many distinct `distinct` values the rows of `queryset` whose `pointing_by` is the
    outer row have, 0 when none: an annotation for list pages.

    A correlated subquery rather than a join, so other filters and counts cannot inflate it,
    and a page costs one query whatever its size.
    """
    counted = (
        queryset.filter(**{pointing_by: models.OuterRef("pk")})
        .order_by()
        .values(pointing_by)
        .annotate(n=models.Count(distinct, distinct=True))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


class ContainsAnyCase(models.lookups.PatternLookup):
    """`column ILIKE '%text%'`: the rows whose column contains the text, in any case.

    Django's `icontains` compares `UPPER(column)`, which no index on the column serves, so at a
    million rows a rare string walked the whole table. A pg_trgm GIN index on the column
    (`gin_trgm_ops`) serves ILIKE; `%`, `_` and `\\` in the text match only themselves, as with
    `icontains`. Used as an expression: `queryset.filter(ContainsAnyCase(F("text"), "50%"))`.
    """

    lookup_name = "contains_any_case"

    def get_rhs_op(self, connection, rhs: str) -> str:
        if hasattr(self.rhs, "as_sql"):
            raise TypeError("ContainsAnyCase takes a string, not an expression")
        return f"ILIKE {rhs}"


class ItemsInvalid(ValidationError):
    """A batch write refused: the errors of each invalid item, by its position in the batch.

    A ValidationError (field by field, for the first invalid item) for callers that handle one
    object at a time; `items` maps every invalid item's index to its errors by field.
    """

    def __init__(self, items: dict[int, dict[str, list[str]]]) -> None:
        self.items = dict(sorted(items.items()))
        super().__init__(next(iter(self.items.values())))


def validate_each(objects: Iterable[models.Model], check: Callable[[Any], None]) -> None:
    """Run `check` (which raises ValidationError) on every object; ItemsInvalid, with the
    errors of every failing object by position, if any failed."""
    errors = {}
    for index, obj in enumerate(objects):
        try:
            check(obj)
        except ValidationError as error:
            errors[index] = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
    if errors:
        raise ItemsInvalid(errors)


@contextmanager
def planned_without_jit(using: str) -> Iterator[None]:
    """Run the statements inside on database `using` without JIT compilation, in a transaction
    (the one already open, or one of their own: `SET LOCAL` lasts until it ends).

    PostgreSQL compiles a statement whose estimated cost passes `jit_above_cost`, and a
    statement whose rows the planner cannot estimate (a search for words passed as parameters)
    passes it however few rows it reads: compiling took 230 ms of a 340 ms word count at a
    million claims, for a statement that needs milliseconds.
    """
    with transaction.atomic(using=using, savepoint=False):
        with connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


# The databases on which the current thread is inside `all_or_nothing`.
_ALL_OR_NOTHING: ContextVar[frozenset[str]] = ContextVar("all_or_nothing", default=frozenset())

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def all_or_nothing(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction (a savepoint when one is open) that fails whole: the services called inside
    it (`service_transaction`) open no savepoints of their own.

    A savepoint lets a caller catch a service's error and carry on in the same transaction; a
    caller that never carries on pays two round trips per service for nothing (the importer:
    a dozen a document, under its lock). Code inside that does catch a database error and carry
    on opens its own `transaction.atomic()` around what may fail.
    """
    with transaction.atomic(using=using):
        token = _ALL_OR_NOTHING.set(_ALL_OR_NOTHING.get() | {using})
        try:
            yield
        finally:
            _ALL_OR_NOTHING.reset(token)


def savepoint_wanted(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether a nested block on `using` should protect its caller with a savepoint: not inside
    `all_or_nothing`, whose caller never carries on after an error."""
    return using not in _ALL_OR_NOTHING.get()


def service_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic` for a service: its own transaction, or a savepoint in the caller's
    so the caller may catch its error and carry on, but no savepoint inside `all_or_nothing`."""

    @wraps(func)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(savepoint=savepoint_wanted()):
            return func(*args, **kwargs)

    return inner
