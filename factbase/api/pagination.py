"""Keyset ("cursor") pagination over any whitelisted ordering.

DRF's CursorPagination positions on the first ordering field only and breaks on NULLs (a cursor
on a claim without `claimed_on` would filter `claimed_on < 'None'`). This one encodes the values
of every ordering field plus the primary key in the cursor and continues strictly after that
row, with NULLs always last, so pages are stable under inserts, never skip or repeat a row, and
never COUNT. The ORDER BY and the condition after the cursor are written so that an index on
(key, id) serves them (see `Key.expression` and `seek_conditions`): a page costs the same at
any table size and depth.

Cursors are signed with the SECRET_KEY: a client can only send back positions this API gave
out, so no forged value (a timestamp PostgreSQL refuses, a NUL, a number out of range) ever
reaches a query; anything else is a 400.
"""

import base64
import binascii
import functools
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core import signing
from django.db import connection, models
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.encoding import force_bytes
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from factbase.api import prepared

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
CURSOR_PARAM = "cursor"
PAGE_SIZE_PARAM = "page_size"
# The parameters of a list page that asks for no filter.
UNFILTERED_PARAMS = frozenset({CURSOR_PARAM, PAGE_SIZE_PARAM, "format"})


@dataclass(frozen=True)
class Key:
    name: str
    descending: bool
    # Whether the value can be NULL. Keys that cannot are ordered without a NULLS clause, so a
    # plain btree index serves them in either direction: PostgreSQL does not use a NOT NULL
    # constraint to ignore the NULLS position, and `DESC NULLS LAST` needs an index built so.
    nullable: bool = True
    # The column, for row comparisons; None for an annotation.
    column: str | None = None

    def expression(self, *, backwards: bool = False):
        """This key's ORDER BY term: NULLs last going forwards, first going backwards."""
        descending = self.descending != backwards
        expression = F(self.name)
        if not self.nullable:
            return expression.desc() if descending else expression.asc()
        nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
        return expression.desc(**nulls) if descending else expression.asc(**nulls)


def _ordering_keys(queryset: QuerySet) -> list[Key]:
    """The queryset's ordering as keys, made unique by ending with the primary key."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    keys: list[Key] = []
    for term in ordering:
        if not isinstance(term, str):
            raise TypeError(f"Keyset pagination needs orderings by name, got {term!r}.")
        name = term.lstrip("-")
        name = "id" if name == "pk" else name
        if all(key.name != name for key in keys):
            keys.append(_key(queryset, name, term.startswith("-")))
    if all(key.name != "id" for key in keys):
        keys.append(_key(queryset, "id", keys[-1].descending if keys else False))
    return keys


def _key(queryset: QuerySet, name: str, descending: bool) -> Key:
    if name in queryset.query.annotations:
        return Key(name, descending)
    field = queryset.model._meta.get_field(name)
    return Key(name, descending, nullable=field.null, column=field.column)


def _field_value(queryset: QuerySet, name: str, raw: Any) -> Any:
    if raw is None:
        return None
    annotation = queryset.query.annotations.get(name)
    field = (
        annotation.output_field if annotation is not None else queryset.model._meta.get_field(name)
    )
    value: datetime | date | float | int | str | None
    if isinstance(field, models.DateTimeField):
        value = parse_datetime(raw)
    elif isinstance(field, models.DateField):
        value = parse_date(raw)
    elif isinstance(field, models.FloatField):
        value = float(raw)
    elif isinstance(field, models.IntegerField):
        value = int(raw)
    else:
        value = str(raw)
    if value is None:
        raise ValueError(raw)
    return value


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _value(value: Any) -> RawSQL:
    """The cursor's value as the statement's parameter, unchanged: a lookup given the value
    itself would convert it (a rank through `float()`), so a kept statement (factbase.api.prepared)
    could not find its stand-in again. The cursor's values are already of their keys' types
    (`_field_value`), which the conversion would have given them."""
    return RawSQL("%s", (value,))


def _after(key: Key, value: Any) -> Q | None:
    """Rows strictly after `value` in this key's order (NULLs last); None when there are none."""
    if value is None:
        return None
    lookup = "lt" if key.descending else "gt"
    return Q(**{f"{key.name}__{lookup}": _value(value)}) | Q(**{f"{key.name}__isnull": True})


