"""API views for entities and sources: thin, with the query shape in get_queryset."""

from django.db.models import Prefetch

from factbase.api.viewsets import ResourceViewSet
from factbase.db import related_count
from sources import services
from sources.filters import EntityFilterSet, SourceFilterSet
from sources.models import Entity, Source
from sources.serializers import EntitySerializer, SourceDetailSerializer, SourceSerializer


class EntityViewSet(ResourceViewSet):
    """People and organisations: claimants, publishers, authors, quoted speakers."""

    serializer_class = EntitySerializer
    filterset_class = EntityFilterSet

    def get_queryset(self):
        return Entity.objects.all()

    def perform_destroy(self, instance):
        services.entity_delete(entity=instance)


class SourceViewSet(ResourceViewSet):
    """Documents claims come from; a source's detail has its text and the claims cited from it."""

    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = SourceFilterSet
    error_field_names = {"publisher": "publisher_id", "authors": "author_ids"}

    def get_queryset(self):
        queryset = (
            Source.objects.select_related("publisher")
            .prefetch_related(Prefetch("authors", queryset=Entity.objects.order_by("name", "id")))
            .annotate(
                # Citations live in the claims app, which this one does not import.
                citation_count=related_count(
                    Source.citations.rel.related_model.objects.all(), pointing_by="source"
                )
            )
            .defer("search_vector")
        )
        if self.action == "list":
            return queryset.defer("body")
        citations = (
            Source.citations.rel.related_model.objects.select_related("claim")
            .order_by("start", "id")
            .defer("claim__search_vector")
        )
        return queryset.prefetch_related(Prefetch("citations", queryset=citations))

    def perform_destroy(self, instance):
        services.source_delete(source=instance)
