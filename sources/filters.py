"""FilterSets for entities and sources: every field a journalist or a sync job filters by."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact
from django.db import connections
from django.db.models import BooleanField, Exists, F, FloatField, OuterRef, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Lower
from django_filters import rest_framework as filters

from factbase.api.filters import (
    RELEVANCE,
    BooleanFilter,
    CharInFilter,
    ChoiceInFilter,
    ContainsFilter,
    DateTimeFilter,
    FactbaseFilterSet,
    IdInFilter,
    ordering_filter,
)
from factbase.api.pagination import RankedAbove
from factbase.db import ContainsAnyCase
from sources.models import (
    SEARCH_CONFIG,
    Entity,
    EntityKind,
    LowerAliases,
    Source,
    SourceKind,
    title_terms,
)


def _alias_matches(value: str) -> RawSQL:
    return RawSQL(
        "EXISTS (SELECT 1 FROM unnest(aliases) AS alias WHERE lower(alias) = lower(%s))",
        (value,),
        output_field=BooleanField(),
    )


def entity_name_q(prefix: str, name: str) -> Q:
    """Entities (at `prefix`) called `name` or having it as an alias, case-insensitively.

    The entities are looked up first, from the indexes of lower-cased names and aliases, and
    the condition names their ids: the planner then knows how many rows each id has (a
    claimant with 50,000 claims, or none). Given a subquery instead, it guessed half the
    entities matched and read claims newest first waiting for one: all million of them, half
    a second, for a name nobody has.
    """
    lowered = name.strip().lower()
    ids = list(
        Entity.objects.alias(lower_name=Lower("name"), lower_aliases=LowerAliases("aliases"))
        .filter(Q(lower_name=lowered) | Q(lower_aliases__contains=[lowered]))
        .values_list("pk", flat=True)
    )
    return Q(**{f"{prefix}__in": ids})


# A one-word search ranks a source whose title has the word (weight A, 1.0) at least
# 1 / (pi^2 / 6) = 0.608 and one whose body alone has it (weight B, 0.4) below 0.4, however
# often: ts_rank of one word is (w_max + sum_j w_j / j^2 - w_max / j_max^2) / (pi^2 / 6) over the
# word's positions j, in order (PostgreSQL's calc_rank_or, default weights, no length
# normalisation). So the sources with the word in their title come first, and are found in the
# index of the weight-A words. With two words or more (AND, OR, NOT, a phrase) the rank mixes
# them and no such bound holds: those searches rank every match.
TITLE_RANK_FLOOR = 0.5


def _one_word(database: str, text: str) -> bool:
    """Whether `text`, read as a web search, is one word (one lexeme: no OR, no exclusion, not
    several words), the only query whose rank the title alone bounds."""
    with connections[database].cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) = 1", [SEARCH_CONFIG, text]
        )
        return cursor.fetchone()[0]


class EntityFilterSet(FactbaseFilterSet):
    id = IdInFilter(field_name="id", help_text="One or more ids, comma-separated.")
    q = filters.CharFilter(
        method="filter_q", help_text="Names, aliases or description containing this text."
    )
    name = filters.CharFilter(
        method="filter_name", help_text="Exact name or alias (case-insensitive)."
    )
    kind = ChoiceInFilter(field_name="kind", choices=EntityKind.choices)
    alias = filters.CharFilter(
        field_name="aliases", method="filter_alias", help_text="Has this alias (any case)."
    )
    description = ContainsFilter(
        field_name="description", help_text="Description containing this string."
    )
    wikidata_id = CharInFilter(field_name="wikidata_id")
    has_wikidata_id = BooleanFilter(field_name="wikidata_id", method="filter_has_wikidata")
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    ordering = ordering_filter(["name", "kind", "created_at", "updated_at", "id"])

    not_filterable = {"search_name": "internal: the lower-cased name behind `name` and `q`"}

    class Meta:
        model = Entity
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.alias(has_alias=_alias_matches(value)).filter(
            Q(search_name__contains=value.lower())
            | Q(has_alias=True)
            | Q(description__icontains=value)
        )

    def filter_name(self, queryset, name, value):
        return queryset.filter(entity_name_q("pk", value))

    def filter_alias(self, queryset, name, value):
        return queryset.alias(has_alias=_alias_matches(value.strip())).filter(has_alias=True)

    def filter_has_wikidata(self, queryset, name, value):
        return queryset.exclude(wikidata_id="") if value else queryset.filter(wikidata_id="")


class SourceFilterSet(FactbaseFilterSet):
    id = IdInFilter(field_name="id", help_text="One or more ids, comma-separated.")
    q = filters.CharFilter(
        method="filter_q",
        help_text='Full-text search over title and body, web-search syntax ("a phrase", or, '
        "-exclude); best match first unless `ordering` says otherwise.",
    )
    kind = ChoiceInFilter(field_name="kind", choices=SourceKind.choices)
    title = ContainsFilter(field_name="title", help_text="Title containing this string.")
    url = filters.CharFilter(field_name="url", help_text="Exact URL.")
    publisher_id = IdInFilter(field_name="publisher_id")
    publisher = filters.CharFilter(
        field_name="publisher", method="filter_publisher", help_text="Publisher name or alias."
    )
    author_id = IdInFilter(field_name="authors", method="filter_author_id")
    author = filters.CharFilter(
        field_name="authors", method="filter_author", help_text="Author name or alias."
    )
    published_on = filters.DateFilter(field_name="published_on")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    has_published_date = BooleanFilter(
        field_name="published_on", lookup_expr="isnull", exclude=True
    )
    language = CharInFilter(field_name="language")
    body_sha256 = filters.CharFilter(field_name="body_sha256", help_text="SHA-256 of the body.")
    origin = filters.CharFilter(
        field_name="origin",
        method="filter_origin",
        help_text="Origin (file name, URL…) containing this text.",
    )
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after (for sync)."
    )
    ordering = ordering_filter(
        ["published_on", "created_at", "updated_at", "title", "id"], relevance=True
    )
    ranks_by_relevance = True

    not_filterable = {
        "body": "searched with `q`",
        "search_vector": "searched with `q`",
    }

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        # The title bound serves pages in rank order only (factbase.api.pagination): in another
        # order the statement asking whether the text is one word would go unused.
        by_rank = self.form.cleaned_data.get("ordering") in (None, "", RELEVANCE)
        if self.request is not None and by_rank and _one_word(queryset.db, value):
            self.request.ranked_above = RankedAbove(
                SearchVectorExact(title_terms(), query), TITLE_RANK_FLOOR
            )
        return queryset.filter(search_vector=query).annotate(
            # Double precision, so the rank round-trips exactly through a keyset cursor.
            rank=Cast(SearchRank(F("search_vector"), query), FloatField())
        )

    def filter_publisher(self, queryset, name, value):
        return queryset.filter(entity_name_q("publisher", value))

    def filter_author_id(self, queryset, name, value):
        through = Source.authors.through.objects.filter(
            source_id=OuterRef("pk"), entity_id__in=value
        )
        return queryset.filter(Exists(through))

    def filter_author(self, queryset, name, value):
        through = Source.authors.through.objects.filter(source_id=OuterRef("pk")).filter(
            entity_name_q("entity", value)
        )
        return queryset.filter(Exists(through))

    def filter_origin(self, queryset, name, value):
        # The origin's JSON as text, matched as the other substring filters are (ILIKE), which
        # the trigram index of that text serves (sources_source_origin_trgm).
        return queryset.filter(ContainsAnyCase(Cast("origin", TextField()), value))