def _equal(key: Key, value: Any) -> Q:
    if value is None:
        return Q(**{f"{key.name}__isnull": True})
    return Q(**{key.name: _value(value)})


def _before(key: Key, value: Any) -> Q | None:
    """Rows strictly before `value` in this key's order (NULLs last)."""
    lookup = "gt" if key.descending else "lt"
    if value is None:
        return Q(**{f"{key.name}__isnull": False})
    return Q(**{f"{key.name}__{lookup}": _value(value)})


def keyset_filter(keys: list[Key], values: list[Any], *, backwards: bool) -> Q:
    """(k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — with NULL-aware comparisons."""
    condition = Q(pk__in=[])
    for index, key in enumerate(keys):
        step = (_before if backwards else _after)(key, values[index])
        if step is None:
            continue
        term = step
        for previous, value in zip(keys[:index], values[:index], strict=True):
            term &= _equal(previous, value)
        condition |= term
    return condition


def _row_after(queryset: QuerySet, keys: list[Key], values: list[Any], *, backwards: bool) -> Q:
    """`(k1, k2, …) < (v1, v2, …)` (or `>`): one row comparison, which a btree index on the
    keys answers by starting its scan at the cursor rather than filtering every row before it.
    Only for keys that share a direction and hold no NULL."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    quoted = []
    for key in keys:
        if key.column is None:
            raise ValueError(f"{key.name} is an annotation: rows cannot be compared on it.")
        quoted.append(f"{table}.{connection.ops.quote_name(key.column)}")
    columns = ", ".join(quoted)
    operator = "<" if keys[0].descending != backwards else ">"
    placeholders = ", ".join(["%s"] * len(keys))
    return Q(
        RawSQL(f"({columns}) {operator} ({placeholders})", values, output_field=BooleanField())
    )


def _seekable(keys: list[Key]) -> bool:
    """Whether rows past a cursor in this order are index ranges (row comparisons)."""
    first, rest = keys[0], keys[1:]
    same_direction = all(key.descending == first.descending for key in keys)
    return (
        same_direction
        and first.column is not None
        and all(key.column is not None and not key.nullable for key in rest)
    )


def seek_conditions(
    queryset: QuerySet, keys: list[Key], values: list[Any], *, backwards: bool
) -> list[Q]:
    """The rows strictly after the cursor (before it, `backwards`), as conditions to read in
    turn until the page is full, each answerable from an index in the page's order.

    Keys of one direction whose leading key alone may be NULL (`claimed_on`, then `id`) take
    two ranges: the non-NULL rows past the cursor by row comparison, then the NULL rows
    (last going forwards, first going backwards), each a single index range. Other orderings
    (a search rank) use the general NULL-aware condition.
    """
    first, rest = keys[0], keys[1:]
    if not _seekable(keys):
        return [keyset_filter(keys, values, backwards=backwards)]
    if not first.nullable:
        return [_row_after(queryset, keys, values, backwards=backwards)]
    value, tail = values[0], values[1:]
    nulls = Q(**{f"{first.name}__isnull": True})
    if value is None:
        # The cursor is among the NULL rows, ordered by the remaining keys.
        among_nulls = nulls & _row_after(queryset, rest, tail, backwards=backwards)
        if not backwards:
            return [among_nulls]  # NULLs come last: nothing after them
        return [among_nulls, Q(**{f"{first.name}__isnull": False})]
    past = _row_after(queryset, keys, values, backwards=backwards)  # NULL compares to nothing
    return [past] if backwards else [past, nulls]


def _page_of(queryset: QuerySet, keys: list[Key], limit: int) -> QuerySet:
    """The first `limit` rows of `queryset`, in its order.

    An order no index holds (a search rank) sorts every matching row. The sort then holds only
    the keys and primary keys, and the page's rows are read by primary key afterwards: sorting
    whole rows (text, joined objects) made the sort, not the ranking, most of a search's time.
    """
    if _seekable(keys):
        return queryset[:limit]
    page = queryset.values("pk")[:limit]
    return queryset.filter(pk__in=page)[:limit]


@dataclass(frozen=True)
class RankedAbove:
    """Of a search's matches, those meeting `condition` rank above `floor` and every other
    match below it, as a filter knows of its own rank (a one-word search's sources with the
    word in their title: sources.filters). Pages whose rows rank above the floor are read from
    those rows alone, an index lookup, instead of ranking every match; the rows below it are
    ranked as before, and only for a page that reaches them. A filter sets it on the request
    (`request.ranked_above`); it applies to pages ordered by `key` descending."""

    condition: Any  # a boolean expression (or Q) on the listed rows
    floor: float
    key: str = "rank"


def _ranked_above_page(
    queryset: QuerySet,
    keys: list[Key],
    values: list[Any] | None,
    limit: int,
    top: RankedAbove,
    *,
    backwards: bool,
) -> list | None:
    """The page's rows (in `queryset`'s order) read through `top`, or None when the page lies
    below its floor (then it is read as any other)."""
    if values is not None:
        if values[0] is None or values[0] < top.floor:  # (a rank is never NULL)
            return None
        if backwards:
            # Every row ranked above a cursor above the floor is above the floor too.
            condition = keyset_filter(keys, values, backwards=True)
            return list(_page_of(queryset.filter(top.condition, condition), keys, limit))
    elif backwards:
        return None
    above = queryset.filter(top.condition)
    if values is not None:
        above = above.filter(keyset_filter(keys, values, backwards=False))
    rows = list(_page_of(above, keys, limit))
    if len(rows) == limit:
        return rows
    # All the rows above the floor after the cursor are read; the rest of the page ranks below
    # every one of them, so it follows the last row read (or the cursor) in the page's order.
    last = [getattr(rows[-1], key.name) for key in keys] if rows else values
    rest = queryset if last is None else queryset.filter(keyset_filter(keys, last, backwards=False))
    return rows + list(_page_of(rest, keys, limit - len(rows)))


class _CursorSigner(signing.Signer):
    """Django's signer, its HMAC keyed once per secret: Django derives the key from the salt
    and the secret (a hash) and keys a new HMAC with it (two more) for every signature, and
    every list page signs its links. The signatures are Django's, byte for byte."""

    def signature(self, value: str | bytes, key: str | bytes | None = None) -> str:
        salt: Any = self.salt  # a string here (the stubs allow bytes too)
        mac = _keyed_hmac(salt + "signer", key or self.key, self.algorithm).copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()


