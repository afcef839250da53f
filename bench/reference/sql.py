"""The practical ceiling: each page built by one SQL statement that returns the response's JSON
(the PostgREST approach), served by a plain Django view with no serializer, no ORM and no
authentication. The pages hold the same fields as the product's.

Not part of the product: mounted only by bench/reference/urls.py.
"""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse

USER = (
    "(SELECT json_build_object('id', u.id, 'username', u.username)"
    " FROM auth_user u WHERE u.id = {})"
)
ENTITY = (
    "(SELECT json_build_object('id', e.id, 'name', e.name, 'kind', e.kind)"
    " FROM sources_entity e WHERE e.id = {})"
)

CLAIM = f"""json_build_object(
  'id', c.id, 'text', c.text, 'claimant', {ENTITY.format("c.claimant_id")},
  'claimed_on', c.claimed_on, 'status', c.status, 'verdict', c.verdict,
  'explanation', c.explanation, 'reviewer', {USER.format("c.reviewer_id")},
  'reviewed_at', c.reviewed_at, 'review_url', c.review_url, 'review_title', c.review_title,
  'tags', c.tags, 'origin', c.origin, 'check_worthiness', c.check_worthiness,
  'fact_key', c.fact_key, 'version', c.version, 'created_by', {USER.format("c.created_by_id")},
  'assignee', {USER.format("c.assignee_id")}, 'duplicate_of', c.duplicate_of_id,
  'citation_count', (SELECT count(*) FROM claims_citation t WHERE t.claim_id = c.id),
  'created_at', c.created_at, 'updated_at', c.updated_at)"""

SOURCE_COMPACT = f"""json_build_object('id', s.id, 'title', s.title,
  'publisher', {ENTITY.format("s.publisher_id")}, 'published_on', s.published_on, 'url', s.url)"""

CITATION = f"""json_build_object(
  'id', t.id, 'claim_id', t.claim_id,
  'source', (SELECT {SOURCE_COMPACT} FROM sources_source s WHERE s.id = t.source_id),
  'relation', t.relation, 'quote', t.quote, 'start', t.start, 'end', t."end",
  'prefix', t.prefix, 'suffix', t.suffix, 'speaker', {ENTITY.format("t.speaker_id")},
  'rank', t.rank, 'note', t.note, 'created_by', {USER.format("t.created_by_id")},
  'created_at', t.created_at, 'updated_at', t.updated_at)"""

SOURCE = f"""json_build_object(
  'id', s.id, 'kind', s.kind, 'title', s.title, 'url', s.url,
  'publisher', {ENTITY.format("s.publisher_id")},
  'authors', coalesce((SELECT json_agg(json_build_object('id', e.id, 'name', e.name,
       'kind', e.kind) ORDER BY e.id) FROM sources_source_authors a
       JOIN sources_entity e ON e.id = a.entity_id WHERE a.source_id = s.id), '[]'),
  'published_on', s.published_on, 'language', s.language, 'body_sha256', s.body_sha256,
  'origin', s.origin,
  'citation_count', (SELECT count(*) FROM claims_citation t WHERE t.source_id = s.id),
  'created_at', s.created_at, 'updated_at', s.updated_at)"""


def _page(rows: str, order: str) -> str:
    return (
        "SELECT json_build_object('next', NULL, 'previous', NULL, 'results',"
        f" coalesce(json_agg(row ORDER BY {order}), '[]'))::text FROM ({rows}) page"
    )


STATEMENTS = {
    "claims": _page(
        f"SELECT {CLAIM} AS row, c.created_at, c.id FROM claims_claim c"
        " WHERE (%(status)s::text IS NULL OR c.status = %(status)s)"
        " AND (%(verdict)s::text IS NULL OR c.verdict = %(verdict)s)"
        " ORDER BY c.created_at DESC, c.id DESC LIMIT %(size)s",
        "created_at DESC, id DESC",
    ),
    "claims-search": _page(
        f"SELECT {CLAIM} AS row, rank, id FROM ("
        " SELECT c.*, ts_rank(c.search_document, query) AS rank"
        " FROM claims_claim c,"
        " websearch_to_tsquery('english', claims_search_normalise(%(q)s)) query"
        " WHERE c.search_document @@ query ORDER BY rank DESC, c.id DESC LIMIT %(size)s) c",
        "rank DESC, id DESC",
    ),
    "claim": f"SELECT ({CLAIM}::jsonb || jsonb_build_object('citations', coalesce(("
    f" SELECT jsonb_agg({CITATION}::jsonb - 'claim_id' - 'prefix' - 'suffix' - 'created_by'"
    " - 'created_at' - 'updated_at' ORDER BY t.source_id, t.start, t.id)"
    " FROM claims_citation t WHERE t.claim_id = c.id), '[]')))::text"
    " FROM claims_claim c WHERE c.id = %(pk)s",
    "sources": _page(
        f"SELECT {SOURCE} AS row, s.created_at, s.id FROM sources_source s"
        " ORDER BY s.created_at DESC, s.id DESC LIMIT %(size)s",
        "created_at DESC, id DESC",
    ),
    "source": f"SELECT ({SOURCE}::jsonb || jsonb_build_object('body', s.body))::text"
    " FROM sources_source s WHERE s.id = %(pk)s",
    "entities": _page(
        "SELECT json_build_object('id', e.id, 'name', e.name, 'kind', e.kind,"
        " 'aliases', e.aliases, 'description', e.description, 'wikidata_id', e.wikidata_id,"
        " 'created_at', e.created_at, 'updated_at', e.updated_at) AS row, e.name, e.id"
        " FROM sources_entity e ORDER BY e.name, e.id LIMIT %(size)s",
        "name, id",
    ),
    "citations": _page(
        f"SELECT {CITATION} AS row, t.source_id, t.start, t.id FROM claims_citation t"
        " ORDER BY t.source_id, t.start, t.id LIMIT %(size)s",
        "source_id, start, id",
    ),
}


def page(request: HttpRequest, name: str, pk: int | None = None) -> HttpResponse:
    statement = STATEMENTS.get(name)
    if statement is None:
        raise Http404(name)
    params = {
        "pk": pk,
        "size": min(int(request.GET.get("page_size", 25)), 100),
        "status": request.GET.get("status"),
        "verdict": request.GET.get("verdict"),
        "q": request.GET.get("q", ""),
    }
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404(name)
    return HttpResponse(row[0], content_type="application/json")
