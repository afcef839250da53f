"""Change-list filters a fact-checker asks for that Django does not provide."""

from django.contrib import admin
from django.db.models import Exists, F, Func, OuterRef

from claims.models import Citation, CitationRank, CitationRelation, Claim, ClaimStatus
from claims.search import fragment_flag

NEEDS_REVIEW = [ClaimStatus.NEW, ClaimStatus.IN_REVIEW]
# The review queue: full statements before fragments, the most check-worthy first, then the
# newest (the claims_claim_queue index serves it).
QUEUE_ORDER = (fragment_flag().asc(), F("check_worthiness").desc(nulls_last=True), "-id")
TAGS_LISTED = 200


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        # One query: the distinct tags in use, straight from the array column.
        tags = (
            Claim.objects.annotate(tag=Func(F("tags"), function="unnest"))
            .values_list("tag", flat=True)
            .distinct()
            .order_by("tag")[:TAGS_LISTED]
        )
        return [(tag, tag) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__contains=[self.value()])
        return queryset


class ContradictingEvidenceFilter(admin.SimpleListFilter):
    title = "contradicting evidence"
    parameter_name = "contradicted"

    def lookups(self, request, model_admin):
        return [("yes", "Has contradicting evidence"), ("no", "No contradicting evidence")]

    def queryset(self, request, queryset):
        # Deprecated (superseded) evidence no longer counts against a claim.
        contradicting = Exists(
            Citation.objects.filter(
                claim=OuterRef("pk"), relation=CitationRelation.CONTRADICTS
            ).exclude(rank=CitationRank.DEPRECATED)
        )
        if self.value() == "yes":
            return queryset.filter(contradicting)
        if self.value() == "no":
            return queryset.filter(~contradicting)
        return queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    """The review queue: new or in review, and not merged into another claim (its canonical
    claim is the one to check)."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "Review queue (new or in review)"), ("no", "Reviewed or published")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=NEEDS_REVIEW, duplicate_of__isnull=True)
        if self.value() == "no":
            return queryset.exclude(status__in=NEEDS_REVIEW)
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody"), ("others", "Someone else")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        if self.value() == "others":
            return queryset.filter(assignee__isnull=False).exclude(assignee=request.user)
        return queryset


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Canonical claims only"), ("yes", "Merged duplicates")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(duplicate_of__isnull=True)
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        return queryset
