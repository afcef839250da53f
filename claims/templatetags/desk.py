"""`{% desk_nav %}`: the desk's navigation in the admin header (admin/base_site.html)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from claims.admin.filters import NEEDS_REVIEW
from claims.models import Claim

register = template.Library()


def claims_list_url(**params: str) -> str:
    url = reverse("admin:claims_claim_changelist")
    return f"{url}?{urlencode(params)}" if params else url


@register.inclusion_tag("admin/claims/includes/desk_nav.html", takes_context=True)
def desk_nav(context: template.Context) -> dict:
    """Links to the queue and the journalist's own claims, with how many are waiting."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("claims.view_claim"):
        return {"show": False}
    my_open = Claim.objects.filter(
        assignee=user, status__in=NEEDS_REVIEW, duplicate_of__isnull=True
    ).count()
    return {
        "show": True,
        "queue_url": claims_list_url(needs_review="yes"),
        "my_claims_url": claims_list_url(assigned="me"),
        "my_claims": my_open,
        "claims_url": claims_list_url(),
    }
