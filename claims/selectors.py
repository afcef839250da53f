"""Reads shared by the API and the admin: the claim queryset shapes, full-text search and
likely-duplicate claims."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import F, FloatField, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import Cast

from claims.models import Citation, Claim
from factbase.db import related_count
from newstext.similarity import Wording, distinctive_words, lookup_score, term_of, wording
from sources.models import SEARCH_CONFIG

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

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
# The trigram similarity a stored claim needs to be a trigram candidate (pg_trgm's `%`; its
# default, 0.3, matches a fifth of a million-claim archive for an ordinary sentence, and the
# index scan then rechecks them all: seconds). Near-identical wording passes this; looser
# matches come from the full-text candidates.
TRIGRAM_CANDIDATE_THRESHOLD = 0.6


def claim_list_queryset() -> QuerySet[Claim]:
    """Claims as a list shows them: claimant, users and the number of citations, one query."""
    return (
        Claim.objects.select_related("claimant", "reviewer", "created_by", "assignee")
        .annotate(citation_count=related_count(Citation.objects.all(), pointing_by="claim"))
        .defer("search_vector")
    )


def claim_citations_with_sources() -> Prefetch:
    """A claim's citations with their sources (without the bodies) and speakers."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.select_related("source", "source__publisher", "speaker")
        .defer("source__body", "source__search_vector")
        .order_by("source_id", "start", "id"),
    )


def claim_detail_queryset() -> QuerySet[Claim]:
    """Claims as their detail shows them: the list's shape and the citations with sources."""
    return claim_list_queryset().prefetch_related(claim_citations_with_sources())


def search_query(text: str) -> SearchQuery:
    """A query in web-search syntax ("quoted phrase", OR, -excluded), like a search box."""
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


class Ranked(TypedDict):
    """What `claims_matching` annotates each claim with."""

    rank: float


