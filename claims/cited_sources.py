"""The sources resource with what the claims app knows of a source: how often it is cited, the
claims cited from it, and filters by claim.

`sources` knows nothing of claims; these subclasses of its serializers, FilterSet and viewset
add the citations, and `ExtractingSourceViewSet` (the one the router serves) builds on them. The
schema components keep the names clients know (`Source`, `SourceDetail`).
"""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from claims.models import Citation
from factbase.api import prepared
from factbase.api.bulk import bulk_schema
from factbase.api.filters import BooleanFilter, IdInFilter
from factbase.api.representation import PlannedRepresentation
from factbase.db import related_count
from sources.filters import SourceFilterSet
from sources.models import Source
from sources.serializers import SourceBulkItemSerializer, SourceSerializer
from sources.views import SourceViewSet


def _before_timestamps(fields: list[str], *added: str) -> list[str]:
    """`fields` with `added` placed before `created_at`, where clients have always seen them."""
    at = fields.index("created_at")
    return [*fields[:at], *added, *fields[at:]]


class CitedClaimSerializer(PlannedRepresentation):
    """A claim cited from a source (how it is cited: `relation`)."""

    id = serializers.IntegerField(source="claim_id")
    text = serializers.CharField(source="claim.text")
    status = serializers.CharField(source="claim.status")
    verdict = serializers.CharField(source="claim.verdict")
    citation_id = serializers.IntegerField(source="id")
    relation = serializers.CharField()
    quote = serializers.CharField()


@extend_schema_serializer(component_name="Source")
class CitedSourceSerializer(SourceSerializer):
    """A document claims come from (the body is in the detail representation only)."""

    # Sending back what a GET of the detail returned is not an error.
    known_read_only = frozenset({"cited_claims"})

    citation_count = serializers.IntegerField(read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = _before_timestamps(SourceSerializer.Meta.fields, "citation_count")


@extend_schema_serializer(component_name="SourceDetail")
class CitedSourceDetailSerializer(CitedSourceSerializer):
    """A source with its full text and the claims cited from it."""

    body = serializers.CharField(read_only=True)
    cited_claims = serializers.SerializerMethodField()

    class Meta(CitedSourceSerializer.Meta):
        fields = [*CitedSourceSerializer.Meta.fields, "cited_claims"]

    @extend_schema_field(CitedClaimSerializer(many=True))
    def get_cited_claims(self, source: Source) -> ReturnList:
        # `citations` is prefetched with their claims by the view: no query per citation.
        cited = CitedClaimSerializer(source.citations.all(), many=True)
        return cited.data  # type: ignore[return-value]  # many=True makes it a list


class CitedSourceFilterSet(SourceFilterSet):
    claim_id = IdInFilter(
        field_name="citations", method="filter_claim_id", help_text="Sources citing these claims."
    )
    has_citations = BooleanFilter(field_name="citations", method="filter_has_citations")

    class Meta(SourceFilterSet.Meta):
        pass

    def filter_claim_id(self, queryset, name, value):
        return queryset.filter(
            Exists(Citation.objects.filter(source_id=OuterRef("pk"), claim_id__in=value))
        )

    def filter_has_citations(self, queryset, name, value):
        cited = Exists(Citation.objects.filter(source_id=OuterRef("pk")))
        return queryset.filter(cited if value else ~cited)


_BulkRequest, CitedSourceBulkCreated = bulk_schema(SourceBulkItemSerializer, CitedSourceSerializer)


# The bulk action answers with this resource's representation of the sources it created.
@extend_schema_view(bulk=extend_schema(responses={201: CitedSourceBulkCreated}))
class CitedSourceViewSet(SourceViewSet):
    """Sources with their citation counts; a source's detail lists the claims cited from it."""

    serializer_class = CitedSourceSerializer
    detail_serializer_class = CitedSourceDetailSerializer
    filterset_class = CitedSourceFilterSet

    def get_queryset(self) -> QuerySet[Source]:
        queryset = (
            super()
            .get_queryset()
            .annotate(citation_count=related_count(Citation.objects.all(), pointing_by="source"))
        )
        if self.action in {"list", "retrieve"}:
            return queryset  # a detail's citations: `get_object`
        return queryset.prefetch_related(Prefetch("citations", queryset=_citations_with_claims()))

    def get_object(self) -> Source:
        source = super().get_object()
        if self.action == "retrieve":
            prepared.prefetch([source], "citations", _citations_with_claims, by="source")
        return source


def _citations_with_claims() -> QuerySet[Citation]:
    """A source's citations with their claims, in the order of the source's text."""
    return (
        Citation.objects.select_related("claim")
        .order_by("start", "id")
        .defer("claim__search_vector")
    )
