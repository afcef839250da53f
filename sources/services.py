"""The write path for sources and entities: the API, the admin and the importer all call these."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from sources.models import Entity, EntityKind, Source, body_sha256


def _merge_aliases(existing: list[str], name: str, extra: Iterable[str]) -> list[str]:
    known = {existing_alias.casefold() for existing_alias in existing} | {name.casefold()}
    merged = list(existing)
    for alias in extra:
        alias = alias.strip()
        if alias and alias.casefold() not in known:
            merged.append(alias)
            known.add(alias.casefold())
    return merged


def entity_find(*, name: str, kind: str) -> Entity | None:
    """The entity of `kind` called `name` or having it as an alias, case-insensitively."""
    name = name.strip()
    by_name = Entity.objects.filter(kind=kind, search_name=name.lower()).first()
    if by_name is not None:
        return by_name
    has_alias = RawSQL(
        "EXISTS (SELECT 1 FROM unnest(aliases) AS alias WHERE lower(alias) = lower(%s))",
        (name,),
        output_field=BooleanField(),
    )
    return (
        Entity.objects.filter(kind=kind).alias(has_alias=has_alias).filter(has_alias=True).first()
    )


@transaction.atomic
def entity_get_or_create(
    *, name: str, kind: str = EntityKind.PERSON, aliases: Iterable[str] = ()
) -> tuple[Entity, bool]:
    """Find the entity by name or alias (case-insensitive), or create it; merge new aliases.

    Returns the entity and whether it was created. An existing entity is saved only when it
    gains an alias, so calling this again with the same arguments writes nothing.
    """
    aliases = list(aliases)
    entity = entity_find(name=name, kind=kind)
    if entity is None:
        for alias in aliases:
            entity = entity_find(name=alias, kind=kind)
            if entity is not None:
                break
    if entity is None:
        entity = Entity(name=name.strip(), kind=kind, aliases=_merge_aliases([], name, aliases))
        entity.full_clean()
        entity.save()
        return entity, True
    merged = _merge_aliases(entity.aliases, entity.name, [name, *aliases])
    if merged != entity.aliases:
        entity.aliases = merged
        entity.full_clean()
        entity.save(update_fields=["aliases", "updated_at"])
    return entity, False


@transaction.atomic
def source_create(
    *,
    title: str,
    body: str,
    kind: str = "article",
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
    source.save()
    if authors:
        source.authors.set(authors)
    return source


def source_find_by_body(body: str) -> Source | None:
    """The stored source with exactly this body, if any (bodies are unique by hash)."""
    return Source.objects.filter(body_sha256=body_sha256(body)).first()
