"""Serializer behaviour shared by every API resource."""

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField

from factbase.api.representation import PlannedRepresentation

# The JSON type each kind of field takes. DRF coerces (`0` becomes `false`, `12` becomes "12"),
# so a client sending the wrong type would be told nothing and store something it did not send.
JSON_TYPES: tuple[tuple[type, type | tuple[type, ...], str], ...] = (
    (serializers.BooleanField, bool, "true or false"),
    (serializers.CharField, str, "a string"),
    (serializers.ChoiceField, str, "a string"),
    (serializers.IntegerField, int, "a whole number"),
    (PrimaryKeyRelatedField, int, "an id (a whole number)"),
    (serializers.ListField, list, "a list"),
    (ManyRelatedField, list, "a list of ids"),
    (serializers.DateField, str, "a date string (YYYY-MM-DD)"),
    (serializers.DateTimeField, str, "a date-time string (ISO 8601)"),
)


def json_type_error(field: serializers.Field, value: Any) -> str | None:
    """Why `value` is not of the JSON type `field` documents, or None when it is."""
    if value is None:
        return None  # null is judged by the field itself (allow_null)
    for field_class, expected, description in JSON_TYPES:
        if isinstance(field, field_class):
            wrong_bool = expected is int and isinstance(value, bool)
            if wrong_bool or not isinstance(value, expected):
                return f"Must be {description}, not {type(value).__name__}."
            return None
    return None


class RejectUnknownFieldsMixin(serializers.Serializer):
    """A field the resource does not have (`{"txet": …}`) is a 400 naming it, not silently
    dropped; so is a value of the wrong JSON type (`"is_active": 0`). Read-only fields are known:
    sending back what a GET returned is not an error."""

    # Fields of the resource's other representations (its detail), ignored like read-only ones.
    known_read_only: frozenset[str] = frozenset()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = self.fields.keys() | self.known_read_only
            unknown = sorted(str(name) for name in data if name not in known)
            if unknown:
                writable = sorted(
                    name for name, field in self.fields.items() if not field.read_only
                )
                message = f"Unknown field. Writable fields: {', '.join(writable)}."
                raise serializers.ValidationError({name: [message] for name in unknown})
            if not isinstance(data, QueryDict):  # a JSON body: its values carry their types
                wrong_types = {
                    name: [error]
                    for name, field in self.fields.items()
                    if name in data
                    and not field.read_only
                    and (error := json_type_error(field, data[name]))
                }
                if wrong_types:
                    raise serializers.ValidationError(wrong_types)
        return super().to_internal_value(data)


class StrictSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A plain serializer refusing unknown fields."""


class StrictModelSerializer(
    RejectUnknownFieldsMixin, PlannedRepresentation, serializers.ModelSerializer
):
    """A model serializer refusing unknown fields, representing objects by its plan."""