def claims_matching(
    queryset: QuerySet[Claim], text: str
) -> "QuerySet[WithAnnotations[Claim, Ranked]]":
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
    importer share (see `similar_claims_many`)."""
    return similar_claims_many([text], exclude_id=exclude_id, limit=limit)[0]


def similar_claims_many(
    texts: Sequence[str], *, exclude_id: int | None = None, limit: int = 10
) -> list[list[SimilarClaim]]:
    """For each of `texts`, the stored claims likely to state the same thing, best first.

    Its cost does not grow with the table, and a whole document's passages cost the same few
    statements as one text. Candidates come from the full-text index through each text's rarest
    words: up to SIMILAR_PROBE_WORDS distinctive words are counted in the index, each count
    stopping at SIMILAR_PROBE_CAP; claims using any of the SIMILAR_RARE_WORDS rarest are
    fetched, at most SIMILAR_CANDIDATES of them by rank (a text whose words are all common uses
    its two rarest together). Short texts add trigram candidates (typos). Candidates are then
    re-ranked with the text pipeline's `lookup_score`, common words counting little. Claims
    merged into another are left out: their canonical claim stands for them.
    """
    if not texts:
        return []
    words = [distinctive_words(text, limit=SIMILAR_PROBE_WORDS) for text in texts]
    counts = _index_counts(sorted({word for text_words in words for word in text_words}))
    queries: list[_CandidateQuery] = []
    commons: list[frozenset[str]] = []
    for index, (text, text_words) in enumerate(zip(texts, words, strict=True)):
        found = sorted((counts[word][0], word) for word in text_words if counts[word][0] > 0)
        rare = [word for n, word in found if n < SIMILAR_PROBE_CAP][:SIMILAR_RARE_WORDS]
        commons.append(frozenset(term_of(word) for n, word in found if n >= SIMILAR_PROBE_CAP))
        query = None
        if rare:
            # Any of the rare words: their queries joined with OR, as tsquery text.
            query = " | ".join(f"( {counts[word][1]} )" for word in rare)
        elif len(found) >= 2:
            # The two rarest common words together.
            query = " & ".join(f"( {counts[word][1]} )" for _n, word in found[:2])
        queries.append(_CandidateQuery(index, query, len(text) <= TRIGRAM_MAX_CHARS and text))
    fetched = _candidates(queries)
    canonical = _canonical([claim for per_text in fetched for claim, _m in per_text])
    wordings: dict[int, Wording] = {}
    results = []
    for text, per_text, common in zip(texts, fetched, commons, strict=True):
        wanted = wording(text)
        candidates: dict[int, tuple[Claim, str]] = {}
        for claim, method in per_text:
            claim = canonical.get(claim.pk)
            if claim is not None and claim.pk != exclude_id:
                candidates.setdefault(claim.pk, (claim, method))
        scored = []
        for claim, method in candidates.values():
            if claim.pk not in wordings:
                wordings[claim.pk] = wording(claim.text)
            similarity = lookup_score(wanted, wordings[claim.pk], common=common)
            if similarity.score >= SIMILAR_MIN_SCORE:
                scored.append(
                    SimilarClaim(
                        claim, round(min(similarity.score, 1.0), 3), method, similarity.reason()
                    )
                )
        scored.sort(key=lambda item: (-item.score, -item.claim.pk))
        results.append(scored[:limit])
    return results


@dataclass(frozen=True)
class _CandidateQuery:
    """What to fetch for one text: the tsquery (as text) of its full-text candidates, and the
    text itself when it is short enough for trigram candidates."""

    index: int
    tsquery: str | None
    trigram_text: str | bool


# The claim columns candidates are read with (not the search vector: large, and unused here).
_CANDIDATE_COLUMNS = [
    field.column for field in Claim._meta.concrete_fields if field.name != "search_vector"
]


def _claim_table_and_columns() -> tuple[str, str]:
    quote = connections[router.db_for_read(Claim)].ops.quote_name
    columns = ", ".join(f"c.{quote(column)}" for column in _CANDIDATE_COLUMNS)
    return quote(Claim._meta.db_table), columns


def _candidates(queries: list[_CandidateQuery]) -> list[list[tuple[Claim, str]]]:
    """Each text's candidates, full-text ones first (in rank order), then trigram ones: one
    statement for all texts, each text's part bounded by SIMILAR_CANDIDATES."""
    fetched: list[list[tuple[Claim, str]]] = [[] for _ in queries]
    full_text = [q for q in queries if q.tsquery is not None]
    trigram = [q for q in queries if q.trigram_text]
    if not full_text and not trigram:
        return fetched
    table, columns = _claim_table_and_columns()
    # Each text's candidates are read by its own index scan (a lateral join per text), so the
    # cost is that of the single-text lookups, in one round trip. The trigram matches are
    # fetched whole (OFFSET 0 keeps the planner from walking the newest claims instead, testing
    # each against the text, which costs the whole table when few match) and then ordered.
    sql = f"""
        SELECT p.position, 'full-text' AS method, {columns}
        FROM unnest(%s::int[], %s::text[]) AS p(position, query)
        CROSS JOIN LATERAL (
            SELECT {columns} FROM {table} c
            WHERE c.search_vector @@ p.query::tsquery
            ORDER BY ts_rank(c.search_vector, p.query::tsquery) DESC, c.id DESC
            LIMIT %s
        ) AS c
        UNION ALL
        SELECT p.position, 'trigram' AS method, {columns}
        FROM (
            -- `%%` reads its threshold from this setting, set here (for this transaction)
            -- so that it holds before the index is scanned, in the same statement.
            SELECT * FROM unnest(%s::int[], %s::text[]) AS p(position, text)
            WHERE set_config('pg_trgm.similarity_threshold', %s, true) IS NOT NULL
        ) AS p
        CROSS JOIN LATERAL (
            SELECT {columns} FROM (
                SELECT * FROM {table} c WHERE c.text %% p.text OFFSET 0
            ) AS c
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT %s
        ) AS c
    """
    params = [
        [q.index for q in full_text],
        [q.tsquery for q in full_text],
        SIMILAR_CANDIDATES,
        [q.index for q in trigram],
        [q.trigram_text for q in trigram],
        str(TRIGRAM_CANDIDATE_THRESHOLD),
        SIMILAR_CANDIDATES,
    ]
    by_method: dict[str, list[list[Claim]]] = {
        "full-text": [[] for _ in queries],
        "trigram": [[] for _ in queries],
    }
    for claim in Claim.objects.raw(sql, params):
        by_method[claim.method][claim.position].append(claim)
    for position in range(len(queries)):
        for method in ("full-text", "trigram"):
            fetched[position] += [(claim, method) for claim in by_method[method][position]]
    return fetched