@functools.lru_cache(maxsize=16)
def _keyed_hmac(salt: str, secret: str | bytes, algorithm: str) -> hmac.HMAC:
    """An HMAC keyed as Django's `salted_hmac` keys it, fed nothing yet (copied, then fed)."""
    return salted_hmac(salt, b"", secret, algorithm=algorithm)


def _cursor_signer() -> signing.Signer:
    return _CursorSigner(salt="factbase.api.cursor", sep=".")


class KeysetPagination(BasePagination):
    """`?page_size=` (at most 100) and opaque `?cursor=` links in `next` / `previous`."""

    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(PAGE_SIZE_PARAM)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({PAGE_SIZE_PARAM: ["A whole number from 1 to 100."]})
        return min(size, self.max_page_size)

    def _decode_cursor(self, raw: str, queryset: QuerySet, keys: list[Key]):
        signature = [f"{'-' if key.descending else ''}{key.name}" for key in keys]
        try:
            raw = _cursor_signer().unsign(raw)
            data = json.loads(
                base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4))
            )
            if data["o"] != signature or len(data["v"]) != len(keys):
                raise ValueError("ordering changed")
            values = [
                _field_value(queryset, key.name, value)
                for key, value in zip(keys, data["v"], strict=True)
            ]
            return values, bool(data.get("b"))
        except (
            signing.BadSignature,
            ValueError,
            KeyError,
            TypeError,
            UnicodeError,
            binascii.Error,
        ) as error:
            raise ValidationError(
                {CURSOR_PARAM: ["Invalid cursor: use the `next` or `previous` link as given."]}
            ) from error

    def _encode_cursor(self, keys: list[Key], row: Any, *, backwards: bool) -> str:
        data: dict[str, Any] = {
            "o": [f"{'-' if key.descending else ''}{key.name}" for key in keys],
            "v": [_encode_value(getattr(row, key.name)) for key in keys],
        }
        if backwards:
            data["b"] = 1
        raw = json.dumps(data, separators=(",", ":")).encode()
        return _cursor_signer().sign(base64.urlsafe_b64encode(raw).decode().rstrip("="))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        keys = _ordering_keys(queryset)
        raw_cursor = request.query_params.get(CURSOR_PARAM)
        values, backwards = (None, False)
        if raw_cursor:
            values, backwards = self._decode_cursor(raw_cursor, queryset, keys)
        ordering = [key.expression(backwards=backwards) for key in keys]
        shape = self._fixed_shape(request, view, keys, backwards)
        top = getattr(request, "ranked_above", None)
        ranked = None
        if top is not None and keys[0].name == top.key and keys[0].descending:
            ordered = queryset.order_by(*ordering)
            ranked = _ranked_above_page(ordered, keys, values, size + 1, top, backwards=backwards)
        # Otherwise the page's queryset is made only when its statement is not kept: a kept
        # one's rows are read without it (factbase.api.prepared).
        if ranked is not None:
            rows = ranked
        elif values is None:
            rows = self._rows(
                shape,
                ("first", size + 1),
                lambda _: _page_of(queryset.order_by(*ordering), keys, size + 1),
                [],
            )
        else:
            rows = []
            conditions = seek_conditions(queryset, keys, values, backwards=backwards)
            for step in range(len(conditions)):
                limit = size + 1 - len(rows)

                def page(values: list[Any], step: int = step, limit: int = limit) -> QuerySet:
                    condition = seek_conditions(queryset, keys, values, backwards=backwards)[step]
                    ordered = queryset.order_by(*ordering)
                    return _page_of(ordered.filter(condition), keys, limit)

                rows += self._rows(shape, ("seek", step, limit), page, values)
                if len(rows) > size:
                    break
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        self.next_url = self.previous_url = None
        if rows:
            if more or backwards:
                self.next_url = self._link(keys, rows[-1], backwards=False)
            if raw_cursor and (more or not backwards):
                self.previous_url = self._link(keys, rows[0], backwards=True)
        return rows

    def _fixed_shape(self, request, view, keys: list[Key], backwards: bool) -> tuple | None:
        """What names this page's statement, when it is the same for every request but for the
        cursor's values: a view whose list query depends on nothing of the request but its
        filters (`fixed_list_shape`), asked for no filter or only for filters whose statement
        depends on their values alone (the filter backend's `filter_shape`, part of the name)."""
        if view is None or not getattr(view, "fixed_list_shape", False):
            return None
        if set(request.query_params) <= UNFILTERED_PARAMS:
            filters: tuple | None = ()
        else:
            filters = getattr(request, "filter_shape", None)
        if filters is None:
            return None
        return (type(view), getattr(view, "action", None), tuple(keys), backwards, filters)

    def _rows(self, shape: tuple | None, step: tuple, build, values: list[Any]) -> list:
        if shape is None:
            return list(build(values))
        # The texts of filters kept as values (`parameter_filters`), already in the queryset.
        bound = getattr(self.request, "filter_parameters", ())
        return prepared.rows((*shape, *step), build, values, bound=bound)

    def _link(self, keys: list[Key], row: Any, *, backwards: bool) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(
            url, CURSOR_PARAM, self._encode_cursor(keys, row, backwards=backwards)
        )

    def get_paginated_response(self, data):
        return Response({"next": self.next_url, "previous": self.previous_url, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last page.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The previous page, or null on the first page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "required": False,
                "in": "query",
                "description": "The pagination cursor from a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE_PARAM,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
