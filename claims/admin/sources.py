"""The source and entity admins, extended with what only the claims app knows: citations.

`sources.admin` registers plain admins (sources must not import claims); these subclasses
replace them, so a source shows its cited passages and an entity its claims.
"""

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims.highlight import Passage, highlight
from claims.models import Citation, Claim
from factbase.db import related_count
from sources.admin import EntityAdmin, SourceAdmin
from sources.models import Entity, Source

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

CLAIMS_SHOWN = 50


class ClaimCount(TypedDict):
    """What the list pages annotate each source or entity with."""

    claim_count: int


class CitedFilter(admin.SimpleListFilter):
    title = "cited"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "Cited by a claim"), ("no", "Not cited")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(claim_count__gt=0)
        if self.value() == "no":
            return queryset.filter(claim_count=0)
        return queryset


class CitedSourceAdmin(SourceAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "claim_count", "created_at"]
    list_filter = [*SourceAdmin.list_filter, CitedFilter]
    readonly_fields = [*SourceAdmin.readonly_fields, "cited_text", "cited_passages"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        claim_count = related_count(Citation.objects.all(), pointing_by="source", distinct="claim")
        return super().get_queryset(request).annotate(claim_count=claim_count)

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, source: "WithAnnotations[Source, ClaimCount]") -> int:
        return source.claim_count

    def _citations(self, source: Source) -> list[Citation]:
        # Read once per page: the fieldsets and both read-only fields need them.
        cached: list[Citation] | None = source.__dict__.get("_admin_citations")
        if cached is None:
            cached = source.__dict__["_admin_citations"] = list(
                source.citations.select_related("claim")
            )
        return cached

    def get_fieldsets(self, request: HttpRequest, obj: Source | None = None):
        about = ["title", "kind", "publisher", "authors", "published_on", "language", "url"]
        provenance = ("Provenance", {"classes": ["collapse"], "fields": self.provenance_fields})
        if obj is not None and self._citations(obj):
            # Cited text is shown highlighted and not editable: editing it would silently move
            # every citation's offsets.
            return [
                (None, {"fields": about}),
                ("Text, with cited passages highlighted", {"fields": ["cited_text"]}),
                ("Cited passages", {"fields": ["cited_passages"]}),
                provenance,
            ]
        return [(None, {"fields": [*about, "body"]}), provenance]

    provenance_fields = ["body_sha256", "origin", "created_at", "updated_at"]

    @admin.display(description="Text")
    def cited_text(self, source: Source) -> str:
        passages = [
            Passage(
                c.start,
                c.end,
                href=reverse("admin:claims_claim_change", args=[c.claim_id]),
                title=f"Claim #{c.claim_id} ({c.get_relation_display()}): {c.claim}",
            )
            for c in self._citations(source)
        ]
        return format_html('<div class="fb-body">{}</div>', highlight(source.body, passages))

    @admin.display(description="Claims citing it")
    def cited_passages(self, source: Source) -> str:
        rows = format_html_join(
            "",
            '<li><a href="{}">“{}”</a> — {} · claim #{}: {}</li>',
            (
                (
                    reverse("admin:claims_claim_change", args=[c.claim_id]),
                    c.quote if len(c.quote) < 160 else c.quote[:159] + "…",
                    c.get_relation_display(),
                    c.claim_id,
                    c.claim,
                )
                for c in self._citations(source)
            ),
        )
        return format_html('<ul class="fb-related">{}</ul>', rows)


class EntityWithClaimsAdmin(EntityAdmin):
    list_display = [*EntityAdmin.list_display[:-1], "claim_count", "updated_at"]
    readonly_fields = ["claims_list", *EntityAdmin.readonly_fields]
    related_fields = ["claims_list", *EntityAdmin.related_fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entity]:
        claim_count = related_count(Claim.objects.all(), pointing_by="claimant")
        return super().get_queryset(request).annotate(claim_count=claim_count)

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, entity: "WithAnnotations[Entity, ClaimCount]") -> int:
        return entity.claim_count

    @admin.display(description="Claims made")
    def claims_list(self, entity: Entity) -> str:
        claims = entity.claims.order_by("-claimed_on", "-id")
        total = claims.count()
        if not total:
            return "None."
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> — {}, {}</li>',
            (
                (
                    reverse("admin:claims_claim_change", args=[c.pk]),
                    c,
                    c.get_status_display(),
                    c.get_verdict_display(),
                )
                for c in claims[:CLAIMS_SHOWN]
            ),
        )
        changelist = reverse("admin:claims_claim_changelist") + f"?claimant__id__exact={entity.pk}"
        return format_html(
            '<ul class="fb-related">{}</ul><a href="{}">All {} claims by {}</a>',
            rows,
            changelist,
            total,
            entity,
        )


admin.site.unregister(Source)
admin.site.register(Source, CitedSourceAdmin)
admin.site.unregister(Entity)
admin.site.register(Entity, EntityWithClaimsAdmin)
