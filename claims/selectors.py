"""Reads shared by the API and the admin: the claim queryset shapes, full-text search and
likely-duplicate claims."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import Count, F, FloatField, Prefetch, QuerySet
from django.db.models.functions import Cast

from claims.models import Citation, Claim
from factbase.api import prepared
from factbase.db import planned_without_jit, related_count
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
# A word no stored claim uses (often a misspelling: "Jonson", "goverment") is looked up by its
# first letters instead, if it is at least this long: candidates for typos from the full-text
# index, whose cost does not grow with the table. (A trigram match of the whole text, pg_trgm's
# `%`, reads the posting lists of all the text's trigrams: about half a second at a million
# claims whatever the threshold.)
MISSPELT_MIN_CHARS = 5
MISSPELT_MIN_PREFIX = 4
# Stored claims' wordings kept per process (a few kilobytes each): the claims of a running story
# are candidates for every article about it, and working out a wording is most of re-ranking.
CANDIDATE_WORDINGS_KEPT = 2048


def claim_list_queryset() -> QuerySet[Claim]:
    """Claims as a list shows them: claimant, users and the number of citations, one query.

    Each call gets its own copy of a queryset built once per process: resolving the joins and
    the count's subquery anew was a tenth of a list request's CPU time."""
    return _claim_list_shape().all()


@functools.cache
def _claim_list_shape() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("claimant", "reviewer", "created_by", "assignee")
        .annotate(citation_count=related_count(Citation.objects.all(), pointing_by="claim"))
        .defer("search_vector")
    )


def claim_citations_with_sources() -> Prefetch:
    """A claim's citations with their sources (without the bodies) and speakers."""
    return Prefetch("citations", queryset=_citations_with_sources())


def _citations_with_sources() -> QuerySet[Citation]:
    return (
        Citation.objects.select_related("source", "source__publisher", "speaker")
        .defer("source__body", "source__search_vector")
        .order_by("source_id", "start", "id")
    )


def with_citations(claims: Sequence[Claim]) -> Sequence[Claim]:
    """The claims with their citations as `claim_citations_with_sources` prefetches them
    (sources without their bodies, publishers, speakers; by source, offset, id), read in one
    statement compiled once per process (factbase.api.prepared).

    Django's prefetch compiles its statement and makes a related manager and a filtered queryset
    for every claim: for a page of the ClaimReview feed that was half of the request's CPU time.
    """
    prepared.prefetch(claims, "citations", _citations_with_sources, by="claim")
    return claims


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
    its two rarest together). A word no stored claim uses is looked up by its first letters
    (`misspelt_prefix`): a typo's candidates. Candidates are then re-ranked with the text
    pipeline's `lookup_score`, common words counting little. Claims merged into another are
    left out: their canonical claim stands for them.
    """
    if not texts:
        return []
    words = [distinctive_words(text, limit=SIMILAR_PROBE_WORDS) for text in texts]
    with planned_without_jit(router.db_for_read(Claim)):
        counts = _index_counts(sorted({word for text_words in words for word in text_words}))
        queries, commons = _queries(words, counts)
        fetched = _candidates(queries, len(texts))
        canonical = _canonical([found for per_text in fetched for found in per_text])
        ranked: list[list[tuple[float, int, str]]] = []
        for text, per_text, common in zip(texts, fetched, commons, strict=True):
            wanted = wording(text)
            candidates: dict[int, _Candidate] = {}
            for candidate in per_text:
                stands_for = canonical.get(candidate.pk)
                if stands_for is not None and stands_for.pk != exclude_id:
                    candidates.setdefault(stands_for.pk, stands_for)
            scored = []
            for found in candidates.values():
                similarity = lookup_score(wanted, _candidate_wording(found.text), common=common)
                if similarity.score >= SIMILAR_MIN_SCORE:
                    score = round(min(similarity.score, 1.0), 3)
                    scored.append((score, found.pk, similarity.reason()))
            scored.sort(key=lambda item: (-item[0], -item[1]))
            ranked.append(scored[:limit])
        # Candidates are read as their key and text only, hundreds per document; only the
        # claims shown are read whole, with their claimants.
        shown = {pk for per_text in ranked for _score, pk, _reason in per_text}
        claims = (
            Claim.objects.select_related("claimant").defer("search_vector").in_bulk(shown)
            if shown
            else {}
        )
    return [
        [
            SimilarClaim(claims[pk], score, "full-text", reason)
            for score, pk, reason in per_text
            if pk in claims  # deleted since it was a candidate
        ]
        for per_text in ranked
    ]


def _queries(
    words: list[list[str]], counts: dict[str, tuple[int, str]]
) -> tuple[list[tuple[int, str]], list[frozenset[str]]]:
    """Each text's candidates query (its position and a tsquery as text; none for a text
    without a word any claim uses) and its common words' terms, from the words' counts."""
    queries: list[tuple[int, str]] = []
    commons: list[frozenset[str]] = []
    for index, text_words in enumerate(words):
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
        if query is not None:
            queries.append((index, query))
    return queries, commons


@functools.lru_cache(maxsize=CANDIDATE_WORDINGS_KEPT)
def _candidate_wording(text: str) -> Wording:
    """A stored claim's wording (a pure function of its text, so kept by text)."""
    return wording(text)


