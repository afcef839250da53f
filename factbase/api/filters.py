"""Strict filtering: every query parameter of a list is known, well-formed and applied.

An unknown parameter, a repeated one, an unknown choice, a malformed date or a non-integer id is
a 400 naming the parameter; nothing is silently ignored. Each app's FilterSets build on
`FactbaseFilterSet`, which adds `ordering` from an explicit whitelist.
"""

import copy
from datetime import UTC
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db.models import F, QuerySet
from django.http import QueryDict
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField
from django_filters.filters import Filter, FilterMethod
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from factbase.api.pagination import UNFILTERED_PARAMS
from factbase.db import ContainsAnyCase

# Parameters a list accepts besides its filters.
NON_FILTER_PARAMS = UNFILTERED_PARAMS
MAX_ID = 2**63 - 1
RELEVANCE = "relevance"


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.Filter):
    """A primary key: a whole number (not 1.5, not `abc`)."""

    field_class = IdField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdInFilter(filters.BaseInFilter, IdFilter):
    """One or more primary keys, comma-separated: `claimant_id=3,7`."""


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC (PostgreSQL refuses offsets beyond ±15:59)."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as error:
            raise forms.ValidationError("Date-time out of range.") from error


class DateTimeFilter(filters.IsoDateTimeFilter):
    """`updated_since=2026-01-31T12:00:00Z` (any offset; converted to UTC)."""

    field_class = UTCDateTimeField


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, not a silently absent filter."""

    widget = forms.TextInput
    TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        value = str(value).strip().lower()
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError("Use true or false.")


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = forms.TextInput  # not BooleanWidget, which turns "maybe" into None
        super().__init__(*args, **kwargs)


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """One or more choices, comma-separated: `status=new,in_review`."""


@extend_schema_field(OpenApiTypes.STR)
class CharInFilter(filters.BaseInFilter, filters.CharFilter):
    """One or more strings, comma-separated."""


class ContainsFilter(filters.CharFilter):
    """Rows whose field contains the text, in any case (`quote=budget`): ILIKE, which the field's
    trigram index serves at any table size (factbase.db.ContainsAnyCase)."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return self.get_method(qs)(ContainsAnyCase(F(self.field_name), value))


class OrderingFilter(filters.ChoiceFilter):
    """`ordering=-claimed_on`: one field (then id), applied last, by FactbaseFilterSet.

    One field, because an index on (field, id) serves that order at any table size; a
    combination of fields would sort every matching row for each page."""

    def filter(self, qs, value):
        return qs  # applied in FactbaseFilterSet.filter_queryset, after every other filter


def ordering_filter(fields: list[str], *, relevance: bool = False) -> OrderingFilter:
    names = [*fields, RELEVANCE] if relevance else fields
    choices = [(name, name) for name in names] + [(f"-{name}", f"-{name}") for name in fields]
    help_text = (
        f"Sort by one of {', '.join(names)}; prefix `-` for descending (ties in id order). "
        + (
            f"`{RELEVANCE}` (best match first) needs `q`, and is the default when `q` is given."
            if relevance
            else ""
        )
    )
    return OrderingFilter(choices=choices, help_text=help_text.strip())


