"""Unsaved model instances inserted in one statement whose text does not depend on their number.

Django's `bulk_create` writes a model with an array column (a claim's tags) as a VALUES list with
a placeholder per column and row: every batch size is a new statement for psycopg to parse (a
claim insert of 16 rows, 336 placeholders, cost more client CPU to parse than the other inserts
of an import together) and for PostgreSQL to plan. Here the rows travel as one JSON array and
`jsonb_populate_recordset` types each value with the column's own input function, arrays
included: one statement per model and set of columns, its parse cached.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)


def _json_value(value: Any) -> Any:
    # What the fields' `get_db_prep_save` hands the driver, as the column's input function
    # reads it back (dates and times in ISO 8601; floats as Python's shortest round-trip text).
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"no JSON form for a {type(value).__name__} column value")


def _column(field: models.Field) -> str:
    assert field.column is not None  # a concrete field's
    return field.column


def insert_as_json(objs: Sequence[M]) -> list[M]:
    """Insert unsaved `objs` (one model, no parents) as `bulk_create` would: every concrete
    column but generated ones, each value as the field prepares it (so `auto_now` dates are set
    on the instances), the key left to its default when unset; the key and generated fields are
    read back onto the instances, which are then saved ones. All keys set or none."""
    if not objs:
        return list(objs)
    model = type(objs[0])
    opts = model._meta
    using = router.db_for_write(model)
    connection = connections[using]
    for obj in objs:
        # As `bulk_create`: a related instance saved since it was assigned gives its key.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
    with_pk = objs[0].pk is not None
    if any((obj.pk is not None) != with_pk for obj in objs):
        raise ValueError("insert_as_json: either every instance has its key or none has")
    fields = [
        field
        for field in opts.concrete_fields
        if not field.generated and (with_pk or field is not opts.pk)
    ]
    names = [_column(field) for field in fields]
    rows = [
        {
            name: _json_value(field.get_db_prep_save(field.pre_save(obj, True), connection))
            for name, field in zip(names, fields, strict=True)
        }
        for obj in objs
    ]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(name) for name in names)
    values = ", ".join(f"r.{quote(name)}" for name in names)
    returning = opts.db_returning_fields
    sql = (
        f"INSERT INTO {table} ({columns}) "
        f"SELECT {values} FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb) AS r "
        f"RETURNING {', '.join(f'{table}.{quote(_column(field))}' for field in returning)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, ensure_ascii=False, allow_nan=False)])
        returned = cursor.fetchall()
    for obj, row in zip(objs, returned, strict=True):
        for field, value in zip(returning, row, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding = False
        obj._state.db = using
    return list(objs)
