"""List statements compiled once per process, for list pages whose query has a fixed shape.

Compiling a list page's query (its joins, columns, count subquery and ORDER BY) took about a
third of the request's CPU time, and an unfiltered list's query is the same statement for every
request but for the cursor's values (as is a filtered one's, for the same filter values). `rows`
compiles it once per shape, with stand-ins for those values, and afterwards runs the kept SQL
with the request's values in their places: the rows are built by Django as always (model
instances, joined objects, annotations), only the compilation is skipped.

Only for shapes that cannot vary between requests: the caller names the shape in the key (the
view, page size, ordering, which side of the cursor) and passes the values only through `build`,
and a statement whose values do not all appear as plain parameters is never kept.

A caller may also name values already in the queryset (`bound`: a filter's search text, which
`build` cannot make from a stand-in), as objects of their own found by identity among the
parameters, wherever they appear (a search text is in the condition, the rank and the cursor's
comparison). A statement with an equal or containing copy of one of them anywhere else (its SQL
or another parameter: the value transformed, or inlined) is not kept for that request.

Once a kept statement has run through Django (which finds its columns' converters), a plain
queryset's later runs skip Django's queryset altogether, `build` included: its rows are read
with the connection's cursor and made into the objects Django's iterator makes, by
`_Loader`. Building the queryset, Django's iterator and its row populators, and `Model.__init__`
for the models that do not inherit `LoadedFromRows` (Django's user, knox's token) were a fifth
of a list page's CPU time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, RelatedPopulator, get_related_populators
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler

from factbase.row_loading import loads_plainly

# What running a statement needs of its compiler besides the SQL (set while compiling).
_COMPILER_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")
# Shapes kept per process; more are compiled per request (no unbounded growth).
MAX_STATEMENTS = 512
# Sets of columns whose converters a statement keeps (one, in practice: its own select).
MAX_CONVERTER_SETS = 4


class _Slot:
    """A stand-in for one value, found again among the compiled statement's parameters."""

    __slots__ = ()


@dataclass
class _Statement:
    sql: str
    params: tuple[Any, ...]
    # Where each bound value, then each non-NULL value, goes among `params`.
    slots: tuple[tuple[int, ...], ...]
    state: dict[str, Any]
    # The converters of the selected columns (from database values to Python values), found
    # on the statement's first run: (the columns they were found for, the converters).
    converters: list[tuple[tuple[Any, ...], dict[int, Any]]] = field(default_factory=list)
    # How its rows become objects without Django's queryset, once it has run through Django
    # (for a plain queryset only: see `_plain_model`).
    loader: _Loader | None = None


_statements: dict[Hashable, _Statement | None] = {}
# The model of each shape (key and NULL values) whose queryset is plain: its database is then
# known without building it.
_plain_models: dict[Hashable, type[Model] | None] = {}
# Tests switch it off to compare with statements compiled every time.
enabled = True


Build = Callable[[list[Any]], QuerySet]


def _compile(
    build: Build, values: list[Any], db: str, bound: Sequence[str]
) -> tuple[_Statement | None, bool]:
    """The statement of `build` with stand-ins for `values`, or None to compile it every time;
    and whether that answer holds for every request of the shape (not when a bound value of
    this request was seen copied)."""
    stand_ins: list[Any] = [None if value is None else _Slot() for value in values]
    compiler = build(stand_ins).query.get_compiler(using=db)
    try:
        sql, params = compiler.as_sql()
    except (EmptyResultSet, FullResultSet):
        return None, True  # Django answers such a statement without running it: leave it to Django
    params = tuple(params)
    slots = []
    for value in bound:
        places = tuple(index for index, param in enumerate(params) if param is value)
        if not places:
            return None, True  # the value was transformed: compile it every time
        slots.append(places)
    for stand_in in stand_ins:
        if stand_in is None:
            continue
        # Found wherever it appears (a cursor's value in several comparisons of a search rank's
        # condition, and in its page's key subquery as well as around it).
        places = tuple(index for index, param in enumerate(params) if param is stand_in)
        if not places:
            return None, True  # the value was transformed: compile it every time
        slots.append(places)
    taken = {index for places in slots for index in places}
    others = [param for index, param in enumerate(params) if index not in taken]
    if any(isinstance(param, _Slot) for param in others):
        return None, True
    # A stand-in also made into text somewhere (its repr names the class): that copy would keep
    # the stand-in's text, not the request's value.
    if any(_copied(repr(stand_in), sql, others) for stand_in in stand_ins if stand_in is not None):
        return None, True
    if any(_copied(value, sql, others) for value in bound):
        return None, False
    state = {name: getattr(compiler, name) for name in _COMPILER_STATE}
    return _Statement(sql, params, tuple(slots), state), True


