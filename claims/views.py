"""API views for claims and citations, and ClaimReview (the Fact Check Tools compatible search
is in claims.factcheck_views).

Thin: the query shape is in get_queryset, writes go through the serializers to the services,
matching and ClaimReview mapping live in their own modules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
)
from rest_framework import generics, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from claims import claimreview, services
from claims.claimreview_checks import ERROR, WARNING, claim_findings
from claims.claimreview_schema import CLAIMREVIEW
from claims.filters import CitationFilterSet, ClaimFilterSet
from claims.models import (
    CLAIM_TEXT_MAX_CHARS,
    Citation,
    CitationRank,
    CitationRelation,
    Claim,
    ClaimOrigin,
    ClaimStatus,
)
from claims.selectors import (
    claim_detail_queryset,
    claim_list_queryset,
    similar_claims,
    with_citations,
)
from claims.serializers import (
    CitationBulkItemSerializer,
    CitationSerializer,
    ClaimBulkItemSerializer,
    ClaimCreatedSerializer,
    ClaimDetailSerializer,
    ClaimMergeSerializer,
    ClaimSerializer,
    SimilarClaimSerializer,
)
from claims.services import REVIEW_PERMISSION
from factbase.api.bulk import BulkCreateMixin, Reference, bulk_schema
from factbase.api.conditional import digest, if_none_match_satisfied, quote_etag, required_if_match
from factbase.api.errors import Conflict
from factbase.api.filters import DateTimeFilter, FactbaseFilterSet
from factbase.api.permissions import ChangeModelPermissions
from factbase.api.sequence_pagination import QUERY_PARAMS as SEQUENCE_QUERY_PARAMS
from factbase.api.sequence_pagination import SimilarPagination
from factbase.api.views import ThrottleFirstMixin
from factbase.api.viewsets import ResourceViewSet
from sources.models import Entity, Source


class JSONLDRenderer(JSONRenderer):
    """ClaimReview for JSON-LD consumers (`Accept: application/ld+json`)."""

    media_type = "application/ld+json"
    format = "jsonld"


CLAIMREVIEW_RENDERERS = [JSONRenderer, JSONLDRenderer, BrowsableAPIRenderer]


class FindingSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[ERROR, WARNING])
    property = serializers.CharField(
        help_text="Where in the ClaimReview, e.g. itemReviewed.author."
    )
    message = serializers.CharField()


class ClaimReviewValidationSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField()
    published = serializers.BooleanField()
    valid = serializers.BooleanField(help_text="No errors: Google would accept it.")
    # DRF's metaclass moves declared fields off the class: this does not hide Serializer.errors.
    errors = FindingSerializer(many=True)  # type: ignore[assignment]
    warnings = FindingSerializer(many=True)


class DuplicatesQuerySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=CLAIM_TEXT_MAX_CHARS)


ClaimBulkRequest, ClaimBulkCreated = bulk_schema(ClaimBulkItemSerializer, ClaimSerializer)
CitationBulkRequest, CitationBulkCreated = bulk_schema(
    CitationBulkItemSerializer, CitationSerializer
)


class ClaimViewSet(BulkCreateMixin, ResourceViewSet):
    """Claims: checkable statements, their claimant, citations, status and verdict."""

    fixed_list_shape = True

    serializer_class = ClaimSerializer
    detail_serializer_class = ClaimDetailSerializer
    filterset_class = ClaimFilterSet
    error_field_names = {"claimant": "claimant_id", "assignee": "assignee_id"}
    bulk_item_serializer_class = ClaimBulkItemSerializer
    bulk_references = {"claimant_id": Reference("claimant", Entity.objects.all)}

    def get_queryset(self):
        if self.action in {"list", "retrieve"}:
            return claim_list_queryset()  # a detail's citations: `get_object`
        return claim_detail_queryset()

    def get_object(self):
        claim = super().get_object()
        if self.action == "retrieve":
            with_citations([claim])
        return claim

    def locked_object(self):
        # One read: the claim under its row lock (of its own row, not the joined ones), with
        # its citations; the update is applied to this row and answered from it.
        queryset = self.get_queryset().select_for_update(of=("self",))
        instance = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, instance)
        return instance

    def written(self, instance):
        return instance  # the locked row, changed in place by claim_update

    def etag_for(self, instance, data=None):
        """The claim's version (bumped by the database on every change) and a digest of what
        the detail embeds (citations, claimant), which the version does not cover."""
        data = data if data is not None else self.detail_data(instance)
        return quote_etag(f"{instance.version}-{digest(data)[:16]}")

    @extend_schema(responses={201: ClaimCreatedSerializer})
    def create(self, request, *args, **kwargs):
        """Create a claim; the response lists existing claims that probably say the same."""
        return super().create(request, *args, **kwargs)

    def created_response(self, instance, serializer):
        instance.likely_duplicates = similar_claims(instance.text, exclude_id=instance.pk)
        data = ClaimCreatedSerializer(instance, context=self.get_serializer_context()).data
        location = self.reverse_action("detail", args=[instance.pk])
        etag = self.etag_for(instance)
        return Response(data, status=201, headers={"ETag": etag, "Location": location})

    def perform_destroy(self, instance):
        services.claim_delete(claim=instance)

    @extend_schema(
        request=ClaimBulkRequest,
        responses={201: ClaimBulkCreated},
        filters=False,
        summary="Create many claims",
        description="Create up to `API_BULK_MAX_ITEMS` (500) claims in one transaction, each "
        "in status `new` (set verdicts with PATCH afterwards): all are created or, when any "
        "item is invalid, none, and the 400 lists every invalid item in `item_errors` by its "
        "index. Each is recorded in history and the event feed like a single create.",
        examples=[
            OpenApiExample(
                "Two claims",
                value={
                    "items": [
                        {"text": "Rents rose 40% since 2015", "claimant_id": 3},
                        {"text": "Turnout was 67% in 2019", "tags": ["elections"]},
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
        claims = [
            Claim(
                text=item["text"],
                claimant=item.get("claimant"),
                claimed_on=item.get("claimed_on"),
                tags=list(item.get("tags", [])),
                origin=ClaimOrigin.ENTERED,
                created_by=self.request.user,
            )
            for item in items
        ]
        return services.claims_create_many(claims=claims)

    @extend_schema(
        request=ClaimMergeSerializer,
        responses={200: ClaimDetailSerializer},
        filters=False,
        summary="Merge this claim into another",
        description="Merge the addressed claim into `into`, as the admin's merge does: its "
        "citations move to `into` (except passages `into` already cites), tags are combined, "
        "and it is kept marked `duplicate_of`, with a confirmed same-claim relation; both keep "
        "their history, and the feed records a `claim.merged` event. Answers `into` as it is "
        "now, with its ETag. Needs `If-Match` with the addressed claim's ETag; merging a "
        "reviewed or published claim, or adding evidence to one, needs the "
        f"{REVIEW_PERMISSION} permission. 409 when either claim was already merged.",
        examples=[OpenApiExample("Merge into claim 12", value={"into": 12}, request_only=True)],
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ChangeModelPermissions],
        pagination_class=None,
        filter_backends=[],
        requires_if_match=True,
    )
    def merge(self, request, *args, **kwargs):
        duplicate = self.get_object()
        required_if_match(request)  # a 428 before the body is read
        body = ClaimMergeSerializer(data=request.data, context={"duplicate": duplicate})
        body.is_valid(raise_exception=True)
        into = body.validated_data["into"]

        def lock_both() -> Claim:
            # Both rows, in id order (as claim_merge locks them): two opposite merges wait for
            # each other instead of deadlocking.
            locked = Claim.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])
            if len(locked.order_by("pk").values_list("pk", flat=True)) < 2:
                raise NotFound("The claim was deleted meanwhile.")
            return self.fresh(duplicate.pk)

        with self.locked_if_match(request, lock=lock_both) as current:
            try:
                merged = services.claim_merge(duplicate=current, into=into, user=request.user)
            except DjangoValidationError as error:
                raise Conflict(" ".join(error.messages)) from error
        return self.detail_response(self.fresh(merged.pk))

    @extend_schema(
        responses={200: SimilarClaimSerializer(many=True)},
        filters=False,
        description="Claims likely to state the same thing as this one, best first: candidates "
        "sharing its rarest words (a misspelt word by its first letters), re-ranked by word "
        "overlap.",
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=SimilarPagination,
        filter_backends=[],
        query_params=SEQUENCE_QUERY_PARAMS,
    )
    def similar(self, request, *args, **kwargs):
        claim = self.get_object()
        page = self.paginator.paginate_sequence(
            request,
            lambda offset, limit: similar_claims(
                claim.text, exclude_id=claim.pk, limit=offset + limit
            )[offset:],
        )
        return self.paginator.get_paginated_response(SimilarClaimSerializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "text", OpenApiTypes.STR, required=True, description="The statement to check."
            )
        ],
        responses={200: SimilarClaimSerializer(many=True)},
        filters=False,
        description="Existing claims likely to state the same thing as `text`: check before "
        "creating a claim, and link to an existing one instead.",
    )
    @action(
        detail=False,
        methods=["get"],
        pagination_class=SimilarPagination,
        filter_backends=[],
        query_params=SEQUENCE_QUERY_PARAMS | {"text"},
    )
    def duplicates(self, request, *args, **kwargs):
        self.is_query_validation = True
        query = DuplicatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["text"]
        page = self.paginator.paginate_sequence(
            request, lambda offset, limit: similar_claims(text, limit=offset + limit)[offset:]
        )
        return self.paginator.get_paginated_response(SimilarClaimSerializer(page, many=True).data)

    @extend_schema(
        responses={200: CLAIMREVIEW, 304: None},
        filters=False,
        description="The claim's schema.org ClaimReview (JSON-LD); 404 until it is reviewed or "
        "published with a verdict. `Accept: application/ld+json` gets it with that type. Its "
        "`ETag` answers `If-None-Match` with 304 while it is unchanged.",
    )
    @action(
        detail=True,
        methods=["get"],
        pagination_class=None,
        filter_backends=[],
        renderer_classes=CLAIMREVIEW_RENDERERS,
    )
    def claimreview(self, request, *args, **kwargs):
        claim = self.get_object()
        try:
            data = claimreview.claim_review(
                claim,
                article=services.review_article(claim),
                publisher=settings.FACTBASE_PUBLISHER,
            )
        except claimreview.NotReviewed as error:
            raise NotFound(str(error)) from error
        # The same body under two media types: the tag names which one it is.
        suffix = "-ld" if request.accepted_media_type.startswith(JSONLDRenderer.media_type) else ""
        etag = quote_etag(digest(data)[:32] + suffix)
        headers = {"ETag": etag, "Vary": "Accept"}
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match and if_none_match_satisfied(if_none_match, etag):
            return Response(status=304, headers=headers)
        return Response(data, headers=headers)

    @extend_schema(
        responses={200: ClaimReviewValidationSerializer},
        filters=False,
        description="What Google's ClaimReview guidelines would reject (`errors`) or warn about "
        "(`warnings`) in this claim's ClaimReview as it is, or once published: missing "
        "review article, claimant, claim date, the URL where the claim appeared, and the "
        "newsroom's own publishing rules.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="claimreview/validation",
        url_name="claimreview-validation",
        pagination_class=None,
        filter_backends=[],
    )
    def claimreview_validation(self, request, *args, **kwargs):
        claim = self.get_object()
        findings = claim_findings(claim)
        errors = [f.as_dict() for f in findings if f.level == ERROR]
        return Response(
            {
                "claim_id": claim.pk,
                "published": claim.status == ClaimStatus.PUBLISHED,
                "valid": not errors,
                "errors": errors,
                "warnings": [f.as_dict() for f in findings if f.level != ERROR],
            }
        )


class CitationViewSet(BulkCreateMixin, ResourceViewSet):
    """Citations: a claim's exact passage in a source, by offsets, with its relation."""

    fixed_list_shape = True

    serializer_class = CitationSerializer
    filterset_class = CitationFilterSet
    error_field_names = {"claim": "claim_id", "source": "source_id", "speaker": "speaker_id"}
    bulk_item_serializer_class = CitationBulkItemSerializer
    bulk_references = {
        "claim_id": Reference("claim", lambda: Claim.objects.only("id")),
        "source_id": Reference("source", lambda: Source.objects.only("id")),
        "speaker_id": Reference("speaker", Entity.objects.all),
    }

    @extend_schema(
        request=CitationBulkRequest,
        responses={201: CitationBulkCreated},
        filters=False,
        summary="Create many citations",
        description="Create up to `API_BULK_MAX_ITEMS` (500) citations in one transaction: "
        "all or, when any item is invalid (a quote that does not anchor, a passage the claim "
        "already cites), none; the 400 lists every invalid item in `item_errors` by its index. "
        "Citing for a reviewed or published claim needs the claims.review_claim permission.",
        examples=[
            OpenApiExample(
                "A quote located in its source",
                value={"items": [{"claim_id": 41, "source_id": 12, "quote": "rose by 40%"}]},
                request_only=True,
            )
        ],
    )
    @action(detail=False, methods=["post"], pagination_class=None, filter_backends=[])
    def bulk(self, request, *args, **kwargs):
        return self.bulk_create(request)

    def bulk_create_objects(self, items):
        citations = [
            Citation(
                claim=item["claim"],
                source=item["source"],
                quote=item["quote"],
                start=item.get("start"),
                end=item.get("end"),
                relation=item.get("relation", CitationRelation.STATES),
                speaker=item.get("speaker"),
                rank=item.get("rank", CitationRank.NORMAL),
                note=item.get("note", ""),
                created_by=self.request.user,
            )
            for item in items
        ]
        return services.citations_create_many(citations=citations, user=self.request.user)

    def get_queryset(self):
        return Citation.objects.select_related(
            "source", "source__publisher", "speaker", "created_by"
        ).defer("source__body", "source__search_vector")

    def lock(self, instance):
        # The claim before the citation, the order every citation writer and merge locks in.
        Claim.objects.select_for_update(no_key=True).filter(pk=instance.claim_id).exists()
        return super().lock(instance)

    def perform_destroy(self, instance):
        services.citation_delete(citation=instance, user=self.request.user)


# --- The published ClaimReview feed ----------------------------------------------------------


class ClaimReviewFeedFilterSet(FactbaseFilterSet):
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    reviewed_after = DateTimeFilter(field_name="reviewed_at", lookup_expr="gte")

    class Meta:
        model = Claim
        fields: list[str] = []


class ClaimReviewFeedView(ThrottleFirstMixin, generics.ListAPIView):
    """Every published claim's ClaimReview (JSON-LD), most recently reviewed first."""

    renderer_classes = CLAIMREVIEW_RENDERERS
    filterset_class = ClaimReviewFeedFilterSet
    fixed_list_shape = True

    def get_queryset(self):
        return (
            Claim.objects.filter(status=ClaimStatus.PUBLISHED, duplicate_of__isnull=True)
            .exclude(verdict="unrated")
            .select_related("claimant")
            .defer("search_vector")
            .order_by("-reviewed_at", "-id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else with_citations(page)

    @extend_schema(responses={200: CLAIMREVIEW}, tags=["claimreview"])
    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        data = [
            claimreview.claim_review(
                claim,
                article=services.review_article(claim),
                publisher=settings.FACTBASE_PUBLISHER,
            )
            for claim in page
        ]
        return self.get_paginated_response(data)
