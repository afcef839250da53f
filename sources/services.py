"""The write path for sources and entities: the API, the admin and the importer all call these."""

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from factbase.db import savepoint_wanted, service_transaction, validate_each
from factbase.updates import ensure_editable, model_update
from sources.models import Entity, EntityKind, LowerAliases, Source, SourceKind, body_sha256


def _merge_aliases(existing: list[str], name: str, extra: Iterable[str]) -> list[str]:
    known = {existing_alias.casefold() for existing_alias in existing} | {name.casefold()}
    merged = list(existing)
    for alias in extra:
        alias = alias.strip()
        if alias and alias.casefold() not in known:
            merged.append(alias)
            known.add(alias.casefold())
    return merged


class EntityLookup:
    """Entities found by name or alias for a batch of names in one statement; then `find` and
    `get_or_create` answer as `entity_get_or_create` does, without a statement per name (the
    importer resolves every speaker of a document this way).

    An entity is found by its name before any entity having the name as an alias; among several
    with the alias, the first in name order.
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        wanted: dict[str, set[str]] = {}
        for name, kind in names:
            if name.strip():
                wanted.setdefault(kind, set()).add(name.strip().lower())
        # Each kind's entities, in name order, that have one of the names as name or alias.
        self._entities: dict[str, list[Entity]] = {kind: [] for kind in wanted}
        if not wanted:
            return
        condition = Q()
        for kind, lowered in wanted.items():
            # Both sides read from indexes: the unique (lower(name), kind) one and the index of
            # lower-cased aliases.
            these = sorted(lowered)
            condition |= Q(kind=kind) & (Q(lower_name__in=these) | Q(lower_aliases__overlap=these))
        entities = Entity.objects.alias(
            lower_name=Lower("name"), lower_aliases=LowerAliases("aliases")
        ).filter(condition)
        for entity in entities.order_by("name", "id"):
            self._entities[entity.kind].append(entity)

    def find(self, *, name: str, kind: str) -> Entity | None:
        """The entity of `kind` called `name` or having it as an alias, case-insensitively,
        among the entities this lookup read or made."""
        lowered = name.strip().lower()
        candidates = self._entities.get(kind, [])
        for entity in candidates:
            if entity.name.lower() == lowered:
                return entity
        for entity in candidates:
            if any(alias.lower() == lowered for alias in entity.aliases):
                return entity
        return None

    def _find_any(self, *, name: str, kind: str, aliases: list[str]) -> Entity | None:
        """The entity `name` names; for an organisation, else one of `aliases` names."""
        entity = self.find(name=name, kind=kind)
        if entity is None and kind != EntityKind.PERSON:
            for alias in aliases:
                entity = self.find(name=alias, kind=kind)
                if entity is not None:
                    break
        return entity

    def get_or_create(
        self, *, name: str, kind: str = EntityKind.PERSON, aliases: Iterable[str] = ()
    ) -> tuple[Entity, bool]:
        """As `entity_get_or_create` (see there), among the entities this lookup read or made:
        an entity it creates or gives aliases is found by later calls. One made since the
        lookup read, by a writer it did not wait for, is found instead of made twice."""
        aliases = list(aliases)
        entity = self._find_any(name=name, kind=kind, aliases=aliases)
        if entity is None:
            try:
                # A savepoint even inside `all_or_nothing`: the clash below is carried on from.
                with transaction.atomic():
                    entity = _new_entity(name=name, kind=kind, aliases=aliases)
                    # No query for a clash with a stored name: this lookup read them, and one
                    # stored since fails the insert.
                    entity.full_clean(validate_constraints=False)
                    entity.save()
            except (IntegrityError, ValidationError):
                entity = EntityLookup(_lookup_names(name, kind, aliases))._find_any(
                    name=name, kind=kind, aliases=aliases
                )
                if entity is None:
                    raise  # invalid, not a clash
            else:
                self._entities.setdefault(kind, []).append(entity)
                return entity, True
            self._entities.setdefault(kind, []).append(entity)
        merged = _merge_aliases(entity.aliases, entity.name, [name, *aliases])
        if merged != entity.aliases:
            with transaction.atomic(savepoint=savepoint_wanted()):
                entity.aliases = merged
                entity.full_clean()
                entity.save(update_fields=["aliases", "updated_at"])
        return entity, False


@service_transaction
def entity_get_or_create(
    *, name: str, kind: str = EntityKind.PERSON, aliases: Iterable[str] = ()
) -> tuple[Entity, bool]:
    """Find the entity by name or alias (case-insensitive), or create it; merge new aliases.

    A person is found only by their full name, as the entity's name or an alias stored on it, never
    by one of the given aliases: two people sharing a surname stay two entities. An organisation is
    also found by any of the given aliases ("JLM").
    Returns the entity and whether it was created. An existing entity is saved only when it
    gains an alias, so calling this again with the same arguments writes nothing.
    """
    aliases = list(aliases)
    return EntityLookup(_lookup_names(name, kind, aliases)).get_or_create(
        name=name, kind=kind, aliases=aliases
    )


def _lookup_names(name: str, kind: str, aliases: list[str]) -> list[tuple[str, str]]:
    """The names an entity is found by: its name, and an organisation's aliases too."""
    names = [(name, kind)]
    if kind != EntityKind.PERSON:
        names += [(alias, kind) for alias in aliases]
    return names


