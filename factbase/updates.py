"""The steps every update service shares: refuse fields that are not editable, set what differs,
validate, and write only the changed columns."""

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class StaleVersionError(Exception):
    """The row changed since the caller read it; the write would overwrite someone's work.

    The API answers it with 412 Precondition Failed (factbase/api/errors.py), whichever layer
    found the conflict.
    """

    def __init__(self, current_version: int) -> None:
        super().__init__(f"It has changed since you read it (now version {current_version}).")
        self.current_version = current_version


def ensure_editable(changes: Mapping[str, Any], editable: Collection[str]) -> None:
    """ValidationError naming each field of `changes` that is not in `editable`."""
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        # Compare keys: reading the related object would cost a query when it is not loaded.
        key = value.pk if isinstance(value, models.Model) else value
        return getattr(instance, field.attname) != key
    return getattr(instance, name) != value


def model_update(
    *,
    instance: models.Model,
    data: Mapping[str, Any],
    computed: Mapping[str, Any] | None = None,
    check: Callable[[set[str]], None] | None = None,
    save: Callable[..., None] | None = None,
) -> set[str]:
    """Set the fields of `data` whose value differs on `instance`, validate the instance and
    save the changed columns (with the model's auto-updated timestamps); return their names.

    The caller holds the row lock. Unchanged fields are not validated again (they were when they
    were written, and the database's constraints still hold them), so an edit costs no query per
    foreign key; the model's clean(), unique checks and constraints run in full, and their
    errors are reported together, as full_clean() does. Nothing is written when nothing changed.

    `computed` are values the service derived itself (who reviewed, and when): written with the
    changes, not validated field by field. `check` is the service's own rule, called with the
    changed fields once they are set and before validation. `save` replaces `instance.save`
    (it is called with `update_fields`).
    """
    changed = {name for name, value in data.items() if _differs(instance, name, value)}
    for name in changed:
        setattr(instance, name, data[name])
    if not changed:
        return changed
    for name, value in (computed or {}).items():
        setattr(instance, name, value)
    if check is not None:
        check(changed)
    unchanged = [field.name for field in instance._meta.fields if field.name not in changed]
    changed |= set(computed or {})
    errors: dict[str, Any] = {}
    validations: tuple[Callable[[], None], ...] = (
        lambda: instance.clean_fields(exclude=unchanged),
        instance.clean,
        instance.validate_unique,
        instance.validate_constraints,
    )
    for validate in validations:
        try:
            validate()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    auto_now = {field.name for field in instance._meta.fields if getattr(field, "auto_now", False)}
    (save or instance.save)(update_fields=changed | auto_now)
    return changed
