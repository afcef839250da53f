"""The editorial workbench: claims, citations, suggested matches, and claim-aware sources."""

from typing import cast

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

# Claim-aware source admins, the index overview, notifications and saved searches.
from claims.admin import overview, sources, team  # noqa: F401
from claims.admin.claim import CitationInline, ClaimAdmin
from claims.admin.forms import save_citation_form
from claims.admin.match_reasons import match_reason
from claims.models import Citation, Claim, ClaimRelation, RelationStatus
from claims.services import may_change_evidence, relation_decide
from factbase.admin_history import TrackedHistoryAdmin, adopt_saved
from factbase.users import User, acting_user
from sources.admin import SOURCE_HEAVY_FIELDS

# Where the quote is: the form checked that the quote is the source text at these offsets.

__all__ = ["CitationAdmin", "CitationInline", "ClaimAdmin", "ClaimRelationAdmin"]


class CitationAdminForm(ModelForm):
    """Refuses evidence for a claim its user may not change (a reviewed or published one)."""

    user: User  # set per request by CitationAdmin.get_form

    def clean_claim(self) -> Claim:
        claim = self.cleaned_data["claim"]
        if claim is not None and not may_change_evidence(claim, self.user):
            raise ValidationError(
                "This claim is reviewed or published: only a fact-checker can add evidence to it."
            )
        return claim


@admin.register(Citation)
class CitationAdmin(TrackedHistoryAdmin):
    form = CitationAdminForm
    list_display = ["__str__", "claim", "source", "relation", "rank"]
    list_filter = ["relation", "rank"]
    list_select_related = ["claim", "source"]
    # Neither the sources' texts nor the claims' search vectors are shown.
    list_deferred = (
        *(f"source__{name}" for name in SOURCE_HEAVY_FIELDS),
        "claim__search_vector",
    )
    search_fields = ["quote"]
    autocomplete_fields = ["claim", "source", "speaker"]
    readonly_fields = [
        "prefix",
        "suffix",
        "speaker_as_written",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Citation | None = None) -> list:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.insert(0, "claim")  # a citation is not moved to another claim here
        return readonly

    def has_delete_permission(self, request: HttpRequest, obj: Citation | None = None) -> bool:
        return False  # superseded evidence is deprecated (rank), never deleted

    def has_change_permission(self, request: HttpRequest, obj: Citation | None = None) -> bool:
        # Evidence of a reviewed or published claim: read-only unless the user may review.
        if obj is not None and not may_change_evidence(obj.claim, acting_user(request)):
            return False
        return super().has_change_permission(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Citation | None = None, change: bool = False, **kwargs
    ) -> type["CitationAdminForm"]:
        # ModelAdmin builds a subclass of `self.form` per call: the user is set on it alone.
        form = cast(type[CitationAdminForm], super().get_form(request, obj, change, **kwargs))
        form.user = acting_user(request)
        return form

    def save_model(self, request: HttpRequest, obj: Citation, form, change: bool) -> None:
        """Through the services, as the API and the claim form's citations."""
        adopt_saved(obj, save_citation_form(obj, form.changed_data, acting_user(request)))


def _decide(status: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request: HttpRequest, queryset: QuerySet[ClaimRelation]) -> None:
        relations = queryset.select_related("from_claim", "to_claim")
        for relation in relations:
            relation_decide(
                from_claim=relation.from_claim,
                to_claim=relation.to_claim,
                status=status,
                user=acting_user(request),
                method=relation.method,
                score=relation.score,
                kind=relation.kind,
            )
        modeladmin.message_user(request, f"{len(relations)} match(es) {status}.", messages.SUCCESS)

    action.__name__ = f"mark_{status}"
    return action


@admin.register(ClaimRelation)
class ClaimRelationAdmin(TrackedHistoryAdmin):
    """The queue of matches the import suggested, for a journalist to confirm or reject."""

    list_display = ["from_claim", "to_claim", "kind", "score", "reason", "status", "decided_by"]
    list_filter = ["status", "kind", "method"]
    list_select_related = ["from_claim", "to_claim", "decided_by"]
    # Decisions are made with the actions (or the claim form's buttons): relation_decide.
    readonly_fields = ["status", "decided_by", "decided_at", "created_at", "updated_at"]
    autocomplete_fields = ["from_claim", "to_claim"]
    actions = [
        _decide(RelationStatus.CONFIRMED, "Same claim, keep both (record it, move nothing)"),
        _decide(RelationStatus.REJECTED, "Not the same claim (dismiss the suggestion)"),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # matching suggests; journalists decide (or merge from the claim form)

    @admin.display(description="why")
    def reason(self, relation: ClaimRelation) -> str:
        return match_reason(relation.method)
