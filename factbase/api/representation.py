"""Serializer output without DRF's per-request and per-row bookkeeping, to the same bytes.

DRF builds a serializer's fields anew for every request (a deep copy of every declared field,
and a ModelSerializer's whole field mapping), and for every row and field walks the field's
source generically (`get_attribute`, with its callable checks and exception handling). For a
list page that is most of the request's CPU time. A serializer with `PlannedRepresentation`
works out once per process, per class, what its output is made of: for each readable field in
order, how to read the value from an object and which field instance turns it into JSON. A
row is then one loop over that plan. The fields, their `to_representation` and so the output,
the OpenAPI schema and the ETags are DRF's own; tests compare the bytes of both paths.

Fields whose output depends on the request (hyperlinks, file URLs) and nested method fields
keep the class on DRF's path, as does any field the plan does not know.
"""

from __future__ import annotations

import datetime
import decimal
import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ManyToManyDescriptor,
    ReverseManyToOneDescriptor,
)
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import ISO_8601, relations, serializers
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField, empty, is_simple_callable
from rest_framework.settings import api_settings

# Values that are never a "simple callable" source (DRF would call a method named as the source).
_PLAIN_VALUES = frozenset(
    {
        str,
        int,
        float,
        bool,
        type(None),
        datetime.datetime,
        datetime.date,
        decimal.Decimal,
        list,
        dict,
    }
)
# Fields whose representation needs the request or the parent serializer's context.
_NEEDS_CONTEXT = (
    relations.HyperlinkedRelatedField,
    relations.HyperlinkedIdentityField,
    drf_fields.FileField,
    drf_fields.HiddenField,
)
_SKIP = object()  # a field DRF leaves out of this object's output (SkipField)
_MISSING = object()


class _Zone:
    """The current time zone, looked up once per object represented and only if a date-time
    field needs it: Django keeps it in a context-local whose lookup cost more than the rest of
    representing a date-time (DRF looks it up for every value)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Any = _MISSING

    def get(self) -> Any:
        if self.value is _MISSING:
            # DateTimeField.default_timezone's answer.
            self.value = timezone.get_current_timezone() if settings.USE_TZ else None
        return self.value


# One field of the output: its key, and how to get its value from (the request's serializer,
# an object, the object's time zone), fast for objects read by attribute and DRF's way for
# mappings.
Getter = Callable[[Any, Any, _Zone], Any]
Step = tuple[str, Getter, Getter]


class NotPlannable(Exception):
    """The serializer has a field whose output the plan cannot reproduce: use DRF's path."""


def _generic(field: drf_fields.Field) -> Getter:
    """DRF's own steps for one field (Serializer.to_representation's loop body)."""

    def value(_serializer: Any, instance: Any, _zone: _Zone) -> Any:
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return _SKIP
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    return value


def _unchanged_types(field: drf_fields.Field) -> frozenset[type]:
    """The exact types of value that the field's `to_representation` returns unchanged (as an
    equal value of the same type, so the same JSON): most values of a page are strings and
    integers already, and calling the field for each cost more than the rest of reading it.
    None is always among them (DRF writes a missing value as null without the field)."""
    kind = type(field)
    unchanged: set[type] = {type(None)}
    method = kind.to_representation
    if method is drf_fields.CharField.to_representation:  # str(value)
        unchanged.add(str)
    elif method is drf_fields.IntegerField.to_representation:  # int(value)
        unchanged.add(int)
    elif method is drf_fields.BigIntegerField.to_representation:
        if not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING):
            unchanged.add(int)
    elif method is drf_fields.FloatField.to_representation:  # float(value)
        unchanged.add(float)
    elif method is drf_fields.BooleanField.to_representation:  # True and False as they are
        unchanged.add(bool)
    elif method is drf_fields.ChoiceField.to_representation:
        # A string maps to the choice it names: unchanged when every choice is that string.
        choices = field.choice_strings_to_values  # type: ignore[attr-defined]
        if all(type(choice) is str and choice == text for text, choice in choices.items()):
            unchanged.add(str)
    return frozenset(unchanged)


