"""`{% desk_nav %}`: the desk's navigation in the admin header (admin/base_site.html)."""

from urllib.parse import urlencode

from django import template
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from claims.admin.filters import NEEDS_REVIEW
from claims.admin.match_reasons import match_reason as reason_for
from claims.models import Claim, Notification
from factbase.db import related_count

register = template.Library()


def claims_list_url(**params: str) -> str:
    url = reverse("admin:claims_claim_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def desk_counts(user_id: int) -> QuerySet:
    """One row for the user: (their open claims, their unread notifications), in one query
    (it runs on every admin page) served by the claims_claim_assigned_open index."""
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(
            my_open=related_count(
                Claim.objects.filter(status__in=NEEDS_REVIEW, duplicate_of__isnull=True),
                pointing_by="assignee",
            ),
            unread=related_count(
                Notification.objects.filter(read_at__isnull=True), pointing_by="recipient"
            ),
        )
        .values_list("my_open", "unread")
    )


@register.inclusion_tag("admin/claims/includes/desk_nav.html", takes_context=True)
def desk_nav(context: template.Context) -> dict:
    """Links to the queue and the journalist's own claims, with how many are waiting."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("claims.view_claim"):
        return {"show": False}
    my_open, unread = desk_counts(user.pk).get()
    return {
        "show": True,
        "queue_url": claims_list_url(needs_review="yes"),
        "my_claims_url": claims_list_url(assigned="me"),
        "my_claims": my_open,
        "notifications_url": reverse("admin:claims_notification_changelist"),
        "unread": unread,
        "saved_searches_url": reverse("admin:claims_savedsearch_changelist"),
        "claims_url": claims_list_url(),
    }


@register.filter
def admin_field(admin_form, name: str):
    """The field `name` of an admin form (AdminForm or InlineAdminForm): an editable
    AdminField or an AdminReadonlyField, or None; for templates laying fields out by hand."""
    for fieldset in admin_form:
        for line in fieldset:
            for field in line:
                field_name = field.field["name"] if field.is_readonly else field.field.name
                if field_name == name:
                    return field
    return None


@register.filter
def match_reason(method: str) -> str:
    """Why two claims were suggested as one, in words (claims/admin/match_reasons.py)."""
    return reason_for(method)
