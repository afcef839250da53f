"""FilterSets for claims and citations: every field a journalist or a sync job filters by."""

from django.db import connections
from django.db.models import BooleanField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django_filters import rest_framework as filters

from claims.models import (
    Citation,
    CitationRank,
    CitationRelation,
    Claim,
    ClaimOrigin,
    ClaimRelation,
    ClaimStatus,
    RelationKind,
    RelationStatus,
    Verdict,
)
from claims.selectors import claims_matching
from factbase.api.filters import (
    BooleanFilter,
    CharInFilter,
    ChoiceInFilter,
    ContainsFilter,
    DateTimeFilter,
    FactbaseFilterSet,
    IdInFilter,
    ordering_filter,
)
from sources.filters import entity_name_q


def _noop(queryset, name, value):
    return queryset


# Up to this many claims with a tag are looked up in the tags' index and listed by id; more are
# found by reading the claims in page order, which meets a page of them soon enough.
RARE_TAG_CLAIMS = 1000


def claims_with_rare_tags(database: str, tags: list[str]) -> list[int] | None:
    """The ids of the claims having all `tags`, or None when there are more than
    RARE_TAG_CLAIMS of them.

    The planner cannot tell a rare tag from a common one (for a tag outside its statistics it
    guesses a quarter of a percent of the claims), so for any tag it reads the claims newest
    first until a page matches: the whole table for a tag nobody uses. The subquery is planned
    without the LIMIT (MATERIALIZED), so it is always read from the GIN index, and it stops
    after RARE_TAG_CLAIMS + 1 rows however common the tag.
    """
    with connections[database].cursor() as cursor:
        cursor.execute(
            "WITH tagged AS MATERIALIZED"
            " (SELECT id FROM claims_claim WHERE tags @> %s::varchar(50)[])"
            " SELECT id FROM tagged LIMIT %s",
            [tags, RARE_TAG_CLAIMS + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= RARE_TAG_CLAIMS else None


class ClaimFilterSet(FactbaseFilterSet):
    id = IdInFilter(field_name="id", help_text="One or more ids, comma-separated.")
    q = filters.CharFilter(
        field_name="text",
        method="filter_q",
        help_text='Full-text search over the claim text, web-search syntax ("a phrase", or, '
        "-exclude); best match first unless `ordering` says otherwise.",
    )
    text = ContainsFilter(field_name="text", help_text="Text containing this string.")
    status = ChoiceInFilter(field_name="status", choices=ClaimStatus.choices)
    verdict = ChoiceInFilter(field_name="verdict", choices=Verdict.choices)
    origin = ChoiceInFilter(field_name="origin", choices=ClaimOrigin.choices)
    claimant_id = IdInFilter(field_name="claimant_id")
    claimant = filters.CharFilter(
        field_name="claimant", method="filter_claimant", help_text="Claimant name or alias."
    )
    has_claimant = BooleanFilter(field_name="claimant", lookup_expr="isnull", exclude=True)
    claimed_on = filters.DateFilter(field_name="claimed_on")
    claimed_after = filters.DateFilter(field_name="claimed_on", lookup_expr="gte")
    claimed_before = filters.DateFilter(field_name="claimed_on", lookup_expr="lte")
    tag = CharInFilter(
        field_name="tags", method="filter_tag", help_text="Has all these tags (comma-separated)."
    )
    explanation = ContainsFilter(
        field_name="explanation", help_text="Explanation containing this string."
    )
    reviewer_id = IdInFilter(field_name="reviewer_id")
    reviewed_after = DateTimeFilter(field_name="reviewed_at", lookup_expr="gte")
    reviewed_before = DateTimeFilter(field_name="reviewed_at", lookup_expr="lt")
    assignee_id = IdInFilter(field_name="assignee_id")
    is_assigned = BooleanFilter(field_name="assignee", lookup_expr="isnull", exclude=True)
    created_by_id = IdInFilter(field_name="created_by_id")
    fact_key = CharInFilter(
        field_name="fact_key", help_text="The fact in normal form (claims sharing it are one)."
    )
    min_check_worthiness = filters.NumberFilter(field_name="check_worthiness", lookup_expr="gte")
    duplicate_of_id = IdInFilter(field_name="duplicate_of_id")
    is_duplicate = BooleanFilter(
        field_name="duplicate_of",
        lookup_expr="isnull",
        exclude=True,
        help_text="Merged into another claim (false: canonical claims only).",
    )
    # Citation filters, combined: `source=3&relation=supports` means one citation doing both.
    source = IdInFilter(field_name="citations", method=_noop, help_text="Cited from these sources.")
    relation = ChoiceInFilter(
        field_name="citations",
        choices=CitationRelation.choices,
        method=_noop,
        help_text="Has a citation with this relation (with `source`: from that source).",
    )
    publisher_id = IdInFilter(
        field_name="citations", method=_noop, help_text="Cited from sources by these publishers."
    )
    publisher = filters.CharFilter(
        field_name="citations",
        method=_noop,
        help_text="Cited from sources by this publisher (name or alias).",
    )
    has_citations = BooleanFilter(field_name="citations", method="filter_has_citations")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    ordering = ordering_filter(
        ["claimed_on", "created_at", "updated_at", "reviewed_at", "check_worthiness", "id"],
        relevance=True,
    )
    ranks_by_relevance = True
    # `claims_matching` passes the text to the statement as it is (condition and rank).
    parameter_filters = frozenset({"q"})

    not_filterable = {
        "search_vector": "searched with `q`",
        "version": "a concurrency token (the ETag), not content",
        "review_url": "where the review is published, shown in the claim and its ClaimReview",
        "review_title": "the review article's headline, shown in the claim and its ClaimReview",
    }

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # Only `method` filters are read here: a page asked for them is never kept compiled
        # (factbase.api.filters._filter_shape), as this may depend on more than their values.
        data = self.form.cleaned_data
        conditions = Q()
        if data.get("source"):
            conditions &= Q(source_id__in=data["source"])
        if data.get("relation"):
            conditions &= Q(relation__in=data["relation"])
        if data.get("publisher_id"):
            conditions &= Q(source__publisher_id__in=data["publisher_id"])
        if data.get("publisher"):
            conditions &= entity_name_q("source__publisher", data["publisher"])
        if conditions:
            cited = Citation.objects.filter(conditions, claim_id=OuterRef("pk"))
            queryset = queryset.filter(Exists(cited))
        return queryset

    def filter_q(self, queryset, name, value):
        return claims_matching(queryset, value)

    def filter_claimant(self, queryset, name, value):
        return queryset.filter(entity_name_q("claimant", value))

    def filter_tag(self, queryset, name, value):
        tags = [tag.strip() for tag in value if tag.strip()]
        if not tags:
            return queryset
        rare = claims_with_rare_tags(queryset.db, tags)
        if rare is not None:
            return queryset.filter(pk__in=rare)
        return queryset.filter(tags__contains=tags)

    def filter_has_citations(self, queryset, name, value):
        # The database's own flag (claims/migrations/0015_claim_is_cited.py): the claims without
        # a citation have an index, so their page is read from it however big the archive.
        cited = RawSQL("claims_claim.is_cited", (), output_field=BooleanField())
        return queryset.filter(cited if value else ~Q(cited))


class CitationFilterSet(FactbaseFilterSet):
    id = IdInFilter(field_name="id", help_text="One or more ids, comma-separated.")
    claim_id = IdInFilter(field_name="claim_id")
    source_id = IdInFilter(field_name="source_id")
    relation = ChoiceInFilter(field_name="relation", choices=CitationRelation.choices)
    rank = ChoiceInFilter(field_name="rank", choices=CitationRank.choices)
    quote = ContainsFilter(field_name="quote", help_text="Quote containing this text.")
    note = ContainsFilter(field_name="note", help_text="Note containing this text.")
    speaker_id = IdInFilter(field_name="speaker_id")
    speaker = filters.CharFilter(
        field_name="speaker", method="filter_speaker", help_text="Speaker name or alias."
    )
    speaker_as_written = filters.CharFilter(
        field_name="speaker_as_written",
        lookup_expr="exact",
        help_text="Citations whose speaker the text names this way and the importer could not "
        'identify ("Trump").',
    )
    publisher_id = IdInFilter(field_name="source__publisher_id")
    publisher = filters.CharFilter(
        field_name="source", method="filter_publisher", help_text="Source publisher name or alias."
    )
    created_by_id = IdInFilter(field_name="created_by_id")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    ordering = ordering_filter(["created_at", "updated_at", "start", "id"])

    not_filterable = {
        "start": "an offset into one source's text, meaningful with `source_id` only",
        "end": "an offset into one source's text, meaningful with `source_id` only",
        "prefix": "anchoring context, not content",
        "suffix": "anchoring context, not content",
    }

    class Meta:
        model = Citation
        fields: list[str] = []

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(entity_name_q("speaker", value))

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(entity_name_q("source__publisher", value))


class ClaimRelationFilterSet(FactbaseFilterSet):
    id = IdInFilter(field_name="id", help_text="One or more ids, comma-separated.")
    status = ChoiceInFilter(
        field_name="status",
        choices=RelationStatus.choices,
        help_text="`suggested`: the queue awaiting a journalist's decision.",
    )
    kind = ChoiceInFilter(field_name="kind", choices=RelationKind.choices)
    claim_id = IdInFilter(
        field_name="from_claim_id", method="filter_claim_id", help_text="Relating these claims."
    )
    from_claim_id = IdInFilter(field_name="from_claim_id")
    to_claim_id = IdInFilter(field_name="to_claim_id")
    min_score = filters.NumberFilter(field_name="score", lookup_expr="gte")
    method = filters.CharFilter(
        field_name="method", lookup_expr="icontains", help_text="How the match was found."
    )
    decided_by_id = IdInFilter(field_name="decided_by_id")
    decided_after = DateTimeFilter(field_name="decided_at", lookup_expr="gte")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    ordering = ordering_filter(["score", "created_at", "updated_at", "id"])

    class Meta:
        model = ClaimRelation
        fields: list[str] = []

    def filter_claim_id(self, queryset, name, value):
        return queryset.filter(Q(from_claim_id__in=value) | Q(to_claim_id__in=value))