def _attribute(field: drf_fields.Field) -> Getter:
    """A field read from one attribute of the object (`source` without dots)."""
    name = field.source_attrs[0]
    convert = field.to_representation
    unchanged = _unchanged_types(field)
    slow = _generic(field)

    def rest(serializer: Any, instance: Any, zone: _Zone, attribute: Any) -> Any:
        """The value of an attribute already read, not of a type written unchanged."""
        if attribute is _MISSING:
            return slow(serializer, instance, zone)  # DRF's defaults, SkipField or error
        if type(attribute) not in _PLAIN_VALUES and is_simple_callable(attribute):
            attribute = attribute()
        return None if attribute is None else convert(attribute)

    def value(serializer: Any, instance: Any, zone: _Zone) -> Any:
        attribute: Any = getattr(instance, name, _MISSING)
        if type(attribute) in unchanged:
            return attribute
        return rest(serializer, instance, zone, attribute)

    value.inline = ("attribute", name, unchanged, rest)  # type: ignore[attr-defined]
    return value


def _iso_datetime(field: drf_fields.DateTimeField) -> Getter:
    """An aware date-time read from one attribute, as DateTimeField writes it in ISO 8601:
    converted to the field's time zone (the current one by default), `Z` for UTC. Anything
    else (a naive or missing value, another format, an error) goes DRF's way."""
    name = field.source_attrs[0]
    slow = _attribute(field)
    # What the field's output depends on besides the value, fixed once it is bound (a change
    # of DRF's settings forgets the plans).
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return slow
    own_zone = hasattr(field, "timezone")
    fixed_zone = field.timezone if own_zone else None

    def value(serializer: Any, instance: Any, zone: _Zone) -> Any:
        attribute: Any = getattr(instance, name, None)
        if type(attribute) is not datetime.datetime or attribute.utcoffset() is None:
            return slow(serializer, instance, zone)
        field_zone = fixed_zone if own_zone else zone.get()
        if field_zone is None:
            return slow(serializer, instance, zone)
        try:
            text = attribute.astimezone(field_zone).isoformat()
        except OverflowError:
            return slow(serializer, instance, zone)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    value.inline = ("datetime", name, own_zone, fixed_zone, slow)  # type: ignore[attr-defined]
    return value


def _is_drf_datetime(field: drf_fields.DateTimeField) -> bool:
    """A DateTimeField representing values as DRF's own does (no override of the steps)."""
    kind = type(field)
    return all(
        getattr(kind, step) is getattr(drf_fields.DateTimeField, step)
        for step in ("to_representation", "enforce_timezone", "default_timezone")
    )


def _primary_key(field: relations.RelatedField) -> Getter:
    """A related object's key, read from the `<name>_id` column as DRF's pk-only path does."""
    name = field.source_attrs[0]
    convert = field.to_representation
    slow = _generic(field)

    def value(serializer: Any, instance: Any, zone: _Zone) -> Any:
        meta = getattr(instance, "_meta", None)
        if meta is None:
            return slow(serializer, instance, zone)
        key = instance.serializable_value(name)
        if is_simple_callable(key):
            return slow(serializer, instance, zone)
        return None if key is None else convert(relations.PKOnlyObject(pk=key))

    return value


def _nested(field: serializers.BaseSerializer) -> Getter:
    """A nested serializer (one object, or `many=True`), represented by its own plan."""
    many = isinstance(field, serializers.ListSerializer)
    if many and type(field) is not serializers.ListSerializer:
        raise NotPlannable("a list serializer of its own")
    child: Any = field.child if isinstance(field, serializers.ListSerializer) else field
    if type(child).to_representation not in _DRF_REPRESENTATIONS:
        raise NotPlannable(f"{type(child).__name__} represents objects its own way")
    plan = _plan_of(child)
    slow = _generic(field)
    if field.source == "*" or len(field.source_attrs) != 1:
        return slow
    name = field.source_attrs[0]

    def value(serializer: Any, instance: Any, zone: _Zone) -> Any:
        attribute: Any = getattr(instance, name, _MISSING)
        if attribute is _MISSING:
            return slow(serializer, instance, zone)
        if not many:
            return None if attribute is None else plan.represent(child, attribute, zone)
        if attribute is None:
            return None
        # As ListSerializer does: a related manager's objects (prefetched, when they were).
        items = attribute.all() if isinstance(attribute, models.manager.BaseManager) else attribute
        return [plan.represent(child, item, zone) for item in items]

    value.inline = ("nested", name, many, plan, child, slow)  # type: ignore[attr-defined]
    return value


