"""`GET /api/v1/events/`: the change feed."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from events.feed import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Cursor, InvalidCursor, read_feed
from events.models import EventResource
from events.serializers import EVENT_TYPES, EventPageSerializer, EventSerializer
from factbase.api.views import ThrottleFirstMixin

# Who sees which events: the model's view permission, as for the resource's own endpoint.
VIEW_PERMISSIONS = {
    EventResource.SOURCE: "sources.view_source",
    EventResource.ENTITY: "sources.view_entity",
    EventResource.CLAIM: "claims.view_claim",
    EventResource.CITATION: "claims.view_citation",
    EventResource.CLAIM_RELATION: "claims.view_claimrelation",
}
PARAMETERS = {"after", "page_size", "type", "format"}


def viewable_resources(user) -> list[str]:
    return [resource for resource, perm in VIEW_PERMISSIONS.items() if user.has_perm(perm)]


EXAMPLE = {
    "results": [
        {
            "id": 9013,
            "type": "claim.published",
            "resource": "claim",
            "action": "published",
            "object_id": 41,
            "url": "https://factbase.example.org/api/v1/claims/41/",
            "occurred_at": "2026-11-26T09:14:03.120Z",
            "fields": ["reviewed_at", "reviewer_id", "status"],
            "version": 6,
            "data": None,
        },
        {
            "id": 9020,
            "type": "citation.deleted",
            "resource": "citation",
            "action": "deleted",
            "object_id": 77,
            "url": None,
            "occurred_at": "2026-11-26T09:15:40.004Z",
            "fields": [],
            "version": None,
            "data": {"id": 77, "claim_id": 41, "source_id": 12, "quote": "…", "rank": "normal"},
        },
    ],
    "cursor": "eyJzIjoiNzkzOjc5Mzo…",
    "next": "https://factbase.example.org/api/v1/events/?after=eyJzIjoiNzkzOjc5Mzo…",
    "more": False,
}


class EventFeedView(ThrottleFirstMixin, APIView):
    """Every change to sources, entities, claims, citations and claim relations."""

    permission_classes = [IsAuthenticated]
    is_query_validation = True

    @extend_schema(
        operation_id="events_list",
        summary="Follow every change (the change feed)",
        description=(
            "Created, updated, deleted, merged and published events for sources, entities, "
            "claims, citations and claim relations, for the resources you may view. Start "
            "without `after` (from the beginning) and keep requesting `next`: you get every "
            "event exactly once, even when concurrent transactions commit out of order. When "
            "`more` is false you are up to date; store `cursor` and ask again later. A "
            "deleted object's event carries its last values (`data`)."
        ),
        parameters=[
            OpenApiParameter(
                "after",
                OpenApiTypes.STR,
                description="A `cursor` from a previous page; omit it to start from the "
                "first event.",
            ),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"Events per page (default {DEFAULT_PAGE_SIZE}, at most "
                f"{MAX_PAGE_SIZE}).",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                enum=EVENT_TYPES,
                description="Only these event types (repeat the parameter, or separate with "
                "commas).",
            ),
        ],
        responses={200: EventPageSerializer},
        examples=[OpenApiExample("A page of changes", value=EXAMPLE, response_only=True)],
        tags=["events"],
    )
    def get(self, request):
        unknown = set(request.query_params) - PARAMETERS
        if unknown:
            raise ValidationError({name: ["Unknown query parameter."] for name in sorted(unknown)})
        cursor = None
        if raw := request.query_params.get("after"):
            try:
                cursor = Cursor.decode(raw)
            except InvalidCursor as error:
                raise ValidationError(
                    {"after": ["Invalid cursor: pass a `cursor` this feed returned."]}
                ) from error
        page_size = self._page_size(request)
        types = [
            value.strip()
            for raw in request.query_params.getlist("type")
            for value in raw.split(",")
            if value.strip()
        ]
        bad = sorted(set(types) - set(EVENT_TYPES))
        if bad:
            raise ValidationError({"type": [f"Unknown event type: {', '.join(bad)}."]})
        resources = viewable_resources(request.user)
        if not resources:
            raise PermissionDenied("You may view none of the resources the feed reports on.")
        # The feed reads transaction snapshots of the primary (see events.feed).
        with transaction.atomic(using="default"):
            page = read_feed(cursor, resources=resources, types=types, limit=page_size)
        encoded = page.next_cursor.encode()
        data = {
            "results": EventSerializer(page.events, many=True, context={"request": request}).data,
            "cursor": encoded,
            "next": replace_query_param(request.build_absolute_uri(), "after", encoded),
            "more": page.more,
        }
        return Response(data)

    @staticmethod
    def _page_size(request) -> int:
        raw = request.query_params.get("page_size")
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError({"page_size": [f"A whole number from 1 to {MAX_PAGE_SIZE}."]})
        return int(raw)
