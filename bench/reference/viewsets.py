"""A typical DRF API for the same resources, as most Django projects write one: ModelViewSets
with ModelSerializers (nested related objects), a `Count` annotation, DRF's CursorPagination,
django-filter's generated filters and Django's full-text lookup for `q`.

It is what the product's endpoints are compared with in the benchmark (bench/run_newsroom.py),
not part of the product.
"""

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import pagination, serializers, viewsets

from claims.models import Citation, Claim
from sources.models import Entity, Source


class Pages(pagination.CursorPagination):
    ordering: tuple[str, ...] = ("-created_at", "-id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]


class EntityCompact(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "kind"]


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        exclude = ["search_name"]


class SourceCompact(serializers.ModelSerializer):
    publisher = EntityCompact(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "published_on", "url"]


class SourceSerializer(serializers.ModelSerializer):
    publisher = EntityCompact(read_only=True)
    authors = EntityCompact(many=True, read_only=True)
    citation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        exclude = ["body", "search_vector"]


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        exclude = ["search_vector"]


class CitationSerializer(serializers.ModelSerializer):
    # DRF's metaclass moves declared fields off the class: this does not hide Field.source.
    source = SourceCompact(read_only=True)  # type: ignore[assignment]
    speaker = EntityCompact(read_only=True)
    created_by = UserSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = "__all__"


class ClaimSerializer(serializers.ModelSerializer):
    claimant = EntityCompact(read_only=True)
    reviewer = UserSerializer(read_only=True)
    created_by = UserSerializer(read_only=True)
    assignee = UserSerializer(read_only=True)
    citation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        exclude = ["search_vector"]


class ClaimDetailSerializer(ClaimSerializer):
    citations = CitationSerializer(many=True, read_only=True)


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["status", "verdict", "origin", "claimant"]

    def get_queryset(self):
        queryset = Claim.objects.select_related(
            "claimant", "reviewer", "created_by", "assignee"
        ).annotate(citation_count=Count("citations"))
        if self.action == "retrieve":
            return queryset.prefetch_related(
                "citations__source__publisher", "citations__speaker", "citations__created_by"
            )
        if q := self.request.query_params.get("q"):
            query = SearchQuery(q, search_type="websearch", config="english")
            queryset = queryset.filter(search_vector=query)
        return queryset

    def get_serializer_class(self):
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["kind", "publisher", "language"]

    def get_queryset(self):
        return (
            Source.objects.select_related("publisher")
            .prefetch_related("authors")
            .annotate(citation_count=Count("citations"))
        )

    def get_serializer_class(self):
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer


class EntityPages(Pages):
    ordering = ("name", "id")


class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Entity.objects.all()
    serializer_class = EntitySerializer
    pagination_class = EntityPages
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["kind"]


class CitationPages(Pages):
    ordering = ("source_id", "start", "id")


class CitationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Citation.objects.select_related("source__publisher", "speaker", "created_by")
    serializer_class = CitationSerializer
    pagination_class = CitationPages
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["claim", "source", "relation"]
