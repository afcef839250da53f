"""Serializer behaviour shared by every API resource."""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers


class RejectUnknownFieldsMixin:
    """A field the resource does not have (`{"txet": …}`) is a 400 naming it, not silently
    dropped. Read-only fields are known: sending back what a GET returned is not an error."""

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
        return super().to_internal_value(data)


class StrictSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    """A plain serializer refusing unknown fields."""


class StrictModelSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    """A model serializer refusing unknown fields."""