class FactbaseFilterSet(filters.FilterSet):
    """Base FilterSet: ordering from a whitelist, applied after the filters.

    `not_filterable` names the model fields deliberately without a filter, each with why; the
    filter-coverage test fails when a model field is neither filtered nor listed there.
    """

    not_filterable: dict[str, str] = {}
    # Whether `q` annotates a `rank` (then `q` without `ordering` sorts best match first).
    ranks_by_relevance = False
    # Public ordering names -> model fields or annotations (when they differ).
    ordering_map: dict[str, str] = {}
    # `method` filters whose statement depends on their text alone, which they pass to the
    # statement as a plain parameter (unchanged, wherever it goes): a page filtered by them is
    # kept compiled with the text as one of its values (factbase.api.prepared), not per text.
    parameter_filters: frozenset[str] = frozenset()

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        # As django-filter's FilterSet.__init__, but the filters are shallow copies of ones
        # prepared once per class (form fields and labels built), not a deep copy of
        # `base_filters` per request: that deep copy, and building every form field and its
        # label again, were a large part of a list request's time.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        # The texts given to `parameter_filters`, in the order they filtered.
        self.parameters: list[Parameter] = []
        self.filters = {
            name: _request_copy(prepared, self, queryset.model)
            for name, prepared in _prepared(type(self)).filters.items()
        }

    def get_form_class(self) -> type[forms.Form]:
        return _prepared(type(self)).form_class

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        ordering = None
        for name, value in self.form.cleaned_data.items():
            if name == "ordering":
                ordering = [value] if value else None
                continue
            if name in self.parameter_filters and isinstance(value, str) and value:
                # An object of its own, so that the statement's parameter is found by identity.
                value = Parameter(value)
                self.parameters.append(value)
            queryset = self.filters[name].filter(queryset, value)
        return self.apply_ordering(queryset, ordering)

    def apply_ordering(self, queryset: QuerySet, ordering: list[str] | None) -> QuerySet:
        searching = self.ranks_by_relevance and bool(self.form.cleaned_data.get("q"))
        if not any(ordering or ()):
            return queryset.order_by("-rank", "-id") if searching else queryset
        terms = []
        for term in filter(None, ordering or ()):
            descending = term.startswith("-")
            name = term.lstrip("-")
            if name == RELEVANCE:
                if not searching:
                    raise ValidationError({"ordering": ["`relevance` ordering needs `q`."]})
                terms.append("-rank")
                continue
            field = self.ordering_map.get(name, name)
            terms.append(f"-{field}" if descending else field)
        return queryset.order_by(*terms)


class Parameter(str):
    """A `parameter_filters` text as its filter receives it: a string, and a distinct object
    however common its value (CPython shares some strings), found among a compiled statement's
    parameters by identity."""

    __slots__ = ()


class _PreparedFilters:
    """A FilterSet class's filters with their form fields built, and the form class of those
    fields: the same for every request, so built once per process.

    Shared by concurrent requests: a form field validates without changing itself, and each
    form instance gets its own `fields` dict (see `_SharedFields`)."""

    def __init__(self, filterset_class: type[FactbaseFilterSet]) -> None:
        model = filterset_class._meta.model
        # A deep copy: `base_filters` itself stays as declared (the schema reads it).
        self.filters: dict[str, Filter] = copy.deepcopy(filterset_class.base_filters)
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.field  # noqa: B018 - builds and keeps the form field (and its label)
        form_class: type[forms.Form] = type(
            f"{filterset_class.__name__}Form",
            (filterset_class._meta.form,),
            {name: filter_.field for name, filter_ in self.filters.items()},
        )
        form_class.base_fields = _SharedFields(form_class.base_fields)
        self.form_class = form_class


