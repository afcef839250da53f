"""Webhooks in the admin: subscriptions (the secret shown once, on creation) and deliveries
with every attempt."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from events import services
from events.models import Delivery, DeliveryAttempt, Subscription


class SubscriptionForm(forms.ModelForm):
    target_url = forms.URLField(label="Target URL", max_length=2000, assume_scheme="https")

    class Meta:
        model = Subscription
        fields = ["name", "target_url", "event_types", "is_active"]
        help_texts = {
            "event_types": "Comma-separated, e.g. claim.published,claim.deleted; empty for all. "
            "Types: <resource>.<action>, resources source, entity, claim, citation, "
            "claim_relation; actions created, updated, deleted, merged, published."
        }


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = readonly_fields = (
        "number",
        "attempted_at",
        "succeeded",
        "response_status",
        "error",
        "next_attempt_at",
        "duration_ms",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["__str__", "target_url", "event_types", "is_active", "created_by"]
    list_filter = ["is_active"]
    fields = ["name", "target_url", "event_types", "is_active", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["rotate_secret"]

    def save_model(self, request, obj: Subscription, form, change: bool) -> None:
        data = {field: form.cleaned_data[field] for field in services.SUBSCRIPTION_EDITABLE_FIELDS}
        if change:
            saved = services.subscription_update(subscription=obj, changes=data)
        else:
            saved = services.subscription_create(**data, created_by=request.user)
            self._show_secret(request, saved)
        obj.pk, obj.secret = saved.pk, saved.secret

    def delete_model(self, request, obj: Subscription) -> None:
        services.subscription_delete(subscription=obj)

    @admin.action(description="Replace the signing secret of the selected subscriptions")
    def rotate_secret(self, request, queryset) -> None:
        for subscription in queryset:
            self._show_secret(
                request, services.subscription_rotate_secret(subscription=subscription)
            )

    @staticmethod
    def _show_secret(request, subscription: Subscription) -> None:
        messages.warning(
            request,
            f"Signing secret of “{subscription}”: {subscription.secret} — copy it now into the "
            "receiver's settings; it will not be shown again.",
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "subscription", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "subscription"]
    list_select_related = ["event", "subscription"]
    readonly_fields = [
        "subscription",
        "event",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
