"""API views for claim relations: the suggested-matches queue and journalists' decisions on it.

Decisions go through `relation_decide`, the service the admin's queue and claim page call, so
the decision, who made it and when are recorded the same way (history and events).
"""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.decorators import action

from claims import services
from claims.filters import ClaimRelationFilterSet
from claims.models import ClaimRelation
from claims.serializers import ClaimRelationSerializer, RelationDecisionSerializer
from factbase.api.conditional import required_if_match
from factbase.api.permissions import ChangeModelPermissions
from factbase.api.viewsets import ResourceReadViewSet


@extend_schema_view(
    list=extend_schema(
        summary="List claim relations",
        description="Links between claims: matches the importer or matcher suggested "
        "(`status=suggested` is the queue awaiting a journalist) and decided ones.",
    ),
    retrieve=extend_schema(summary="Get a claim relation"),
)
class ClaimRelationViewSet(ResourceReadViewSet):
    """Suggested and decided links between claims."""

    serializer_class = ClaimRelationSerializer
    filterset_class = ClaimRelationFilterSet

    def get_queryset(self):
        return ClaimRelation.objects.select_related(
            "from_claim__claimant", "to_claim__claimant", "decided_by"
        ).defer("from_claim__search_vector", "to_claim__search_vector")

    @extend_schema(
        request=RelationDecisionSerializer,
        responses={200: ClaimRelationSerializer},
        filters=False,
        summary="Confirm or reject a claim relation",
        description="Record a journalist's decision on a (suggested) relation: `confirmed` or "
        "`rejected`, with who decided and when. Confirming keeps both claims; to make them one, "
        "merge them (`POST /claims/{id}/merge/`). Needs `If-Match` with the relation's ETag.",
        examples=[
            OpenApiExample("Confirm", value={"status": "confirmed"}, request_only=True),
            OpenApiExample("Reject", value={"status": "rejected"}, request_only=True),
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[ChangeModelPermissions],
        pagination_class=None,
        filter_backends=[],
        requires_if_match=True,
    )
    def decision(self, request, *args, **kwargs):
        relation = self.get_object()
        required_if_match(request)  # a 428 before the body is read
        body = RelationDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.locked_if_match(request, lock=lambda: self.lock(relation)) as current:
            services.relation_decide(
                from_claim=current.from_claim,
                to_claim=current.to_claim,
                status=body.validated_data["status"],
                user=request.user,
                method=current.method,
                score=current.score,
                kind=current.kind,
            )
        return self.detail_response(self.fresh(relation.pk))