def _method(field: drf_fields.SerializerMethodField) -> Getter:
    """A method field, called on the serializer of the request (it may read its context)."""
    method_name = field.method_name

    def value(serializer: Any, instance: Any, _zone: _Zone) -> Any:
        return getattr(serializer, method_name)(instance)

    return value


def _fast(field: drf_fields.Field, *, top_level: bool) -> Getter:
    if isinstance(field, _NEEDS_CONTEXT):
        raise NotPlannable(f"{type(field).__name__} needs the request")
    if isinstance(field, drf_fields.SerializerMethodField):
        if not top_level:
            raise NotPlannable("a nested method field would not see the request's context")
        return _method(field)
    if isinstance(field, serializers.BaseSerializer):
        return _nested(field)
    if field.source == "*" or field.default is not empty:
        return _generic(field)
    if isinstance(field, relations.ManyRelatedField):
        return _generic(field)
    if isinstance(field, relations.RelatedField):
        if field.use_pk_only_optimization() and len(field.source_attrs) == 1:
            return _primary_key(field)
        return _generic(field)
    if len(field.source_attrs) == 1:
        if isinstance(field, drf_fields.DateTimeField) and _is_drf_datetime(field):
            return _iso_datetime(field)
        return _attribute(field)
    return _generic(field)


_plans: dict[type, Plan | None] = {}
_templates: dict[type, serializers.Serializer] = {}
_lock = threading.Lock()


def _plan_of(serializer: serializers.Serializer, *, top_level: bool = False) -> Plan:
    """The steps of a serializer instance whose fields are bound (built once and kept)."""
    return Plan(
        (name, _fast(field, top_level=top_level), _generic(field))
        for name, field in serializer.fields.items()
        if not field.write_only
    )


def plan_for(cls: type[serializers.Serializer]) -> Plan | None:
    """The class's plan, worked out on first use; None when it must go DRF's way."""
    try:
        return _plans[cls]
    except KeyError:
        pass
    with _lock:
        if cls not in _plans:
            # A template instance holds the bound fields the plan calls for the process's life.
            template = cls(context={})
            try:
                plan: Plan | None = _plan_of(template, top_level=True)
            except NotPlannable:
                plan = None
            _templates[cls] = template
            _plans[cls] = plan
    return _plans[cls]


@receiver(setting_changed)
def _forget_plans(*, setting: str, **kwargs: Any) -> None:
    """Plans read DRF's settings (how big integers are written) when they are worked out."""
    if setting == "REST_FRAMEWORK":
        with _lock:
            _plans.clear()
            _templates.clear()


_mapping_types: dict[type, bool] = {}


def _is_mapping(kind: type) -> bool:
    known = _mapping_types.get(kind)
    if known is None:
        known = _mapping_types[kind] = issubclass(kind, Mapping)
    return known


def _represent(plan: list[Step], serializer: Any, instance: Any, zone: _Zone) -> dict[str, Any]:
    """A plan's steps in a loop: a mapping's values read by key as DRF reads them (and what
    a plan's compiled function does for an object)."""
    data: dict[str, Any] = {}
    mapping = _is_mapping(type(instance))  # DRF reads a mapping's values by key
    for key, fast, generic in plan:
        represented = (generic if mapping else fast)(serializer, instance, zone)
        if represented is not _SKIP:
            data[key] = represented
    return data


# The name a related manager's prefetched objects are kept under, by model and attribute (None:
# the attribute is no related manager of Django's).
_prefetch_names: dict[tuple[type, str], str | None] = {}


def _prefetch_name(kind: type, attribute: str) -> str | None:
    try:
        return _prefetch_names[(kind, attribute)]
    except KeyError:
        pass
    descriptor = inspect.getattr_static(kind, attribute, None)
    name = None
    if type(descriptor) is ManyToManyDescriptor:  # as its manager's `prefetch_cache_name`
        field = descriptor.rel.field
        name = field.related_query_name() if descriptor.reverse else field.name
    elif type(descriptor) is ReverseManyToOneDescriptor:  # as its manager's `get_queryset`
        name = descriptor.field.remote_field.cache_name
    _prefetch_names[(kind, attribute)] = name
    return name