# The claim columns same-fact claims are read with (not the search vector: large, and unused).
_CANDIDATE_COLUMNS = [
    field.column
    for field in Claim._meta.concrete_fields
    if field.column is not None and field.name != "search_vector"
]


def _claim_table_and_columns() -> tuple[str, str]:
    quote = connections[router.db_for_read(Claim)].ops.quote_name
    columns = ", ".join(f"c.{quote(column)}" for column in _CANDIDATE_COLUMNS)
    return quote(Claim._meta.db_table), columns


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A stored claim as re-ranking needs it: its key, its text, and the claim it was merged
    into, if any."""

    pk: int
    text: str
    duplicate_of_id: int | None


def _candidates(queries: list[tuple[int, str]], texts: int) -> list[list[_Candidate]]:
    """Each text's full-text candidates, best ranked first: one statement for all texts (a
    position and a tsquery as text each), each text's part bounded by SIMILAR_CANDIDATES."""
    fetched: list[list[_Candidate]] = [[] for _ in range(texts)]
    if not queries:
        return fetched
    table = connections[router.db_for_read(Claim)].ops.quote_name(Claim._meta.db_table)
    # Each text's candidates are read by its own index scan (a lateral join per text), so the
    # cost is that of the single-text lookups, in one round trip.
    sql = f"""
        SELECT p.position, c.id, c.text, c.duplicate_of_id
        FROM unnest(%s::int[], %s::text[]) AS p(position, query)
        CROSS JOIN LATERAL (
            SELECT c.id, c.text, c.duplicate_of_id FROM {table} c
            WHERE c.search_vector @@ p.query::tsquery
            ORDER BY ts_rank(c.search_vector, p.query::tsquery) DESC, c.id DESC
            LIMIT %s
        ) AS c
    """
    params: list[Any] = [[i for i, _ in queries], [q for _, q in queries], SIMILAR_CANDIDATES]
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        cursor.execute(sql, params)
        for position, pk, text, duplicate_of_id in cursor.fetchall():
            fetched[position].append(_Candidate(pk, text, duplicate_of_id))
    return fetched


def _canonical(candidates: list[_Candidate]) -> dict[int, _Candidate]:
    """The claim standing for each of `candidates` (by key): itself, or the claim it was merged
    into; none for a claim merged into a claim since merged or deleted."""
    canonical_ids = {c.duplicate_of_id for c in candidates if c.duplicate_of_id is not None}
    targets = (
        {
            pk: _Candidate(pk, text, duplicate_of_id)
            for pk, text, duplicate_of_id in Claim.objects.filter(pk__in=canonical_ids).values_list(
                "pk", "text", "duplicate_of_id"
            )
        }
        if canonical_ids
        else {}
    )
    out: dict[int, _Candidate] = {}
    for candidate in candidates:
        if candidate.pk in out:
            continue
        if candidate.duplicate_of_id is None:
            out[candidate.pk] = candidate
            continue
        target = targets.get(candidate.duplicate_of_id)
        # A claim merged into one that was itself merged later points at the final one
        # (merges move earlier duplicates along), so one step is enough.
        if target is not None and target.duplicate_of_id is None:
            out[candidate.pk] = out.setdefault(target.pk, target)
    return out


