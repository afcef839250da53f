"""Database helpers shared by the apps' models."""

import pghistory
from django.db import models
from django.db.models.functions import Coalesce, Length


def max_length_check(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """A CHECK capping a text column: no write path, raw SQL included, stores unbounded text."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=f"{field} is longer than {limit} characters.",
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