@service_transaction
def source_create(
    *,
    title: str,
    body: str,
    kind: str = SourceKind.ARTICLE,
    publisher: Entity | None = None,
    authors: Iterable[Entity] = (),
    url: str = "",
    published_on: date | None = None,
    language: str = "en",
    origin: dict[str, Any] | None = None,
) -> Source:
    """Create a source; ValidationError (field by field) when it is invalid or already stored."""
    source = Source(
        title=title,
        body=body,
        kind=kind,
        publisher=publisher,
        url=url,
        published_on=published_on,
        language=language,
        origin=origin or {},
    )
    source.full_clean()
    _save_searchable(source)
    if authors:
        source.authors.set(authors)
    return source


@service_transaction
def sources_create_many(
    *, sources: Sequence[Source], authors: Sequence[Iterable[Entity]] = ()
) -> list[Source]:
    """Create unsaved `sources` in one statement, `authors[i]` the authors of `sources[i]`.

    Validated as `source_create` validates one, with the bodies already stored (or repeated in
    the batch) found in one query; when any is invalid nothing is created and ItemsInvalid (a
    ValidationError) gives each invalid one's errors by position.
    """
    for source in sources:
        source.body_sha256 = body_sha256(source.body)
    stored = set(
        Source.objects.filter(body_sha256__in={s.body_sha256 for s in sources}).values_list(
            "body_sha256", flat=True
        )
    )
    seen: set[str] = set()

    def check(source: Source) -> None:
        source.full_clean(exclude=["publisher"], validate_unique=False, validate_constraints=False)
        if source.body_sha256 in stored or source.body_sha256 in seen:
            raise ValidationError({"body": "A source with exactly this body already exists."})
        seen.add(source.body_sha256)

    validate_each(sources, check)
    try:
        with transaction.atomic(savepoint=savepoint_wanted()):
            created = Source.objects.bulk_create(sources)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
            raise
        raise ValidationError({"body": TOO_MANY_WORDS}) from error
    links = [
        Source.authors.through(source_id=source.pk, entity_id=author.pk)
        for source, source_authors in zip(created, authors, strict=False)
        for author in dict.fromkeys(source_authors)
    ]
    Source.authors.through.objects.bulk_create(links)
    return created


# PostgreSQL's "program limit exceeded": here, a text whose full-text index entry (tsvector)
# would pass 1 MiB, which a body of up to a million distinct words can.
PROGRAM_LIMIT_EXCEEDED = "54000"
TOO_MANY_WORDS = (
    "This text has too many distinct words to index for search (PostgreSQL limits a "
    "document's index entry to 1 MiB); split it into several sources."
)


def _save_searchable(source: Source, update_fields: Iterable[str] | None = None) -> None:
    """Save `source`; a text too varied to index for search is a ValidationError on `body`."""
    try:
        with transaction.atomic(savepoint=savepoint_wanted()):
            source.save(update_fields=update_fields)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != PROGRAM_LIMIT_EXCEEDED:
            raise
        raise ValidationError({"body": TOO_MANY_WORDS}) from error


