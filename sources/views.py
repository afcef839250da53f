"""API views for entities and sources: thin, with the query shape in get_queryset."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from factbase.api import prepared
from factbase.api.bulk import BulkCreateMixin, Reference, bulk_schema
from factbase.api.viewsets import ResourceViewSet
from sources import services
from sources.filters import EntityFilterSet, SourceFilterSet
from sources.models import Entity, Source, SourceKind
from sources.serializers import (
    EntitySerializer,
    SourceBulkItemSerializer,
    SourceDetailSerializer,
    SourceSerializer,
)


class EntityViewSet(ResourceViewSet):
    """People and organisations: claimants, publishers, authors, quoted speakers."""

    fixed_list_shape = True

    serializer_class = EntitySerializer
    filterset_class = EntityFilterSet

    def get_queryset(self):
        return Entity.objects.all()

    def perform_destroy(self, instance):
        services.entity_delete(entity=instance)


SourceBulkRequest, SourceBulkCreated = bulk_schema(SourceBulkItemSerializer, SourceSerializer)


def with_authors(sources: list[Source]) -> list[Source]:
    """The sources with their authors (by name, then id) as `prefetch_related` would give
    them, read in one statement compiled once per process (factbase.api.prepared).

    Django's prefetch makes a related manager and a filtered queryset for every source; for a
    page of sources that was a quarter of the request's CPU time."""
    field: Any = Source._meta.get_field("authors")
    through: Any = field.remote_field.through
    entity = field.m2m_reverse_field_name()

    def links() -> QuerySet:
        return through.objects.select_related(entity).order_by(f"{entity}__name", f"{entity}__id")

    prepared.prefetch(
        sources,
        field.name,
        links,
        by=field.m2m_field_name(),
        value=lambda link: getattr(link, entity),
    )
    return sources


class SourceViewSet(BulkCreateMixin, ResourceViewSet):
    """Documents claims come from; a source's detail has its text. (The claims app serves a
    subclass that adds the citations: `claims.cited_sources`.)"""

    fixed_list_shape = True

    serializer_class = SourceSerializer
    detail_serializer_class: type[serializers.BaseSerializer] | None = SourceDetailSerializer
    filterset_class = SourceFilterSet
    error_field_names = {"publisher": "publisher_id", "authors": "author_ids"}
    bulk_item_serializer_class = SourceBulkItemSerializer
    bulk_references = {
        "publisher_id": Reference("publisher", Entity.objects.all),
        "author_ids": Reference("authors", Entity.objects.all, many=True),
    }

    def get_queryset(self):
        queryset = Source.objects.select_related("publisher").defer("search_vector")
        if self.action == "list":
            return queryset.defer("body")  # a page's authors: `paginate_queryset`
        if self.action == "retrieve":
            return queryset  # its authors: `get_object`
        return queryset.prefetch_related(
            Prefetch("authors", queryset=Entity.objects.order_by("name", "id"))
        )

    def get_object(self):
        source = super().get_object()
        if self.action == "retrieve":
            with_authors([source])
        return source

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            with_authors(page)
        return page

    def perform_destroy(self, instance):
        services.source_delete(source=instance)

    @extend_schema(
        request=SourceBulkRequest,
        responses={201: SourceBulkCreated},
        filters=False,
        summary="Create many sources",
        description="Create up to `API_BULK_MAX_ITEMS` (500) sources in one transaction (the "
        "request body is limited to `API_MAX_BODY_BYTES` too): all or, when any item is "
        "invalid (a body already stored or repeated in the batch, an unknown publisher), none; "
        "the 400 lists every invalid item in `item_errors` by its index. No extraction: post "
        "a page to `sources/?extract=true` for that.",
        examples=[
            OpenApiExample(
                "Two statements",
                value={
                    "items": [
                        {"title": "Council statement", "body": "Rents rose 40% since 2015."},
                        {"title": "Union reply", "body": "Families pay three times as much."},
                    ]
                },
                request_only=True,
            )
        ],
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request, *args, **kwargs):
        return self.bulk_create(request)

    def bulk_create_objects(self, items):
        sources = [
            Source(
                title=item["title"],
                body=item["body"],
                kind=item.get("kind", SourceKind.ARTICLE),
                publisher=item.get("publisher"),
                url=item.get("url", ""),
                published_on=item.get("published_on"),
                language=item.get("language", "en"),
                origin=item.get("origin") or {},
            )
            for item in items
        ]
        authors = [item.get("authors", []) for item in items]
        return services.sources_create_many(sources=sources, authors=authors)
