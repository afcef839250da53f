"""Reads shared by the API and the admin: full-text search and likely-duplicate claims."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import F, FloatField, QuerySet, prefetch_related_objects
from django.db.models.functions import Cast

from claims.models import Claim
from newstext.similarity import distinctive_words, lookup_score, term_of, wording
from sources.models import SEARCH_CONFIG

# Distinctive words of a text counted in the index, and where a count stops: a word used by
# SIMILAR_PROBE_CAP claims or more is common.
SIMILAR_PROBE_WORDS = 12
SIMILAR_PROBE_CAP = 200
# Candidates come from claims using any of this many of the text's rarest words...
SIMILAR_RARE_WORDS = 4
# ...and at most this many are re-ranked in Python: bounded work whatever the table size.
SIMILAR_CANDIDATES = 100
# Below this re-ranked score a candidate is not shown as similar.
SIMILAR_MIN_SCORE = 0.45
# Trigram candidates (typos, different word forms) only for short texts: trigram similarity
# over long claim text costs seconds at scale, and full-text already finds long matches.
TRIGRAM_MAX_CHARS = 200


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
    reason: str = ""


def similar_claims(
    text: str, *, exclude_id: int | None = None, limit: int = 10
) -> list[SimilarClaim]:
    """Stored claims likely to state the same thing as `text`, best first: the one lookup the
    API (`similar/`, `duplicates/`, a new claim's likely duplicates), the admin's panel and the
    importer share.

    Its cost does not grow with the table. Candidates come from the full-text index through the
    text's rarest words: up to SIMILAR_PROBE_WORDS distinctive words are counted in the index, each
    count stopping at SIMILAR_PROBE_CAP; claims using any of the SIMILAR_RARE_WORDS rarest are
    fetched, at most SIMILAR_CANDIDATES of them by rank (a text whose words are all common uses
    its two rarest together). Short texts add trigram candidates (typos). Candidates are then
    re-ranked with the text pipeline's `lookup_score`, common words counting little. Claims
    merged into another are left out: their canonical claim stands for them.
    """
    # The claims table is only ever read through the full-text and trigram indexes: no other
    # predicate is given to the planner (merged claims are dropped, and stand for their
    # canonical claim, after the fetch), so it cannot prefer walking the canonical rows.
    counts = _index_counts(distinctive_words(text, limit=SIMILAR_PROBE_WORDS))
    found = sorted((n, word) for word, n in counts.items() if n > 0)
    rare = [word for n, word in found if n < SIMILAR_PROBE_CAP][:SIMILAR_RARE_WORDS]
    common = frozenset(term_of(word) for n, word in found if n >= SIMILAR_PROBE_CAP)
    query = None
    if rare:
        for word in rare:
            part = SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
            query = part if query is None else query | part
    elif len(found) >= 2:
        query = SearchQuery(
            " ".join(word for _n, word in found[:2]), search_type="plain", config=SEARCH_CONFIG
        )
    fetched: list[tuple[Claim, str]] = []
    if query is not None:
        ranked = (
            Claim.objects.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-id")
            .defer("search_vector")
        )
        fetched += [(claim, "full-text") for claim in ranked[:SIMILAR_CANDIDATES]]
    if len(text) <= TRIGRAM_MAX_CHARS:
        trigram = Claim.objects.filter(text__trigram_similar=text).defer("search_vector")
        fetched += [(claim, "trigram") for claim in trigram[:SIMILAR_CANDIDATES]]
    candidates = _canonical(fetched, exclude_id)
    wanted = wording(text)
    scored = []
    for claim, method in candidates.values():
        similarity = lookup_score(wanted, wording(claim.text), common=common)
        if similarity.score >= SIMILAR_MIN_SCORE:
            scored.append(
                SimilarClaim(
                    claim, round(min(similarity.score, 1.0), 3), method, similarity.reason()
                )
            )
    scored.sort(key=lambda item: (-item.score, -item.claim.pk))
    return scored[:limit]


def _canonical(
    fetched: list[tuple[Claim, str]], exclude_id: int | None
) -> dict[int, tuple[Claim, str]]:
    """The fetched claims with merged ones replaced by their canonical claim, claimants loaded
    (by key), `exclude_id` left out; first method wins for a claim found twice."""
    canonical_ids = {c.duplicate_of_id for c, _m in fetched if c.duplicate_of_id is not None}
    canonical = Claim.objects.defer("search_vector").in_bulk(canonical_ids) if canonical_ids else {}
    out: dict[int, tuple[Claim, str]] = {}
    for claim, method in fetched:
        if claim.duplicate_of_id is not None:
            claim = canonical.get(claim.duplicate_of_id)
            # A claim merged into one that was itself merged later points at the final one
            # (merges move earlier duplicates along), so one step is enough.
            if claim is None or claim.duplicate_of_id is not None:
                continue
        if claim.pk != exclude_id:
            out.setdefault(claim.pk, (claim, method))
    prefetch_related_objects([claim for claim, _m in out.values()], "claimant")
    return out


def _index_counts(words: list[str]) -> dict[str, int]:
    """How many claims use each word, counted in the full-text index and capped at
    SIMILAR_PROBE_CAP (one statement; each count reads at most the cap's worth of index rows)."""
    if not words:
        return {}
    # Raw SQL picks its database as the ORM would: the read replica in an API read.
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w.word, (
                SELECT count(*) FROM (
                    SELECT 1 FROM {Claim._meta.db_table} c
                    WHERE c.search_vector @@ plainto_tsquery(%s::regconfig, w.word)
                    LIMIT %s
                ) AS capped
            )
            FROM unnest(%s::text[]) AS w(word)
            """,
            [SEARCH_CONFIG, SIMILAR_PROBE_CAP, words],
        )
        return dict(cursor.fetchall())