def _canonical(claims: list[Claim]) -> dict[int, Claim]:
    """The claim standing for each of `claims` (by key): itself, or the claim it was merged
    into; none for a claim merged into a claim since merged or deleted. Claimants are loaded
    (by key)."""
    canonical_ids = {c.duplicate_of_id for c in claims if c.duplicate_of_id is not None}
    targets = Claim.objects.defer("search_vector").in_bulk(canonical_ids) if canonical_ids else {}
    out: dict[int, Claim] = {}
    for claim in claims:
        if claim.pk in out:
            continue
        if claim.duplicate_of_id is None:
            out[claim.pk] = claim
            continue
        target = targets.get(claim.duplicate_of_id)
        # A claim merged into one that was itself merged later points at the final one
        # (merges move earlier duplicates along), so one step is enough.
        if target is not None and target.duplicate_of_id is None:
            out[claim.pk] = out.setdefault(target.pk, target)
    prefetch_related_objects(list({c.pk: c for c in out.values()}.values()), "claimant")
    return out


def _index_counts(words: list[str]) -> dict[str, tuple[int, str]]:
    """How many claims use each word, counted in the full-text index and capped at
    SIMILAR_PROBE_CAP, and the word's full-text query as text (one statement; each count reads
    at most the cap's worth of index rows)."""
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
            ), plainto_tsquery(%s::regconfig, w.word)::text
            FROM unnest(%s::text[]) AS w(word)
            """,
            [SEARCH_CONFIG, SIMILAR_PROBE_CAP, SEARCH_CONFIG, words],
        )
        return {word: (count, query) for word, count, query in cursor.fetchall()}


def same_fact_claims(prefixes: Sequence[str | None], *, limit: int) -> list[list[Claim]]:
    """For each fact-key prefix (a fact's subject and predicate), up to `limit` canonical claims
    whose fact key starts with it, newest first; none for None. One statement for all."""
    wanted = [(position, p) for position, p in enumerate(prefixes) if p]
    found: list[list[Claim]] = [[] for _ in prefixes]
    if not wanted:
        return found
    table, columns = _claim_table_and_columns()
    # The prefix as a range of the fact-key index (a LIKE pattern taken from another table
    # cannot use it): every key from the prefix up to the prefix with its last character
    # incremented. Matches are fetched whole, then ordered (see `_candidates`).
    sql = f"""
        SELECT p.position, {columns}
        FROM unnest(%s::int[], %s::text[], %s::text[]) AS p(position, low, high)
        CROSS JOIN LATERAL (
            SELECT {columns} FROM (
                SELECT * FROM {table} c
                WHERE c.fact_key ~>=~ p.low AND c.fact_key ~<~ p.high
                    AND c.duplicate_of_id IS NULL
                OFFSET 0
            ) AS c
            ORDER BY c.created_at DESC, c.id DESC
            LIMIT %s
        ) AS c
    """
    params = [
        [position for position, _ in wanted],
        [prefix for _, prefix in wanted],
        [prefix[:-1] + chr(ord(prefix[-1]) + 1) for _, prefix in wanted],
        limit,
    ]
    for claim in Claim.objects.raw(sql, params):
        found[claim.position].append(claim)
    return found
