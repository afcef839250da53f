"""`{% claims_overview as overview %}` for the admin index (admin/claims/index.html)."""

from django import template

from claims.admin.overview import claims_overview as build_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def claims_overview(context: template.Context) -> dict | None:
    """The overview, or None for a user who may not see claims."""
    request = context.get("request")
    if request is None or not request.user.has_perm("claims.view_claim"):
        return None
    return build_overview()
