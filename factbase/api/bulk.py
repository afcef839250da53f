"""Creating many objects of a resource in one request: all or nothing, errors item by item.

`POST /<resource>/bulk/` with `{"items": [...]}`. Each item is validated by the resource's bulk
item serializer; references (`claimant_id`, `author_ids`, …) are looked up with one query per
kind, not one per item; the resource's service then creates them all in one transaction. If any
item is invalid nothing is created and the 400 lists every invalid item by its index.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from factbase.db import ItemsInvalid

Errors = dict[str, list[str]]


class ItemsValidationError(exceptions.ValidationError):
    """400 for a batch: `errors` keyed `items.<index>.<field>`, and `item_errors`, one entry
    per invalid item: `{"index": 3, "fields": {"text": ["…"]}}`."""

    def __init__(self, items: dict[int, Errors], total: int) -> None:
        self.item_errors = [
            {"index": index, "fields": fields} for index, fields in sorted(items.items())
        ]
        self.summary = (
            f"{len(items)} of {total} item(s) invalid (indexes "
            f"{', '.join(str(index) for index in sorted(items))}); nothing was created."
        )
        super().__init__({"items": {str(index): errors for index, errors in sorted(items.items())}})


@dataclass(frozen=True)
class Reference:
    """An `<name>_id` (or `_ids`) input naming other objects: `target` is the model field the
    looked-up object (or list) is stored under for the service."""

    target: str
    queryset: Callable[[], QuerySet]
    many: bool = False


def _ids(value: Any, many: bool) -> list[int]:
    if value is None:
        return []
    return list(value) if many else [value]


def resolve_references(
    items: dict[int, dict[str, Any]], references: dict[str, Reference]
) -> dict[int, Errors]:
    """Replace each reference id in `items` by its object, one query per reference kind;
    returns the errors of items naming objects that do not exist (DRF's message)."""
    errors: dict[int, Errors] = {}
    for name, reference in references.items():
        wanted = {i for data in items.values() for i in _ids(data.get(name), reference.many)}
        found = reference.queryset().in_bulk(wanted) if wanted else {}
        for index, data in items.items():
            if name not in data:
                continue
            value = data.pop(name)
            missing = [i for i in _ids(value, reference.many) if i not in found]
            if missing:
                errors.setdefault(index, {})[name] = [
                    f'Invalid pk "{i}" - object does not exist.' for i in missing
                ]
            elif reference.many:
                data[reference.target] = [found[i] for i in value]
            else:
                data[reference.target] = None if value is None else found[value]
    return errors


def bulk_schema(item: type[serializers.Serializer], result: type[serializers.Serializer]):
    """The request and 201 response serializers of a resource's bulk create, for the schema."""
    name = item.__name__.removesuffix("Serializer").removesuffix("BulkItem")
    request = type(
        f"{name}BulkCreateSerializer",
        (serializers.Serializer,),
        {
            "items": item(
                many=True,
                help_text=f"The objects to create, at most {settings.API_BULK_MAX_ITEMS}.",
            ),
            "__doc__": f"Several {name.lower()}s to create at once, all or none.",
        },
    )
    response = type(
        f"{name}BulkCreatedSerializer",
        (serializers.Serializer,),
        {
            "results": result(
                many=True, read_only=True, help_text="The created objects, in the order of `items`."
            ),
            "__doc__": f"The {name.lower()}s created, in the order they were sent.",
        },
    )
    return request, response


class BulkCreateMixin(GenericAPIView):
    """For a ResourceViewSet: the `bulk` action's work (the viewset declares the action, so its
    schema names its own serializers)."""

    bulk_item_serializer_class: type[serializers.Serializer]
    bulk_references: dict[str, Reference] = {}

    def bulk_create_objects(self, items: list[dict[str, Any]]) -> list:  # pragma: no cover
        raise NotImplementedError("Each resource creates its objects through its service.")

    def bulk_create(self, request) -> Response:
        data = request.data
        if not isinstance(data, dict):
            raise exceptions.ValidationError(
                {"non_field_errors": ['Send an object: {"items": [...]}.']}
            )
        unknown = sorted(str(name) for name in data if name != "items")
        if unknown:
            raise exceptions.ValidationError(
                {name: ["Unknown field. Writable fields: items."] for name in unknown}
            )
        items = data.get("items")
        limit = settings.API_BULK_MAX_ITEMS
        if not isinstance(items, list) or not items:
            raise exceptions.ValidationError({"items": ["A non-empty list of objects."]})
        if len(items) > limit:
            raise exceptions.ValidationError(
                {"items": [f"At most {limit} items per request (got {len(items)}); split it."]}
            )
        errors: dict[int, Errors] = {}
        valid: dict[int, dict[str, Any]] = {}
        context = self.get_serializer_context()
        for index, item in enumerate(items):
            serializer = self.bulk_item_serializer_class(data=item, context=context)
            if serializer.is_valid():
                valid[index] = dict(serializer.validated_data)
            else:
                errors[index] = serializer.errors
        for index, fields in resolve_references(valid, self.bulk_references).items():
            errors.setdefault(index, {}).update(fields)
        if errors:
            raise ItemsValidationError(errors, len(items))
        with transaction.atomic():
            try:
                created = self.bulk_create_objects([valid[i] for i in range(len(items))])
            except ItemsInvalid as error:
                raise ItemsValidationError(
                    {index: self._api_names(fields) for index, fields in error.items.items()},
                    len(items),
                ) from error
        ids = [obj.pk for obj in created]
        fresh = self.get_queryset().in_bulk(ids)
        serializer_class = self.get_serializer_class()
        results = serializer_class([fresh[pk] for pk in ids], many=True, context=context)
        return Response({"results": results.data}, status=status.HTTP_201_CREATED)

    def _api_names(self, fields: Errors) -> Errors:
        names = getattr(self, "error_field_names", {})
        return {
            "non_field_errors" if field == "__all__" else names.get(field, field): messages
            for field, messages in fields.items()
        }
