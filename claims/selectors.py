"""Reads shared by the API and the admin: full-text search and likely-duplicate claims."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, F, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from rapidfuzz import fuzz

from claims.models import Claim
from sources.models import SEARCH_CONFIG

# How many full-text candidates are re-ranked in Python: bounded work whatever the table size.
SIMILAR_CANDIDATES = 50
# Below this re-ranked score a candidate is not shown as similar.
SIMILAR_MIN_SCORE = 0.45
# Trigram candidates (typos, different word forms) only for short texts: trigram similarity
# over long claim text costs seconds at scale, and full-text already finds long matches.
TRIGRAM_MAX_CHARS = 200

# A tsquery matching any of the lexemes of a text: 'lexeme' | 'lexeme' | ...
_ANY_WORD_TSQUERY = "replace(strip(to_tsvector(%s::regconfig, %s))::text, ' ', ' | ')::tsquery"


def search_query(text: str) -> SearchQuery:
    """A query in web-search syntax ("quoted phrase", OR, -excluded), like a search box."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def claims_matching(queryset: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    """Claims whose text matches `text`, annotated with `rank` (higher is better).

    The rank is cast to double precision: ts_rank returns a 4-byte `real`, which does not
    round-trip through a Python float, so a keyset cursor holding it could never match the row
    it was taken from again (boundary rows repeated or skipped, ties looping forever).
    """
    query = search_query(text)
    return queryset.filter(search_vector=query).annotate(
        rank=Cast(SearchRank(F("search_vector"), query), FloatField())
    )


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    score: float
    method: str


def text_similarity(a: str, b: str) -> float:
    """Word-overlap similarity in [0, 1], tolerant of word order and extra words."""
    a, b = a.casefold(), b.casefold()
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200


def similar_claims(
    text: str, *, exclude_id: int | None = None, limit: int = 10
) -> list[SimilarClaim]:
    """Claims likely to state the same thing as `text`, best first.

    Candidates come from the full-text index (claims sharing any of the text's words, the
    best SIMILAR_CANDIDATES by cover density), plus the trigram index for short texts; the
    candidates are then re-ranked by word overlap. Claims already merged into another are left
    out: their canonical claim stands for them.
    """
    base = Claim.objects.filter(duplicate_of__isnull=True).select_related("claimant")
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    shares_a_word = RawSQL(
        f"search_vector @@ {_ANY_WORD_TSQUERY}", (SEARCH_CONFIG, text), output_field=BooleanField()
    )
    rank = RawSQL(
        f"ts_rank_cd(search_vector, {_ANY_WORD_TSQUERY})",
        (SEARCH_CONFIG, text),
        output_field=FloatField(),
    )
    fulltext = (
        base.alias(shares_a_word=shares_a_word)
        .filter(shares_a_word=True)
        .annotate(rank=rank)
        .order_by("-rank", "-id")
    )
    candidates = {claim.pk: (claim, "full-text") for claim in fulltext[:SIMILAR_CANDIDATES]}
    if len(text) <= TRIGRAM_MAX_CHARS:
        for claim in base.filter(text__trigram_similar=text)[:SIMILAR_CANDIDATES]:
            candidates.setdefault(claim.pk, (claim, "trigram"))
    scored = [
        SimilarClaim(claim=claim, score=round(text_similarity(text, claim.text), 3), method=method)
        for claim, method in candidates.values()
    ]
    scored = [item for item in scored if item.score >= SIMILAR_MIN_SCORE]
    scored.sort(key=lambda item: (-item.score, -item.claim.pk))
    return scored[:limit]