def _copied(value: str, sql: str, others: list[Any]) -> bool:
    """Whether the statement may hold `value` elsewhere than in its own parameters: inlined
    in the SQL, or in another parameter (converted to a plain string, changed in case, put
    inside a pattern). Checked on the text, in any case: a short word may be seen where it
    is not, which costs only the compilation."""
    folded = value.casefold()
    return folded in sql.casefold() or any(
        isinstance(param, str) and folded in param.casefold() for param in others
    )


class _KeptQuery(Query):
    """A query answered with a kept statement: `rows` gives a page's query (a plain `Query`)
    this class and the statement with the request's values (`kept`).

    Kept on the query and its compiler as plain attributes, not as functions bound to them
    (a `partial` holding the query, set on the query): such a self-reference makes every
    page's query a reference cycle, which reference counting never frees, and the cycle
    collector frees late and in bulk (see factbase/request_cycles.py)."""

    kept: tuple[_Statement, tuple[Any, ...]]

    def get_compiler(self, using=None, connection=None, elide_empty: bool = True):
        """A compiler of this query on this thread's connection that answers with the kept
        SQL."""
        compiler = super().get_compiler(using, connection, elide_empty)
        compiler.__dict__.update(self.kept[0].state)
        compiler.__class__ = _kept_compiler_class(type(compiler))
        compiler.kept = self.kept
        return compiler


_kept_compiler_classes: dict[type[SQLCompiler], type[SQLCompiler]] = {}


def _kept_compiler_class(base: type[SQLCompiler]) -> type[SQLCompiler]:
    """`base` (the database backend's compiler class) answering with a kept statement."""
    if base in _kept_compiler_classes:
        return _kept_compiler_classes[base]

    class KeptCompiler(base):  # type: ignore[valid-type,misc]
        kept: tuple[_Statement, tuple[Any, ...]]

        def as_sql(self, *args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...]]:
            statement, params = self.kept
            return statement.sql, params

        def get_converters(self, expressions: list[Any]) -> dict[int, Any]:
            statement = self.kept[0]
            converters = _kept_converters(statement, expressions)
            if converters is None:
                converters = super().get_converters(expressions)
                if len(statement.converters) < MAX_CONVERTER_SETS:
                    statement.converters.append((tuple(expressions), converters))
            return converters

    KeptCompiler.__qualname__ = KeptCompiler.__name__ = f"Kept{base.__name__}"
    _kept_compiler_classes[base] = KeptCompiler
    return KeptCompiler


def _kept_converters(statement: _Statement, expressions: list[Any]) -> dict[int, Any] | None:
    """The converters of a kept statement's columns, found once (None: not yet): Django looks
    them up on every run, asking each selected column's field (a tenth of a list page's
    row-building time). They depend on the columns alone (the connection is passed to them
    when they run), and a kept statement selects the same column objects every time (its
    compiler's `select`)."""
    for columns, converters in statement.converters:
        if len(columns) == len(expressions) and all(
            kept is given for kept, given in zip(columns, expressions, strict=True)
        ):
            return converters
    return None


def rows(key: Hashable, build: Build, values: list[Any], bound: Sequence[str] = ()) -> list[Model]:
    """The objects of `build(values)`, a sliced queryset of the shape `key` names, whose
    statement is compiled once per shape and database. `bound` are values the queryset already
    holds, each a distinct object (see the module's docstring); `key` must name which are
    given."""
    if not enabled:
        return list(build(values))
    nulls = tuple(value is None for value in values)
    model = _plain_models.get((key, nulls))
    if model is not None:
        # The database `build(values).db` would name: a plain queryset's is the router's.
        db = router.db_for_read(model)
        statement = _statements.get((db, key, nulls))
        if statement is not None and statement.loader is not None:
            loaded = statement.loader.objects(db, _params(statement, bound, values))
            if loaded is not None:
                return loaded
    queryset = build(values)
    db = queryset.db
    shape = (db, key, nulls)
    try:
        statement = _statements[shape]
    except KeyError:
        statement, holds = _compile(build, values, db, bound)
        if holds:
            if len(_statements) >= MAX_STATEMENTS:
                _statements.clear()
                _plain_models.clear()
            _statements[shape] = statement
    if statement is None:
        return list(queryset)
    query = queryset.query
    if type(query) is not Query:  # a query class of its own: leave it as it is
        return list(queryset)
    query.__class__ = _KeptQuery
    query.kept = (statement, tuple(_params(statement, bound, values)))  # type: ignore[attr-defined]
    found = list(queryset)
    if statement.loader is None and _plain_model(queryset) is not None:
        statement.loader = _Loader.of(statement, db)
        if statement.loader is not None:
            _plain_models[(key, nulls)] = queryset.model
    return found


