"""A list page costs a constant number of queries, whatever its size (3 rows or 30)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.factories import CitationFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _published(citation):
    Claim.objects.filter(pk=citation.claim_id).update(
        status="published", verdict="accurate", text=f"Turnout rose {citation.pk}"
    )


def _source_with_authors():
    source = SourceFactory()
    source.authors.set([EntityFactory(), EntityFactory()])
    CitationFactory(source=source)


LISTS = {
    "/api/v1/sources/": _source_with_authors,
    "/api/v1/entities/": EntityFactory,
    "/api/v1/claims/": CitationFactory,
    "/api/v1/citations/": lambda: CitationFactory(speaker=EntityFactory()),
    "/api/v1/claimreview/": lambda: _published(CitationFactory()),
    "/api/v1/factcheck/claims:search?query=turnout&pageSize=50": lambda: _published(
        CitationFactory()
    ),
}
# Every request: the token with its user and the user's own and groups' permissions, in one
# query. Reads run in no transaction: no savepoint and release around them.
PER_REQUEST = 1
# Measured; a change here is a change in the cost of every page.
EXPECTED = {
    "/api/v1/sources/": PER_REQUEST + 2,  # sources with publisher and counts; authors
    "/api/v1/entities/": PER_REQUEST + 1,
    "/api/v1/claims/": PER_REQUEST + 1,  # claims with claimant, users and citation counts
    "/api/v1/citations/": PER_REQUEST + 1,  # citations with sources, publishers, speakers
    "/api/v1/claimreview/": PER_REQUEST + 2,  # claims; citations with their sources
    "/api/v1/factcheck/claims:search?query=turnout&pageSize=50": PER_REQUEST + 1,
}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", list(LISTS))
def test_a_list_page_costs_the_same_with_3_and_30_rows(url, api, reader):
    client = api(reader)
    make = LISTS[url]
    for _ in range(3):
        make()
    page_url = url if "?" in url else f"{url}?page_size=50"
    small = _queries(client, page_url)
    for _ in range(27):
        make()
    large = _queries(client, page_url)
    assert small == large == EXPECTED[url]


def _patch_statements(client, claim_id: int, body: dict) -> tuple[int, list[str]]:
    etag = client.get(f"/api/v1/claims/{claim_id}/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(
            f"/api/v1/claims/{claim_id}/", body, format="json", HTTP_IF_MATCH=etag
        )
    assert response.status_code == 200, response.content
    return len(queries), [query["sql"] for query in queries]


def test_a_claim_patch_locks_the_claim_once_and_costs_at_most_ten_statements(api, fact_checker):
    """One row lock, one precondition check, one UPDATE; the response is built from the row
    the lock read (its citations with their sources included), not from a re-read."""
    citation = CitationFactory()
    CitationFactory(claim=citation.claim)
    client = api(fact_checker)

    count, statements = _patch_statements(
        client, citation.claim_id, {"verdict": "accurate", "explanation": "Checked."}
    )

    locks = [sql for sql in statements if "FOR UPDATE" in sql]
    assert len(locks) == 1, locks
    assert 'FROM "claims_claim"' in locks[0]
    # The claim is read once, under the lock (afterwards only its new version, from the trigger).
    claim_reads = [sql for sql in statements if '"claims_claim"."text"' in sql]
    assert claim_reads == locks
    assert sum('UPDATE "claims_claim"' in sql for sql in statements) == 1
    assert count <= 10, statements
    body = client.get(f"/api/v1/claims/{citation.claim_id}/").json()
    assert body["verdict"] == "accurate"
    assert len(body["citations"]) == 2


@pytest.mark.parametrize(
    ("params", "asks"),
    [
        ({"q": "turnout"}, True),
        ({"q": "turnout", "ordering": "relevance"}, True),
        ({"q": "turnout", "ordering": "title"}, False),
        ({"q": "turnout", "ordering": "-published_on"}, False),
    ],
)
def test_a_source_search_asks_whether_its_text_is_one_word_only_for_pages_in_rank_order(
    params, asks, api, reader
):
    """Whether the text is one word decides how pages in rank order are read (the sources with
    the word in their title first); a page in another order is one statement fewer without it."""
    for n in range(3):
        SourceFactory(title=f"Turnout {n}", body=f"Item {n}. Turnout was low.")
    client = api(reader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/sources/", params)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == 3
    asked = [query["sql"] for query in queries if "numnode(" in query["sql"]]
    assert len(asked) == (1 if asks else 0), asked
