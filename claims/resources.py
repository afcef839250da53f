"""Exports of the admin's filtered claim list (CSV with a UTF-8 BOM, or XLSX), in two shapes:

- one row per claim, its editorial state in plain columns (who reviewed it and when, the
  review article, how many citations and sources);
- one row per citation, each with its claim, the quoted passage and its source.

Every text cell is defused against spreadsheet formulas.
"""

from django.db.models import Prefetch, QuerySet
from import_export import fields, resources

from claims.models import Citation, Claim
from claims.services import review_article

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection). The
# library's own escaping only strips a leading "=", so every text cell is defused here, the
# OWASP way: a leading apostrophe makes the cell plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def claims_for_export(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """The related rows the claim export reads, fetched up front: a constant number of
    queries."""
    return queryset.select_related(
        "claimant", "assignee", "reviewer", "duplicate_of"
    ).prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))


def citations_for_export(claims: QuerySet[Claim]) -> QuerySet[Citation]:
    """The citations of `claims`, claim by claim, with what their rows show."""
    return (
        Citation.objects.filter(claim__in=claims.order_by().values("pk"))
        .select_related("claim__claimant", "claim__reviewer", "source__publisher")
        .defer("source__body", "source__search_vector", "claim__search_vector")
        .order_by("claim_id", "source_id", "start", "id")
    )


class DefusedResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return defuse_formula(super().export_field(field, instance, **kwargs))


class ClaimResource(DefusedResource):
    text = fields.Field(attribute="text", column_name="claim")
    claimant = fields.Field(attribute="claimant__name", column_name="claimant")
    claimed_on = fields.Field(attribute="claimed_on", column_name="claimed on")
    status = fields.Field(attribute="get_status_display", column_name="status")
    verdict = fields.Field(attribute="get_verdict_display", column_name="verdict")
    explanation = fields.Field(attribute="explanation", column_name="explanation")
    review_url = fields.Field(column_name="review article URL")
    reviewer = fields.Field(attribute="reviewer__username", column_name="reviewed by")
    reviewed_at = fields.Field(attribute="reviewed_at", column_name="reviewed at")
    assignee = fields.Field(attribute="assignee__username", column_name="assigned to")
    tags = fields.Field(column_name="tags")
    origin = fields.Field(attribute="get_origin_display", column_name="origin")
    duplicate_of = fields.Field(attribute="duplicate_of_id", column_name="merged into claim")
    citation_count = fields.Field(column_name="citations")
    source_count = fields.Field(column_name="sources")
    source_urls = fields.Field(column_name="source URLs")
    created_at = fields.Field(attribute="created_at", column_name="created at")
    updated_at = fields.Field(attribute="updated_at", column_name="updated at")

    class Meta:
        model = Claim
        name = "Claims: one row per claim"
        fields = [
            "id",
            "text",
            "claimant",
            "claimed_on",
            "status",
            "verdict",
            "explanation",
            "review_url",
            "reviewer",
            "reviewed_at",
            "assignee",
            "tags",
            "origin",
            "duplicate_of",
            "citation_count",
            "source_count",
            "source_urls",
            "created_at",
            "updated_at",
        ]
        export_order = fields

    def dehydrate_tags(self, claim: Claim) -> str:
        return ", ".join(claim.tags)

    def dehydrate_review_url(self, claim: Claim) -> str:
        return review_article(claim).url if claim.verdict != "unrated" else claim.review_url

    def dehydrate_citation_count(self, claim: Claim) -> int:
        return len(claim.citations.all())

    def dehydrate_source_count(self, claim: Claim) -> int:
        return len({c.source_id for c in claim.citations.all()})

    def dehydrate_source_urls(self, claim: Claim) -> str:
        # One per line in the cell; the per-citation export has each in its own row.
        return "\n".join(dict.fromkeys(c.source.url for c in claim.citations.all() if c.source.url))


class CitationRowResource(DefusedResource):
    """One row per citation of the exported claims."""

    claim_id = fields.Field(attribute="claim_id", column_name="claim id")
    claim = fields.Field(attribute="claim__text", column_name="claim")
    claimant = fields.Field(attribute="claim__claimant__name", column_name="claimant")
    status = fields.Field(attribute="claim__get_status_display", column_name="status")
    verdict = fields.Field(attribute="claim__get_verdict_display", column_name="verdict")
    reviewer = fields.Field(attribute="claim__reviewer__username", column_name="reviewed by")
    reviewed_at = fields.Field(attribute="claim__reviewed_at", column_name="reviewed at")
    relation = fields.Field(attribute="get_relation_display", column_name="relation")
    rank = fields.Field(attribute="get_rank_display", column_name="rank")
    quote = fields.Field(attribute="quote", column_name="quote")
    source = fields.Field(attribute="source__title", column_name="source")
    publisher = fields.Field(attribute="source__publisher__name", column_name="publisher")
    published_on = fields.Field(attribute="source__published_on", column_name="published on")
    source_url = fields.Field(attribute="source__url", column_name="source URL")
    created_at = fields.Field(attribute="created_at", column_name="cited at")

    class Meta:
        model = Citation
        name = "Citations: one row per citation, with its claim"
        fields = [
            "claim_id",
            "claim",
            "claimant",
            "status",
            "verdict",
            "reviewer",
            "reviewed_at",
            "relation",
            "rank",
            "quote",
            "source",
            "publisher",
            "published_on",
            "source_url",
            "created_at",
        ]
        export_order = fields