def _params(statement: _Statement, bound: Sequence[str], values: list[Any]) -> list[Any]:
    params = list(statement.params)
    given = [*bound, *(v for v in values if v is not None)]
    for places, value in zip(statement.slots, given, strict=True):
        for place in places:
            params[place] = value
    return params


def _plain_model(queryset: QuerySet) -> type[Model] | None:
    """The model of a queryset whose objects are its statement's rows made into instances and
    nothing more, read from the database the router names for the model: no `values()`, no
    prefetch, no objects known beforehand, no locking, no database or hints of its own."""
    unchecked: Any = queryset  # (the stubs leave out its private state)
    if (
        unchecked._iterable_class is not ModelIterable
        or unchecked._fields is not None
        or unchecked._prefetch_related_lookups
        or unchecked._known_related_objects
        or unchecked._for_write
        or unchecked._db is not None
        or unchecked._hints
        or unchecked.query.select_for_update
    ):
        return None
    return queryset.model


class _Loader:
    """A kept statement's rows made into the objects Django's `ModelIterable` makes of them:
    each row's converters applied, the model's instance, its joined objects (None for a
    missing one) cached on it as `select_related` caches them, its annotations set."""

    def __init__(
        self,
        statement: _Statement,
        converters: list[tuple[int, tuple[list[Any], Any]]],
        populators: list[RelatedPopulator],
    ) -> None:
        state = statement.state
        klass_info = state["klass_info"]
        select = state["select"]
        fields = klass_info["select_fields"]
        self.sql = statement.sql
        self.start, self.end = fields[0], fields[-1] + 1
        self.model = klass_info["model"]
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = populators
        self.converters = converters
        self.annotations = list(state["annotation_col_map"].items())
        self.width = state["col_count"] if state["has_extra_select"] else None
        self.models = [self.model, *_joined_models(populators)]
        self.load = _compiled_loader(self)

    @classmethod
    def of(cls, statement: _Statement, db: str) -> _Loader | None:
        """The loader of a statement that has run through Django (None: it cannot have one)."""
        state = statement.state
        if state["klass_info"] is None or not statement.converters:
            return None
        select = state["select"]
        columns = tuple(column[0] for column in select[0 : state["col_count"]])
        converters = _kept_converters(statement, list(columns))
        if converters is None:
            return None
        # (The stubs give Django 6's signature, with a `fetch_mode`.)
        populators = get_related_populators(state["klass_info"], select, db)  # type: ignore[call-arg]
        return cls(statement, list(converters.items()), populators)

    def objects(self, db: str, params: list[Any]) -> list[Model] | None:
        """The objects of the statement run with `params` on `db`; None when a model's
        instances must be made by Django now (a receiver of its `__init__` signals)."""
        if not all(loads_plainly(model) for model in self.models):
            return None
        connection = connections[db]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        return self.load(fetched, db, connection)


def _joined_models(populators: list[RelatedPopulator]) -> list[type[Model]]:
    return [
        model
        for populator in populators
        for model in (populator.model_cls, *_joined_models(populator.related_populators))
    ]