def misspelt_prefix(word: str) -> str | None:
    """The first letters a word is looked up by when no stored claim uses it as written (a
    misspelling keeps them more often than not: "Jonson" for "Johnson"), or None for a word too
    short, or not all letters, to try."""
    if len(word) < MISSPELT_MIN_CHARS or not word.isalpha():
        return None
    return word[: max(MISSPELT_MIN_PREFIX, len(word) // 2 + 1)]


def _index_counts(words: list[str]) -> dict[str, tuple[int, str]]:
    """How many claims use each word, and the word's full-text query as text (one statement).

    A word the planner's statistics list among the column's most common lexemes (ANALYZE
    keeps those used by about 0.1% of the rows or more) with an estimate at or above
    SIMILAR_PROBE_CAP is given that estimate without reading the index: counting it would read
    its whole posting list, tens of thousands of entries at a million claims. Other words are
    counted in the full-text index, capped at SIMILAR_PROBE_CAP. A word no claim uses that has
    a `misspelt_prefix` is counted, and queried, as that prefix; a prefix that starts one of
    those common words is given the cap without reading the index (its count would reach it:
    every claim using the common word matches the prefix), since counting it would read the
    posting lists of every word it starts, thousands of entries."""
    if not words:
        return {}
    table = Claim._meta.db_table

    def capped_count(tsquery: str) -> str:
        return f"""(
            SELECT count(*) FROM (
                SELECT 1 FROM {table} c WHERE c.search_vector @@ {tsquery} LIMIT %(cap)s
            ) AS capped
        )"""

    # Raw SQL picks its database as the ORM would: the read replica in an API read.
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        # Each step materialized so that a count runs once; the prefix's count sits in a CASE
        # branch, run only for a word no claim uses.
        cursor.execute(
            f"""
            WITH common AS MATERIALIZED (
                SELECT e.lexeme, (e.freq * c.reltuples)::bigint AS estimate
                FROM pg_stats s
                JOIN pg_class c ON c.oid = %(table)s::regclass
                CROSS JOIN LATERAL unnest(
                    s.most_common_elems::text::text[], s.most_common_elem_freqs
                ) AS e(lexeme, freq)
                WHERE s.schemaname = current_schema() AND s.tablename = %(table)s
                    AND s.attname = 'search_vector'
            ), w AS MATERIALIZED (
                SELECT w.word, q.exact, q.prefix, common.estimate
                FROM unnest(%(words)s::text[], %(prefixes)s::text[]) AS w(word, prefix)
                CROSS JOIN LATERAL (
                    SELECT plainto_tsquery(%(config)s::regconfig, w.word) AS exact,
                        to_tsquery(%(config)s::regconfig, w.prefix || ':*') AS prefix
                ) AS q
                LEFT JOIN common
                    ON numnode(q.exact) = 1 AND common.lexeme = btrim(q.exact::text, chr(39))
            ), counted AS MATERIALIZED (
                SELECT w.*, CASE WHEN w.estimate >= %(cap)s THEN w.estimate
                    ELSE {capped_count("w.exact")} END AS n,
                    substring(w.prefix::text FROM '^''(.*)'':\\*$') AS prefix_lexeme
                FROM w
            )
            SELECT word, n, exact::text,
                CASE WHEN n = 0 AND prefix IS NOT NULL THEN
                    CASE WHEN prefix_lexeme IN (
                        SELECT left(common.lexeme, lengths.n)
                        FROM common
                        JOIN (
                            SELECT DISTINCT length(prefix_lexeme) FROM counted WHERE n = 0
                        ) AS lengths(n) ON length(common.lexeme) >= lengths.n
                        WHERE common.estimate >= %(cap)s
                    ) THEN %(cap)s
                    ELSE {capped_count("counted.prefix")} END
                END,
                prefix::text
            FROM counted
            """,
            {
                "table": table,
                "words": words,
                "prefixes": [misspelt_prefix(word) for word in words],
                "config": SEARCH_CONFIG,
                "cap": SIMILAR_PROBE_CAP,
            },
        )
        counts: dict[str, tuple[int, str]] = {}
        for word, n, exact, prefix_n, prefix in cursor.fetchall():
            counts[word] = (prefix_n, prefix) if prefix_n else (n, exact)
        return counts


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
    claim: Any  # a Claim with the statement's `position` column too
    with planned_without_jit(router.db_for_read(Claim)):
        for claim in Claim.objects.raw(sql, params):
            found[claim.position].append(claim)
    return found


@dataclass(frozen=True)
class UnidentifiedSpeaker:
    """A speaker the text names in a way the importer could not resolve, and how many claims
    without a claimant it would give one."""

    written: str
    claims: int


def unidentified_speakers(*, written: str | None = None) -> list[UnidentifiedSpeaker]:
    """The written names of speakers not yet identified, most claims first (one query)."""
    rows = Citation.objects.exclude(speaker_as_written="").filter(claim__claimant__isnull=True)
    if written is not None:
        rows = rows.filter(speaker_as_written=written)
    counted = (
        rows.values("speaker_as_written")
        .annotate(claims=Count("claim_id", distinct=True))
        .order_by("-claims", "speaker_as_written")
    )
    return [UnidentifiedSpeaker(row["speaker_as_written"], row["claims"]) for row in counted]