class _SharedFields(dict):
    """A form's fields that each form instance shares instead of deep-copying (as Django's
    forms do, for forms that change their fields per instance; filter forms never do)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


_prepared_filters: dict[type, _PreparedFilters] = {}


def _prepared(filterset_class: type[FactbaseFilterSet]) -> _PreparedFilters:
    prepared = _prepared_filters.get(filterset_class)
    if prepared is None:
        prepared = _prepared_filters[filterset_class] = _PreparedFilters(filterset_class)
    return prepared


def _request_copy(prepared: Filter, parent: FactbaseFilterSet, model: Any) -> Filter:
    """A prepared filter for one FilterSet instance: its own `parent` (which a `method` filter
    calls), sharing the prepared form field."""
    filter_ = copy.copy(prepared)
    filter_.model = model
    filter_.parent = parent
    if isinstance(vars(filter_).get("filter"), FilterMethod):
        filter_.filter = FilterMethod(filter_)  # bound to this copy, so to this parent
    return filter_


class StrictFilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, refusing unknown and repeated query parameters with a 400.

    A multi-value filter (`status`, `claimant_id`, `ordering`, …) takes its values
    comma-separated or as a repeated key, as generated clients send arrays
    (`?status=new&status=in_review`); any other parameter given twice is an error.
    """

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = getattr(request, "joined_query_params", kwargs["data"])
        return kwargs

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        view.is_query_validation = True
        known = set(filterset_class.base_filters) | NON_FILTER_PARAMS
        errors = {}
        data = request.query_params.copy()
        for name in request.query_params:
            values = request.query_params.getlist(name)
            multi = isinstance(filterset_class.base_filters.get(name), filters.BaseCSVFilter)
            if name not in known:
                errors[name] = [f"Unknown query parameter. Known: {', '.join(sorted(known))}."]
            elif len(values) > 1 and not multi:
                errors[name] = ["Given more than once; this parameter takes one value."]
            elif name in filterset_class.base_filters and not all(v.strip() for v in values):
                errors[name] = ["Empty: give a value, or leave the parameter out."]
            elif len(values) > 1:
                data.setlist(name, [",".join(values)])
        if errors:
            raise ValidationError(errors)
        request.joined_query_params = data
        request.filter_shape = _filter_shape(filterset_class, data)
        unfiltered = set(request.query_params) <= NON_FILTER_PARAMS
        if unfiltered and _passes_unfiltered.get((filterset_class, queryset.model)):
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        if unfiltered and (filterset_class, queryset.model) not in _passes_unfiltered:
            _passes_unfiltered[(filterset_class, queryset.model)] = _same_statement(
                filterset.qs, queryset
            )
        filtered = filterset.qs
        request.filter_parameters = tuple(filterset.parameters)
        if request.filter_shape is not None and len(request.filter_parameters) != sum(
            values is None for _, values in request.filter_shape
        ):
            request.filter_shape = None  # a text not passed on as its own object: not kept
        _release(filterset)
        return filtered


def _release(filterset: filters.FilterSet) -> None:
    """Cut the links that make a used FilterSet a reference cycle (its filters and their
    methods point back at it, its form's bound fields at the form), so it is freed as the
    request moves on rather than by the cycle collector (factbase/request_cycles.py)."""
    form = filterset.__dict__.get("_form")
    if form is not None:
        form.__dict__.pop("_bound_fields_cache", None)
    for filter_ in filterset.filters.values():
        filter_.__dict__.pop("parent", None)
        if isinstance(vars(filter_).get("filter"), FilterMethod):
            del filter_.filter
    filterset.filters = {}


def _filter_shape(
    filterset_class: type[filters.FilterSet], data: QueryDict
) -> tuple[tuple[str, tuple[str, ...] | None], ...] | None:
    """The filters asked for, with their values, when the statement they make depends on those
    values alone: then a list page's statement is kept per this shape (factbase.api.pagination).
    None when a given filter runs code of its own (a `method`, a `filter` of this project),
    which may read the database or the clock while filtering, unless it is one of the FilterSet's
    `parameter_filters`: then its text is a value of the statement, not part of its name."""
    parameters: frozenset[str] = getattr(filterset_class, "parameter_filters", frozenset())
    shape: list[tuple[str, tuple[str, ...] | None]] = []
    for name in sorted(data):
        if name in NON_FILTER_PARAMS:
            continue
        if name in parameters:
            shape.append((name, None))
            continue
        filter_ = filterset_class.base_filters[name]
        plain = filter_.method is None and type(filter_).filter.__module__.startswith(
            "django_filters."
        )
        if not (plain or isinstance(filter_, OrderingFilter)):
            return None
        shape.append((name, tuple(data.getlist(name))))
    return tuple(shape)


def _same_statement(one: QuerySet, other: QuerySet) -> bool:
    try:
        return str(one.query) == str(other.query)
    except EmptyResultSet:  # a statement that is never run
        return False


# Whether a FilterSet class asked for no filter returns its queryset as it was (found out on its
# first such request, by comparing the statements): then later such requests skip building and
# validating its form, a tenth of an unfiltered list page's CPU time. A FilterSet that applies
# a default (or orders) without being asked is seen to change the query, and always runs.
_passes_unfiltered: dict[tuple[type, type], bool] = {}