def _compiled_loader(loader: _Loader) -> Callable[[list[Any], str, Any], list[Model]]:
    """The loader's rows made into objects by one Python function written for its statement
    (rows, database, connection -> objects): per row, its converters applied (as
    `SQLCompiler.apply_converters`), the instance `from_row` makes, each joined object as
    `RelatedPopulator.populate` makes and caches it, its annotations set. Looping over the
    converters and populators, and calling `from_row` for each object, cost a call per value
    converted and per object on every row of every page."""
    names: dict[str, Any] = {"_ModelState": ModelState}
    lines = ["def load(fetched, db, connection):", "    found = []", "    for row in fetched:"]
    if loader.width is not None:
        lines.append(f"        row = row[:{loader.width}]")
    if loader.converters:
        lines.append("        row = list(row)")
        for index, (position, (functions, expression)) in enumerate(loader.converters):
            names[f"_expression{index}"] = expression
            lines.append(f"        value = row[{position}]")
            for number, function in enumerate(functions):
                names[f"_convert{index}_{number}"] = function
                call = f"_convert{index}_{number}(value, _expression{index}, connection)"
                lines.append(f"        value = {call}")
            lines.append(f"        row[{position}] = value")

    def made(
        variable: str, model: type[Model], db: str, field_names: list[str], values: str, indent: str
    ) -> list[str]:
        # As `from_row`.
        names[f"_model_{variable}"] = model
        names[f"_new_{variable}"] = model.__new__
        names[f"_names_{variable}"] = field_names
        return [
            f"{indent}{variable} = _new_{variable}(_model_{variable})",
            f"{indent}state = {variable}._state = _ModelState()",
            f"{indent}state.adding = False",
            f"{indent}state.db = {db}",
            f"{indent}{variable}.__dict__.update(zip(_names_{variable}, {values}, strict=True))",
        ]

    lines += made(
        "obj", loader.model, "db", loader.names, f"row[{loader.start}:{loader.end}]", " " * 8
    )
    count = 0

    def populate(populator: RelatedPopulator, parent: str, indent: str) -> None:
        # As `RelatedPopulator.populate`, the instance made as `from_row` makes it.
        nonlocal count
        count += 1
        variable = f"joined{count}"
        names[f"_db_{variable}"] = populator.db
        names[f"_local_{variable}"] = populator.local_setter
        names[f"_remote_{variable}"] = populator.remote_setter
        if populator.reorder_for_init:
            names[f"_reorder_{variable}"] = populator.reorder_for_init
            lines.append(f"{indent}data = _reorder_{variable}(row)")
        else:
            lines.append(f"{indent}data = row[{populator.cols_start}:{populator.cols_end}]")
        lines.append(f"{indent}if data[{populator.pk_idx}] is None:")
        lines.append(f"{indent}    {variable} = None")
        lines.append(f"{indent}else:")
        lines.extend(
            made(
                variable,
                populator.model_cls,
                f"_db_{variable}",
                populator.init_list,
                "data",
                indent + "    ",
            )
        )
        for child in populator.related_populators:
            populate(child, variable, indent + "    ")
        lines.append(f"{indent}_local_{variable}({parent}, {variable})")
        lines.append(f"{indent}if {variable} is not None:")
        lines.append(f"{indent}    _remote_{variable}({variable}, {parent})")

    for populator in loader.populators:
        populate(populator, "obj", " " * 8)
    for index, (name, position) in enumerate(loader.annotations):
        names[f"_annotation{index}"] = name
        lines.append(f"        setattr(obj, _annotation{index}, row[{position}])")
    lines += ["        found.append(obj)", "    return found"]
    code = compile("\n".join(lines), "<kept statement's loader>", "exec")
    exec(code, names)  # the code written above
    return names["load"]


# What a prefetch's statement reads (its model, condition and key), by what names its shape.
_prefetched: dict[Hashable, tuple[type[Model], str, str]] = {}


def prefetch(
    objects: Sequence[Model],
    name: str,
    related: Callable[[], QuerySet],
    by: str,
    value: Callable[[Model], Model] | None = None,
) -> None:
    """What `prefetch_related(Prefetch(name, queryset=related()))` gives `objects` (a reverse
    foreign key `by` of `related`'s model pointing at them), read in one statement compiled
    once per process: Django's prefetch compiles its statement and makes a related manager and
    a filtered queryset for every object. `getattr(obj, name).all()` then returns the list.

    For a many-to-many relation, `related` reads the through model (its foreign key to
    `objects` is `by`) and `value` picks the related object from each of its rows."""
    if not objects:
        return
    key = ("prefetch", name, related.__qualname__, by)
    try:
        model, among, attname = _prefetched[key]
    except KeyError:
        model = related().model
        quote = connections[router.db_for_read(model)].ops.quote_name
        column = model._meta.get_field(by).column
        among = f"{quote(model._meta.db_table)}.{quote(column)} = ANY(%s)"
        attname = model._meta.get_field(by).attname
        _prefetched[key] = model, among, attname

    def build(values: list[Any]) -> QuerySet:
        return related().filter(RawSQL(among, values, output_field=BooleanField()))

    found: dict[Any, list[Model]] = {obj.pk: [] for obj in objects}
    for row in rows((*key, model), build, [list(found)]):
        found[getattr(row, attname)].append(row if value is None else value(row))
    for obj in objects:
        # Where the related manager finds prefetched objects.
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = found[obj.pk]
