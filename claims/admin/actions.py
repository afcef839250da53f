"""List actions on claims; each goes through a service, so history records who did it."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from claims.admin.forms import MemberChoiceField
from claims.models import Verdict
from claims.services import (
    claims_assign,
    claims_mark_in_review,
    claims_publish,
    claims_set_verdict,
    claims_tag,
)
from claims.team import desk_members, member_label
from factbase.users import acting_user

# How many of the selected claims an action's question page lists by name.
BULK_LISTED = 20


@admin.action(description="Mark selected claims in review", permissions=["change"])
def mark_in_review(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    moved = claims_mark_in_review(claims=queryset, user=acting_user(request))
    skipped = queryset.count() - moved
    note = f" ({skipped} left alone: already in review or further along)" if skipped else ""
    modeladmin.message_user(request, f"{moved} claim(s) marked in review{note}.", messages.SUCCESS)


@admin.action(description="Assign selected claims to me", permissions=["change"])
def assign_to_me(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    user = acting_user(request)
    changed = claims_assign(claims=queryset, assignee=user, user=user)
    modeladmin.message_user(request, f"{changed} claim(s) assigned to you.", messages.SUCCESS)


def set_verdict_action(verdict: Verdict) -> Callable:
    """A list action setting one verdict; only offered to users with claims.review_claim."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        changed = claims_set_verdict(claims=queryset, verdict=verdict, user=acting_user(request))
        modeladmin.message_user(
            request, f"Verdict “{verdict.label}” set on {changed} claim(s).", messages.SUCCESS
        )

    action.__name__ = f"set_verdict_{verdict.value}"
    return admin.action(description=f"Set verdict: {verdict.label}", permissions=["review"])(action)


VERDICT_ACTIONS = [set_verdict_action(verdict) for verdict in Verdict]


# --- Actions that ask one question first (whom to assign, which tags) ----------------------


class AssignForm(forms.Form):
    assignee = MemberChoiceField(
        queryset=desk_members(), required=False, empty_label="Nobody (unassign)"
    )


class TagForm(forms.Form):
    add = forms.CharField(
        required=False, help_text="Tags to add, separated by commas.", max_length=500
    )
    remove = forms.CharField(
        required=False, help_text="Tags to remove, separated by commas.", max_length=500
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("add", "").strip() and not cleaned.get("remove", "").strip():
            raise forms.ValidationError("Give at least one tag to add or to remove.")
        return cleaned


def _split(tags: str) -> list[str]:
    return [tag.strip() for tag in tags.split(",") if tag.strip()]


def ask_then(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    title: str,
    button: str,
) -> forms.Form | TemplateResponse:
    """The valid answer to an action's question, or the page asking it (also again, with the
    errors, after a wrong answer). Selected claims and the action travel with the page."""
    answered = "apply" in request.POST
    form = form_class(request.POST if answered else None)
    if answered and form.is_valid():
        return form
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "form": form,
        "claims": list(queryset[:BULK_LISTED]),
        "count": (count := queryset.count()),
        "more": max(count - BULK_LISTED, 0),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across", "0"),
        "button": button,
    }
    return TemplateResponse(request, "admin/claims/claim/bulk_action.html", context)


@admin.action(description="Assign selected claims to…", permissions=["change"])
def assign_to(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    answer = ask_then(
        modeladmin,
        request,
        queryset,
        form_class=AssignForm,
        title="Assign claims to a colleague",
        button="Assign",
    )
    if isinstance(answer, TemplateResponse):
        return answer
    assignee = answer.cleaned_data["assignee"]
    changed = claims_assign(claims=queryset, assignee=assignee, user=acting_user(request))
    whom = member_label(assignee) if assignee else "nobody"
    modeladmin.message_user(
        request, f"{changed} claim(s) assigned to {whom}; they are notified.", messages.SUCCESS
    )
    return None


@admin.action(description="Add or remove tags on selected claims…", permissions=["change"])
def tag(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
    answer = ask_then(
        modeladmin, request, queryset, form_class=TagForm, title="Tag claims", button="Apply tags"
    )
    if isinstance(answer, TemplateResponse):
        return answer
    changed = claims_tag(
        claims=queryset,
        add=_split(answer.cleaned_data["add"]),
        remove=_split(answer.cleaned_data["remove"]),
        user=acting_user(request),
    )
    modeladmin.message_user(request, f"Tags changed on {changed} claim(s).", messages.SUCCESS)
    return None


@admin.action(description="Publish selected claims", permissions=["review"])
def publish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    """Publish the selected claims that meet the publication rule; say why the others were not."""
    published, refused = claims_publish(claims=queryset, user=acting_user(request))
    if published:
        modeladmin.message_user(request, f"{len(published)} claim(s) published.", messages.SUCCESS)
    for claim, problems in refused.items():
        reasons = " ".join(message for messages_ in problems.values() for message in messages_)
        modeladmin.message_user(
            request, f"Not published: claim #{claim.pk} “{claim}”. {reasons}", messages.WARNING
        )
    if not published and not refused:
        modeladmin.message_user(request, "The selected claims were already published.")