def _prefetched(instance: Any, attribute: str) -> Any:
    """What `getattr(instance, attribute).all()` gives when the attribute is a related manager
    whose objects were prefetched (`_MISSING` otherwise), read without making the manager:
    making one (its filters, its model's managers) for every object of a page cost more than
    representing the objects it gives. As the manager would, only for a saved object."""
    name = _prefetch_name(type(instance), attribute)
    if name is None:
        return _MISSING
    cache = instance.__dict__.get("_prefetched_objects_cache")
    if cache is None or name not in cache or instance.pk is None:
        return _MISSING
    return cache[name]


def _join_of(table: dict[type, Any], kind: type, attribute: str) -> Any:
    """Where `kind`'s instances cache the object of the foreign key `attribute` (its field's
    `cache_name`, and whether it may be null), as Django's descriptor reads it; False when the
    attribute is no such descriptor of Django's. Kept in `table`, by class."""
    descriptor = inspect.getattr_static(kind, attribute, None)
    joined: Any = False
    if type(descriptor) is ForwardManyToOneDescriptor:
        joined = (descriptor.field.cache_name, descriptor.field.null)
    table[kind] = joined
    return joined


class Plan(list):
    """A serializer's steps, and `represent`: one function, compiled from them, that represents
    an object (serializer, object, time zone) as looping over the steps would.

    Looping over the steps cost a call per value and per step's getter; the compiled function
    reads each attribute in place, writes a value of a type its field returns unchanged as it
    is, represents nested objects with their own plan's function, and calls a step's getter
    only for what it does not inline (a method field, a key, DRF's generic path, a value to
    convert). A mapping goes through the loop (`_represent`)."""

    represent: Callable[[Any, Any, _Zone], dict[str, Any]]

    def __init__(self, steps: Any) -> None:
        super().__init__(steps)
        self.represent = _compiled(self)


def _compiled(plan: list[Step]) -> Callable[[Any, Any, _Zone], dict[str, Any]]:
    """`plan`'s steps as one Python function (see `Plan`)."""
    names: dict[str, Any] = {
        "_MISSING": _MISSING,
        "_SKIP": _SKIP,
        "_is_mapping": _is_mapping,
        "_loop": _represent,
        "_plan": plan,
        "_datetime": datetime.datetime,
        "_manager": models.manager.BaseManager,
        "_prefetched": _prefetched,
        "_join_of": _join_of,
    }
    lines = [
        "def represent(serializer, instance, zone):",
        "    if _is_mapping(type(instance)):",
        "        return _loop(_plan, serializer, instance, zone)",
        "    data = {}",
    ]
    for index, (key, fast, _generic_step) in enumerate(plan):
        names[f"_key{index}"] = key
        names[f"_fast{index}"] = fast
        inline: Any = getattr(fast, "inline", None)
        kind = inline[0] if inline else None
        if kind == "attribute":
            _, attribute, unchanged, rest = inline
            names[f"_unchanged{index}"], names[f"_rest{index}"] = unchanged, rest
            lines += [
                f"    value = getattr(instance, {attribute!r}, _MISSING)",
                f"    if type(value) in _unchanged{index}:",
                f"        data[_key{index}] = value",
                "    else:",
                f"        value = _rest{index}(serializer, instance, zone, value)",
                "        if value is not _SKIP:",
                f"            data[_key{index}] = value",
            ]
        elif kind == "datetime":
            _, attribute, own_zone, fixed_zone, slow = inline
            names[f"_zone{index}"], names[f"_slow{index}"] = fixed_zone, slow
            # As `_iso_datetime`'s getter: the field's own zone, or the object's current one.
            zone_of = f"_zone{index}" if own_zone else "zone.get()"
            lines += [
                f"    value = getattr(instance, {attribute!r}, None)",
                "    if type(value) is not _datetime or value.utcoffset() is None:",
                f"        value = _slow{index}(serializer, instance, zone)",
                "    else:",
                f"        field_zone = {zone_of}",
                "        if field_zone is None:",
                f"            value = _slow{index}(serializer, instance, zone)",
                "        else:",
                "            try:",
                "                text = value.astimezone(field_zone).isoformat()",
                "            except OverflowError:",
                f"                value = _slow{index}(serializer, instance, zone)",
                "            else:",
                '                value = text[:-6] + "Z" if text.endswith("+00:00") else text',
                "    if value is not _SKIP:",
                f"        data[_key{index}] = value",
            ]
        elif kind == "nested":
            _, attribute, many, child_plan, child, slow = inline
            first = len(lines)
            names[f"_child{index}"], names[f"_slow{index}"] = child, slow
            names[f"_nested{index}"] = child_plan.represent
            if not many:
                # A joined object (`select_related`) read where the descriptor would read it.
                names[f"_joins{index}"] = {}
                lines += [
                    f"    joined = _joins{index}.get(type(instance))",
                    "    if joined is None:",
                    f"        joined = _join_of(_joins{index}, type(instance), {attribute!r})",
                    "    value = _MISSING",
                    "    if joined:",
                    "        value = instance._state.fields_cache.get(joined[0], _MISSING)",
                    "        if value is None and not joined[1]:",
                    "            value = _MISSING  # the descriptor's error, below",
                    "    if value is _MISSING:",
                    f"        value = getattr(instance, {attribute!r}, _MISSING)",
                ]
            else:
                lines.append(f"    value = getattr(instance, {attribute!r}, _MISSING)")
            lines += [
                "    if value is _MISSING:",
                f"        value = _slow{index}(serializer, instance, zone)",
                "        if value is not _SKIP:",
                f"            data[_key{index}] = value",
                "    elif value is None:",
                f"        data[_key{index}] = None",
            ]
            if many:
                # As ListSerializer does: a related manager's objects (prefetched, when they were).
                lines += [
                    "    else:",
                    "        items = value.all() if isinstance(value, _manager) else value",
                    f"        data[_key{index}] = [_nested{index}(_child{index}, item, zone)"
                    " for item in items]",
                ]
                # Objects prefetched for a related manager are read without making the manager.
                names[f"_attribute{index}"] = attribute
                guarded = ["    " + line for line in lines[first:]]
                lines[first:] = [
                    f"    items = _prefetched(instance, _attribute{index})",
                    "    if items is not _MISSING:",
                    f"        data[_key{index}] = [_nested{index}(_child{index}, item, zone)"
                    " for item in items]",
                    "    else:",
                    *guarded,
                ]
            else:
                lines += [
                    "    else:",
                    f"        data[_key{index}] = _nested{index}(_child{index}, value, zone)",
                ]
        else:
            lines += [
                f"    value = _fast{index}(serializer, instance, zone)",
                "    if value is not _SKIP:",
                f"        data[_key{index}] = value",
            ]
    lines.append("    return data")
    exec(compile("\n".join(lines), "<serializer plan>", "exec"), names)  # code written above
    return names["represent"]


