"""Admin registration for claims and citations (the editorial workbench builds on this)."""

from django.contrib import admin

from claims.models import Citation, Claim


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "claim"
    extra = 0
    fields = ["source", "relation", "quote", "start", "end", "rank"]
    autocomplete_fields = ["source"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claimant", "status", "verdict", "origin", "updated_at"]
    list_filter = ["status", "verdict", "origin"]
    list_select_related = ["claimant"]
    search_fields = ["text", "claimant__name"]
    autocomplete_fields = ["claimant"]
    readonly_fields = [
        "version",
        "reviewer",
        "reviewed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [CitationInline]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "source", "relation", "rank"]
    list_filter = ["relation", "rank"]
    list_select_related = ["claim", "source"]
    search_fields = ["quote", "claim__text", "source__title"]
    autocomplete_fields = ["claim", "source", "speaker"]
    readonly_fields = ["prefix", "suffix", "created_by", "created_at", "updated_at"]
