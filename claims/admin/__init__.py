"""The editorial workbench: claims, citations, suggested matches, and claim-aware sources."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from claims.admin import overview, sources  # noqa: F401 - claim-aware source admins, index
from claims.admin.claim import CitationInline, ClaimAdmin
from claims.models import Citation, ClaimRelation, RelationStatus
from claims.services import relation_decide
from sources.admin import TrackedHistoryAdmin

__all__ = ["CitationAdmin", "CitationInline", "ClaimAdmin", "ClaimRelationAdmin"]


@admin.register(Citation)
class CitationAdmin(TrackedHistoryAdmin):
    list_display = ["__str__", "claim", "source", "relation", "rank"]
    list_filter = ["relation", "rank"]
    list_select_related = ["claim", "source"]
    search_fields = ["quote"]
    autocomplete_fields = ["claim", "source", "speaker"]
    readonly_fields = ["prefix", "suffix", "created_by", "created_at", "updated_at"]


def _decide(status: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request: HttpRequest, queryset: QuerySet[ClaimRelation]) -> None:
        relations = queryset.select_related("from_claim", "to_claim")
        for relation in relations:
            relation_decide(
                from_claim=relation.from_claim,
                to_claim=relation.to_claim,
                status=status,
                user=request.user,
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

    list_display = ["from_claim", "to_claim", "kind", "score", "method", "status", "decided_by"]
    list_filter = ["status", "kind", "method"]
    list_select_related = ["from_claim", "to_claim", "decided_by"]
    readonly_fields = ["decided_by", "decided_at", "created_at", "updated_at"]
    autocomplete_fields = ["from_claim", "to_claim"]
    actions = [
        _decide(RelationStatus.CONFIRMED, "Confirm: same claim"),
        _decide(RelationStatus.REJECTED, "Reject: different claims"),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # matching suggests; journalists decide (or merge from the claim form)