class PlannedRepresentation(serializers.Serializer):
    """Represent objects through the class's plan (see the module's docstring)."""

    # Whether to use the plan at all: tests switch it off to compare with DRF's own output.
    planned_representation = True

    def to_representation(self, instance: Any) -> Any:
        plan = self._plan()
        if plan is not None:
            return plan.represent(self, instance, _Zone())
        return super().to_representation(instance)

    def _plan(self) -> Plan | None:
        if self.planned_representation and "fields" not in self.__dict__:
            return plan_for(type(self))
        return None

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> serializers.BaseSerializer:
        """As DRF's, a list of objects represented with one look-up of the time zone (see
        `PlannedList`)."""
        serializer = super().many_init(*args, **kwargs)
        if type(serializer) is serializers.ListSerializer:
            serializer.__class__ = PlannedList
        return serializer


class PlannedList(serializers.ListSerializer):
    """DRF's list serializer of a `PlannedRepresentation`, whose objects share one `_Zone`:
    the current time zone does not change while a list is represented, and looking it up
    for each object of a page cost as much as writing one of its date-times."""

    def to_representation(self, data: Any) -> Any:
        child: Any = self.child
        plan = child._plan()
        if plan is None or type(child).to_representation is not _PLANNED:
            return super().to_representation(data)  # (or a class representing its own way)
        # As ListSerializer does: a related manager's objects (prefetched, when they were).
        items = data.all() if isinstance(data, models.manager.BaseManager) else data
        zone = _Zone()
        represent = plan.represent
        return [represent(child, item, zone) for item in items]


_PLANNED = PlannedRepresentation.to_representation

# A nested serializer whose class represents objects as DRF's Serializer does (or as this module
# does, the same) can be represented by its fields' plan.
_DRF_REPRESENTATIONS = frozenset(
    {serializers.Serializer.to_representation, PlannedRepresentation.to_representation}
)
