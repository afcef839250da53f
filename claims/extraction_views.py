"""`POST sources/?extract=true`: a raw page in; its sources, candidate claims and citations out.

The sources endpoint lives in `sources`, which knows nothing of claims; this subclass adds the
extraction (the seed import's pipeline) and is what the router serves at `sources/`.
"""

from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from claims.importing import import_page
from claims.serializers import ClaimDetailSerializer
from claims.views import ClaimViewSet
from sources.serializers import SourceDetailSerializer, SourceSerializer
from sources.views import SourceViewSet

# Extraction time grows faster than the page (a 95 KB page takes ~40 s), so a page to extract
# is held to far less than a stored source body may be (sources.models.BODY_MAX_CHARS).
EXTRACTION_BODY_MAX_CHARS = 200_000

# Extraction writes more than a source: the user must be allowed to add all of it.
EXTRACTION_PERMISSIONS = (
    "sources.add_source",
    "sources.add_entity",
    "claims.add_claim",
    "claims.add_citation",
)


class PageExtractionRequestSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=EXTRACTION_BODY_MAX_CHARS,
        trim_whitespace=False,
        error_messages={
            "max_length": f"A page to extract is at most {EXTRACTION_BODY_MAX_CHARS} characters; "
            "split it, or post it without `extract` to store it as one source."
        },
        help_text="The raw text of a page: an article, or a listing page holding several posts, "
        f"site furniture included (it is removed). At most {EXTRACTION_BODY_MAX_CHARS} "
        "characters.",
    )
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")


class ExtractionSummarySerializer(serializers.Serializer):
    sources = serializers.IntegerField(help_text="Sources created (0 when the page was known).")
    entities = serializers.IntegerField()
    claims = serializers.IntegerField()
    citations = serializers.IntegerField()
    merges = serializers.IntegerField(help_text="Passages cited for a claim already stored.")
    suggestions = serializers.IntegerField(help_text="Possible same-claim links to confirm.")


class PageExtractionSerializer(serializers.Serializer):
    sources = SourceDetailSerializer(many=True)
    claims = ClaimDetailSerializer(
        many=True, help_text="Candidate claims, each with its citations."
    )
    created = ExtractionSummarySerializer()


class ExtractingSourceViewSet(SourceViewSet):
    """Sources; posting with `?extract=true` runs the import pipeline on the posted page."""

    def reject_query_params(self, request, allowed: frozenset[str] = frozenset()) -> None:
        if self.action == "create":
            allowed = allowed | {"extract"}
        super().reject_query_params(request, allowed)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "extract",
                bool,
                description="true: the body is a raw page; split it into sources, extract "
                "attributed quotes and check-worthy statements as claims with anchored "
                "citations, matched against stored claims. Re-posting a page changes nothing.",
            )
        ],
        request=PolymorphicProxySerializer(
            component_name="SourceOrPage",
            serializers=[SourceSerializer, PageExtractionRequestSerializer],
            resource_type_field_name=None,
        ),
        responses={
            201: PolymorphicProxySerializer(
                component_name="SourceOrPageExtraction",
                serializers=[SourceDetailSerializer, PageExtractionSerializer],
                resource_type_field_name=None,
            ),
            200: PageExtractionSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        extract = request.query_params.get("extract", "false")
        if extract not in {"true", "false"}:
            raise ValidationError({"extract": ['Must be "true" or "false".']})
        if extract == "false":
            return super().create(request, *args, **kwargs)
        if not request.user.has_perms(EXTRACTION_PERMISSIONS):
            raise PermissionDenied("Extraction adds sources, entities, claims and citations.")
        payload = PageExtractionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        url = payload.validated_data["url"]
        page = import_page(
            payload.validated_data["body"], origin=f"api:{url or 'posted page'}", url=url
        )
        if not page.sources:
            raise ValidationError({"body": ["No item with text was found in this page."]})
        context = self.get_serializer_context()
        sources = self.get_queryset().filter(pk__in=[source.pk for source in page.sources])
        claims = self._claims_shaped_for_detail([claim.pk for claim in page.claims])
        data = {
            "sources": SourceDetailSerializer(sources, many=True, context=context).data,
            "claims": ClaimDetailSerializer(claims, many=True, context=context).data,
            "created": {
                name: getattr(page.stats, name) for name in ExtractionSummarySerializer().fields
            },
        }
        created_anything = page.stats.sources or page.stats.claims or page.stats.citations
        return Response(data, status=201 if created_anything else 200)

    def _claims_shaped_for_detail(self, ids: list[int]):
        shape = ClaimViewSet(action="retrieve", request=self.request, format_kwarg=None)
        return shape.get_queryset().filter(pk__in=ids).order_by("pk")
