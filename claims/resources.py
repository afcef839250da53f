"""Claim export (CSV from the admin's filtered list) with citations and source URLs."""

from django.db.models import Prefetch, QuerySet
from import_export import fields, resources

from claims.models import Citation, Claim

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection). The
# library's own escaping only strips a leading "=", so every text cell is defused here, the
# OWASP way: a leading apostrophe makes the cell plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def claims_for_export(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """The related rows the export reads, fetched up front: a constant number of queries."""
    return queryset.select_related("claimant", "assignee", "duplicate_of").prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )


class ClaimResource(resources.ModelResource):
    claimant = fields.Field(attribute="claimant__name", column_name="claimant")
    status = fields.Field(attribute="get_status_display", column_name="status")
    verdict = fields.Field(attribute="get_verdict_display", column_name="verdict")
    origin = fields.Field(attribute="get_origin_display", column_name="origin")
    assignee = fields.Field(attribute="assignee__username", column_name="assignee")
    tags = fields.Field(column_name="tags")
    citations = fields.Field(column_name="citations")
    source_urls = fields.Field(column_name="source URLs")

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "claimant",
            "claimed_on",
            "status",
            "verdict",
            "explanation",
            "tags",
            "origin",
            "assignee",
            "duplicate_of",
            "updated_at",
            "citations",
            "source_urls",
        ]
        export_order = fields

    def dehydrate_tags(self, claim: Claim) -> str:
        return ", ".join(claim.tags)

    def dehydrate_citations(self, claim: Claim) -> str:
        return "\n".join(
            f"[{c.get_relation_display()}] “{c.quote}” — {c.source.title}"
            + (f" <{c.source.url}>" if c.source.url else "")
            for c in claim.citations.all()
        )

    def dehydrate_source_urls(self, claim: Claim) -> str:
        urls = dict.fromkeys(c.source.url for c in claim.citations.all() if c.source.url)
        return "\n".join(urls)

    def export_field(self, field, instance, **kwargs):
        return defuse_formula(super().export_field(field, instance, **kwargs))
