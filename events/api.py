"""API for webhook subscriptions (`/api/v1/webhooks/`) and their deliveries."""

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from events import services
from events.models import Delivery, DeliveryAttempt, DeliveryStatus, Subscription
from events.serializers import EVENT_TYPES
from factbase.api.filters import BooleanFilter, DateTimeFilter, FactbaseFilterSet, ordering_filter
from factbase.api.pagination import KeysetPagination
from factbase.api.serializers import StrictModelSerializer
from factbase.api.viewsets import ResourceViewSet


class SubscriptionSerializer(StrictModelSerializer):
    """A webhook: events of these types are POSTed, signed, to the target URL."""

    target_url = serializers.URLField(
        max_length=2000, help_text="Where deliveries are POSTed (https in production)."
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES),
        max_length=50,
        required=False,
        help_text="Event types to deliver (e.g. `claim.published`); empty or omitted for all.",
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "name",
            "target_url",
            "event_types",
            "is_active",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def create(self, validated_data: dict[str, Any]) -> Subscription:
        return services.subscription_create(
            **validated_data, created_by=self.context["request"].user
        )

    def update(self, instance: Subscription, validated_data: dict[str, Any]) -> Subscription:
        return services.subscription_update(subscription=instance, changes=validated_data)


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    """The new subscription with its secret: the only time the secret is shown."""

    secret = serializers.CharField(
        read_only=True,
        help_text="Verifies the `Factbase-Signature` of each delivery. Store it now: it is not "
        "shown again (rotate it to get a new one).",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = [
            "number",
            "attempted_at",
            "duration_ms",
            "succeeded",
            "response_status",
            "response_body",
            "error",
            "next_attempt_at",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    """One event for this subscription: its state and every attempt so far."""

    event_id = serializers.IntegerField(read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "attempt_log",
        ]
        read_only_fields = fields


class SubscriptionFilterSet(FactbaseFilterSet):
    is_active = BooleanFilter(field_name="is_active")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    ordering = ordering_filter(["created_at", "id"])

    not_filterable = {
        "secret": "secret",
        "name": "free text, few rows",
        "target_url": "few rows",
        "event_types": "few rows",
        "updated_at": "few rows",
        "created_by": "a user sees their own subscriptions",
    }

    class Meta:
        model = Subscription
        fields: list[str] = []


SUBSCRIPTION_EXAMPLE = {
    "id": 3,
    "name": "CMS: published fact-checks",
    "target_url": "https://cms.example.org/hooks/factbase",
    "event_types": ["claim.published", "claim.updated"],
    "is_active": True,
    "created_by": "integrations",
    "created_at": "2026-11-26T09:00:00Z",
    "updated_at": "2026-11-26T09:00:00Z",
    "secret": "whsec_2bQ6…",
}


@extend_schema_view(
    list=extend_schema(summary="List your webhook subscriptions"),
    retrieve=extend_schema(summary="Read a webhook subscription"),
    update=extend_schema(summary="Replace a webhook subscription (If-Match)"),
    partial_update=extend_schema(summary="Change a webhook subscription (If-Match)"),
    destroy=extend_schema(summary="Delete a webhook subscription (If-Match)"),
    history=extend_schema(summary="Changes to a webhook subscription"),
)
class SubscriptionViewSet(ResourceViewSet):
    """Webhook subscriptions: signed POSTs of change events to your URL, retried with
    backoff; every attempt is visible under `deliveries/`."""

    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    queryset = Subscription.objects.none()  # the model, for permissions and the schema

    def get_queryset(self):
        queryset = Subscription.objects.select_related("created_by")
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        if user.is_superuser:
            return queryset
        return queryset.filter(created_by=user)

    @extend_schema(
        summary="Subscribe a URL to change events",
        responses={201: SubscriptionCreatedSerializer},
        examples=[
            OpenApiExample(
                "Published fact-checks to a CMS",
                value={
                    "name": "CMS: published fact-checks",
                    "target_url": "https://cms.example.org/hooks/factbase",
                    "event_types": ["claim.published", "claim.updated"],
                },
                request_only=True,
            ),
            OpenApiExample("Created", value=SUBSCRIPTION_EXAMPLE, response_only=True),
        ],
    )
    def create(self, request, *args, **kwargs):
        """The response carries the subscription's secret, once."""
        return super().create(request, *args, **kwargs)

    def created_response(self, instance, serializer):
        response = super().created_response(instance, serializer)
        response.data["secret"] = instance.secret
        return response

    def perform_destroy(self, instance):
        services.subscription_delete(subscription=instance)

    @extend_schema(
        summary="Replace the signing secret",
        request=None,
        responses={200: SubscriptionCreatedSerializer},
        description="A new secret, shown once; deliveries from now on are signed with it.",
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret", filter_backends=[])
    def rotate_secret(self, request, *args, **kwargs):
        subscription = services.subscription_rotate_secret(subscription=self.get_object())
        data = {**self.detail_data(subscription), "secret": subscription.secret}
        return Response(data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="Deliveries of this subscription, with every attempt",
        responses={200: DeliverySerializer(many=True)},
        filters=False,
        description="Newest first: each delivery's state (pending, succeeded, failed), its "
        "attempts (when, response code, error) and when it will be tried next.",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request, *args, **kwargs):
        subscription = self.get_object()
        queryset = (
            Delivery.objects.filter(subscription=subscription)
            .select_related("event")
            .prefetch_related("attempt_log")
            .order_by("-created_at", "-id")
        )
        paginator = KeysetPagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(DeliverySerializer(page, many=True).data)