def source_find_by_body(body: str) -> Source | None:
    """The stored source with exactly this body, if any (bodies are unique by hash)."""
    return Source.objects.filter(body_sha256=body_sha256(body)).first()


# --- Entity and source edits and deletes (the API's write path) ---------------------------

ENTITY_EDITABLE_FIELDS = frozenset({"name", "kind", "aliases", "description", "wikidata_id"})
SOURCE_EDITABLE_FIELDS = frozenset(
    {"kind", "title", "url", "publisher", "authors", "published_on", "language", "body", "origin"}
)


@service_transaction
def entity_create(
    *,
    name: str,
    kind: str = EntityKind.PERSON,
    aliases: Iterable[str] = (),
    description: str = "",
    wikidata_id: str = "",
) -> Entity:
    """Create an entity; ValidationError when one of this kind and name already exists.

    Unlike `entity_get_or_create` (the importer's), this never returns an existing entity: a
    client creating a person is told about the clash instead of silently getting someone else.
    """
    entity = _new_entity(
        name=name, kind=kind, aliases=aliases, description=description, wikidata_id=wikidata_id
    )
    entity.full_clean()
    entity.save()
    return entity


def _new_entity(
    *, name: str, kind: str, aliases: Iterable[str], description: str = "", wikidata_id: str = ""
) -> Entity:
    return Entity(
        name=name.strip(),
        kind=kind,
        aliases=_merge_aliases([], name, aliases),
        description=description,
        wikidata_id=wikidata_id,
    )


@transaction.atomic
def entity_update(*, entity: Entity, changes: dict[str, Any]) -> Entity:
    """Apply `changes` to an entity under a row lock; ValidationError when invalid."""
    ensure_editable(changes, ENTITY_EDITABLE_FIELDS)
    locked = Entity.objects.select_for_update().get(pk=entity.pk)
    data = dict(changes)
    if "name" in data:
        data["name"] = data["name"].strip()
    if "aliases" in data:
        data["aliases"] = _merge_aliases([], data.get("name", locked.name), data["aliases"])
    model_update(instance=locked, data=data)
    return locked


@transaction.atomic
def entity_delete(*, entity: Entity) -> None:
    """Delete an entity; ProtectedError while sources or claims refer to it."""
    entity.delete()


# Why a source's text may not change, each guard registered by an app whose rows point into
# the text by character offsets (the claims app: citations, whose anchors would break); a guard
# answers a reason or None. The source's row is locked when they are asked, and writers of
# such rows lock it too, so none appears between the answer and the change.
BODY_GUARDS: list[Callable[[Source], str | None]] = []


def body_guard_register(guard: Callable[[Source], str | None]) -> None:
    """Add a reason a source's text may not change (once, however often an app starts)."""
    if guard not in BODY_GUARDS:
        BODY_GUARDS.append(guard)


@transaction.atomic
def source_update(*, source: Source, changes: dict[str, Any]) -> Source:
    """Apply `changes` (fields, and `authors` as entities) to a source under a row lock.

    The body cannot change while something points into it by character offsets (ValidationError
    on `body` with the reasons of `BODY_GUARDS`, asked under the row lock).
    """
    ensure_editable(changes, SOURCE_EDITABLE_FIELDS)
    locked = Source.objects.select_for_update().get(pk=source.pk)
    data = dict(changes)
    authors = data.pop("authors", None)
    if "body" in data and data["body"] != locked.body:
        refusals = [reason for guard in BODY_GUARDS if (reason := guard(locked))]
        if refusals:
            raise ValidationError({"body": refusals})
    if "origin" in data and data["origin"] is None:
        data["origin"] = {}
    model_update(
        instance=locked,
        data=data,
        save=lambda update_fields: _save_searchable(locked, update_fields=update_fields),
    )
    if authors is not None:
        locked.authors.set(authors)
    return locked


@transaction.atomic
def source_delete(*, source: Source) -> None:
    """Delete a source; ProtectedError while citations quote it (evidence is never lost)."""
    source.delete()
