"""List actions on claims; each goes through a service, so history records who did it."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.models import Verdict
from claims.services import claims_assign, claims_mark_in_review, claims_set_verdict


@admin.action(description="Mark selected claims in review", permissions=["change"])
def mark_in_review(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    moved = claims_mark_in_review(claims=queryset, user=request.user)
    skipped = queryset.count() - moved
    note = f" ({skipped} left alone: already in review or further along)" if skipped else ""
    modeladmin.message_user(request, f"{moved} claim(s) marked in review{note}.", messages.SUCCESS)


@admin.action(description="Assign selected claims to me", permissions=["change"])
def assign_to_me(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    changed = claims_assign(claims=queryset, assignee=request.user, user=request.user)
    modeladmin.message_user(request, f"{changed} claim(s) assigned to you.", messages.SUCCESS)


def set_verdict_action(verdict: Verdict) -> Callable:
    """A list action setting one verdict; only offered to users with claims.review_claim."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        changed = claims_set_verdict(claims=queryset, verdict=verdict, user=request.user)
        modeladmin.message_user(
            request, f"Verdict “{verdict.label}” set on {changed} claim(s).", messages.SUCCESS
        )

    action.__name__ = f"set_verdict_{verdict.value}"
    return admin.action(description=f"Set verdict: {verdict.label}", permissions=["review"])(action)


VERDICT_ACTIONS = [set_verdict_action(verdict) for verdict in Verdict]
