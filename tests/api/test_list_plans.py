"""Every list page, in every ordering it allows and with its common filters, is read from an index
in page order: the plan of its query is a LIMIT over an index scan of the listed table, with no
sequential scan of a big table and no Sort. A page then costs the same at a thousand rows and at
a million, first page or deep behind a cursor.

The tables get a few thousand rows made set-wise in SQL and fresh statistics, so the planner
weighs its choices as on a newsroom's tables; nothing is priced out (`enable_seqscan` is left
alone): a plan that reads the table or sorts it would be chosen, and this test would fail.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims.models import Citation, Claim
from factbase.api.pagination import KeysetPagination, _ordering_keys
from sources.models import Source
from tests.big_tables import BIG_TABLES, big_tables

pytestmark = pytest.mark.django_db

PAGE = 10
A_PAGE_OR_TWO = 2 * PAGE + 1


@pytest.fixture(scope="module")
def tables(django_db_setup, django_db_blocker):
    yield from big_tables(django_db_blocker)


@pytest.fixture
def client(api, reader):
    return api(reader)


def _orderings(*fields: str) -> list[str]:
    return [""] + [term for field in fields for term in (field, f"-{field}")]


# (list, the table it pages through, its query parameters)
CASES = (
    [
        ("/api/v1/claims/", "claims_claim", {"ordering": o} if o else {})
        for o in _orderings(
            "created_at", "updated_at", "claimed_on", "reviewed_at", "check_worthiness", "id"
        )
    ]
    + [
        ("/api/v1/claims/", "claims_claim", {"status": "published"}),
        ("/api/v1/claims/", "claims_claim", {"verdict": "mixed"}),
        ("/api/v1/claims/", "claims_claim", {"claimant_id": "{entity}"}),
        # By name: the entity with the first id after "{entity}" is called "Entity 2".
        ("/api/v1/claims/", "claims_claim", {"claimant": "entity 2"}),
        ("/api/v1/claimreview/", "claims_claim", {}),
    ]
    + [
        ("/api/v1/sources/", "sources_source", {"ordering": o} if o else {})
        for o in _orderings("created_at", "updated_at", "published_on", "title", "id")
    ]
    + [
        ("/api/v1/sources/", "sources_source", {"publisher_id": "{entity}"}),
        ("/api/v1/sources/", "sources_source", {"publisher": "Entity 1"}),  # id "{entity}"
    ]
    + [
        ("/api/v1/citations/", "claims_citation", {"ordering": o} if o else {})
        for o in _orderings("created_at", "updated_at", "start", "id")
    ]
    + [("/api/v1/citations/", "claims_citation", {"source_id": "{source}"})]
    + [
        ("/api/v1/entities/", "sources_entity", {"ordering": o} if o else {})
        for o in _orderings("name", "kind", "created_at", "updated_at", "id")
    ]
)


def _explain(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        return cursor.fetchone()[0][0]["Plan"]


def _nodes(plan: dict, in_subplan: bool = False):
    """Every node of the plan, with whether it runs per row of an outer node (a SubPlan)."""
    in_subplan = in_subplan or plan.get("Parent Relationship") == "SubPlan"
    yield plan, in_subplan
    for child in plan.get("Plans", ()):
        yield from _nodes(child, in_subplan)


def _page_queries(client, url: str, params: dict, table: str) -> tuple[dict, list[str]]:
    """The response and the SQL of the queries that read the page's rows."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    pages = [
        query["sql"]
        for query in captured.captured_queries
        if re.search(rf'\bFROM "{table}"', query["sql"]) and re.search(r"\bLIMIT\b", query["sql"])
    ]
    assert pages, f"no page query on {table}"
    return response.json(), pages


def assert_served_by_an_index_in_page_order(sql: str, table: str) -> None:
    """A LIMIT over the table read in page order: no big table read whole, nothing sorted but
    a page's worth of rows (the planner may sort the few rows an index range holds, e.g. the
    page before the second), the listed table reached through an index."""
    plan = _explain(sql)
    walked = list(_nodes(plan))
    nodes = [node for node, _in_subplan in walked]
    shown = json.dumps(plan, indent=1)
    assert plan["Node Type"] == "Limit", shown
    for node, in_subplan in walked:
        if node["Node Type"] == "Seq Scan":
            assert node["Relation Name"] not in BIG_TABLES, shown
        # A subplan runs for each row of the page (a source's citations, read by their index):
        # its sort holds that row's few rows, not the table's.
        if node["Node Type"] in {"Sort", "Incremental Sort"} and not in_subplan:
            assert node["Plan Rows"] <= A_PAGE_OR_TWO, shown
        if node["Node Type"] == "Bitmap Heap Scan" and node["Relation Name"] == table:
            assert node["Plan Rows"] <= A_PAGE_OR_TWO, shown  # unordered: needs a Sort
    assert any(
        node["Node Type"] in {"Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
        and node.get("Relation Name") == table
        for node in nodes
    ), shown


def _cursor_params(link: str) -> dict:
    query = parse_qs(urlsplit(link).query)
    return {name: values[0] for name, values in query.items()}


@pytest.mark.parametrize(
    ("url", "table", "params"),
    CASES,
    ids=[f"{url}?{'&'.join(f'{k}={v}' for k, v in p.items())}" for url, _t, p in CASES],
)
def test_list_pages_are_read_from_an_index_in_page_order(tables, client, url, table, params):
    params = {name: value.format(**tables) for name, value in params.items()}
    assert_pages_read_from_an_index_in_page_order(client, url, table, params)


def test_claims_without_citations_are_read_from_an_index_in_page_order(tables, client):
    """Rare among claims (here one in fifty loses its citation): not found by reading the
    claims newest first and looking each one's citations up."""
    uncited = Claim.objects.filter(pk__gte=tables["claim"]).order_by("pk")[::50]
    Citation.objects.filter(claim__in=uncited).delete()
    for ordering in ("", "-created_at", "claimed_on"):
        params = {"has_citations": "false"} | ({"ordering": ordering} if ordering else {})
        assert_pages_read_from_an_index_in_page_order(
            client, "/api/v1/claims/", "claims_claim", params
        )


def test_claims_with_a_rare_tag_are_read_by_id(tables, client):
    """A tag on a few of the oldest claims: the page reads those claims, not every claim newest
    first waiting for them (the planner guesses the same share of claims for any tag)."""
    oldest = Claim.objects.filter(pk__gte=tables["claim"]).order_by("created_at", "id")[:15]
    tagged = [claim.pk for claim in oldest]
    Claim.objects.filter(pk__in=tagged).update(tags=["rare"])
    page, queries = _page_queries(
        client, "/api/v1/claims/", {"tag": "rare", "page_size": PAGE}, "claims_claim"
    )
    assert [row["id"] for row in page["results"]] == tagged[::-1][:PAGE]
    for sql in queries:
        for node, _in_subplan in _nodes(_explain(sql)):
            if node.get("Relation Name") == "claims_claim":
                assert "tags" not in node.get("Filter", ""), node
        assert_served_by_an_index_in_page_order(sql, "claims_claim")


def assert_pages_read_from_an_index_in_page_order(client, url: str, table: str, params: dict):
    """The first page, the next and back: each page query served by an index in page order."""
    params = params | {"page_size": PAGE}
    first, queries = _page_queries(client, url, params, table)
    assert first["next"], "the list has a second page"
    second, more = _page_queries(client, url, _cursor_params(first["next"]), table)
    assert second["previous"]
    _back, back = _page_queries(client, url, _cursor_params(second["previous"]), table)
    for sql in queries + more + back:
        assert_served_by_an_index_in_page_order(sql, table)


NULLABLE = [
    ("/api/v1/claims/", Claim, "claimed_on"),
    ("/api/v1/claims/", Claim, "reviewed_at"),
    ("/api/v1/claims/", Claim, "check_worthiness"),
    ("/api/v1/sources/", Source, "published_on"),
]


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize(("url", "model", "field"), NULLABLE)
def test_pages_across_the_nulls_of_a_nullable_ordering_are_read_from_an_index(
    tables, client, url, model, field, descending
):
    """A cursor on the last row with a value: the page goes on into the rows without one
    (NULLs come last), each part read from an index; and back again from the first NULL."""
    term = f"-{field}" if descending else field
    ordered = model.objects.order_by(term)
    keys = _ordering_keys(ordered)
    ordering = [key.expression() for key in keys]
    last_with_value = model.objects.filter(**{f"{field}__isnull": False}).order_by(*ordering)
    last_with_value = last_with_value.reverse().first()
    first_null = model.objects.filter(**{f"{field}__isnull": True}).order_by(*ordering).first()
    paginator = KeysetPagination()
    table = model._meta.db_table

    forward = paginator._encode_cursor(keys, last_with_value, backwards=False)
    page, queries = _page_queries(
        client, url, {"ordering": term, "page_size": PAGE, "cursor": forward}, table
    )
    assert all(row[field] is None for row in page["results"])
    assert page["results"][0]["id"] == first_null.pk
    assert len(queries) == 2  # the rows with a value after the cursor (none), then the NULLs

    backward = paginator._encode_cursor(keys, first_null, backwards=True)
    page, back = _page_queries(
        client, url, {"ordering": term, "page_size": PAGE, "cursor": backward}, table
    )
    assert page["results"][-1]["id"] == last_with_value.pk
    for sql in queries + back:
        assert_served_by_an_index_in_page_order(sql, table)


def test_fact_check_search_without_words_is_read_from_the_published_index(tables, client, settings):
    params = {"reviewPublisherSiteFilter": settings.FACTBASE_PUBLISHER["site"], "pageSize": PAGE}
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/factcheck/claims:search", params)
    assert response.status_code == 200
    assert len(response.json()["claims"]) == PAGE
    pages = [q["sql"] for q in captured.captured_queries if 'FROM "claims_claim"' in q["sql"]]
    assert pages
    for sql in pages:
        assert_served_by_an_index_in_page_order(sql, "claims_claim")
        assert "claims_claim_published_feed" in json.dumps(_explain(sql))


def _explain_verbose(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql)
        return cursor.fetchone()[0][0]["Plan"]


# A search ranks every match, in an order no index holds; the page's whole rows are read for
# the page only, after that sort (`factbase.api.pagination._page_of`).
SEARCHES = [
    ("/api/v1/claims/", "claims_claim", "text", {"q": "budget"}),
    ("/api/v1/claims/", "claims_claim", "text", {"q": "budget", "ordering": "relevance"}),
    # Two words: a one-word source search ranks the titles having the word first (below).
    ("/api/v1/sources/", "sources_source", "title", {"q": "budget year"}),
]


@pytest.mark.parametrize(
    ("url", "table", "column", "params"),
    SEARCHES,
    ids=[f"{url}?{'&'.join(f'{k}={v}' for k, v in p.items())}" for url, _t, _c, p in SEARCHES],
)
def test_a_search_sorts_its_matches_by_key_and_reads_whole_rows_for_the_page_only(
    tables, client, url, table, column, params
):
    """Every row of the miniature tables matches: the plan ranks them all (no index holds a
    rank), but only the rank and the id go through that sort; no plan node carries the listed
    table's wide columns for more than a page's rows."""
    first, queries = _page_queries(client, url, {**params, "page_size": PAGE}, table)
    second, more = _page_queries(client, url, _cursor_params(first["next"]), table)
    _back, back = _page_queries(client, url, _cursor_params(second["previous"]), table)
    wide = f"{table}.{column}"
    for sql in queries + more + back:
        plan = _explain_verbose(sql)
        shown = json.dumps(plan, indent=1)
        walked = [node for node, _in_subplan in _nodes(plan)]
        assert any(node["Plan Rows"] > A_PAGE_OR_TWO for node in walked), "all rows ranked"
        for node in walked:
            if wide in node.get("Output", []):
                assert node["Plan Rows"] <= A_PAGE_OR_TWO, shown


def test_a_one_word_source_search_ranks_the_sources_with_the_word_in_their_title_first(
    tables, client
):
    """Every source's body says "budget" and fifteen titles do: a source whose title has the
    one word searched ranks above any whose body alone has it, so the first page ranks those
    fifteen, found in the index of the titles' words, not every source that says it."""
    titled = [
        source.pk for source in Source.objects.filter(pk__gte=tables["source"]).order_by("pk")
    ][:15]
    Source.objects.filter(pk__in=titled).update(title="Budget report")
    page, queries = _page_queries(
        client, "/api/v1/sources/", {"q": "budget", "page_size": PAGE}, "sources_source"
    )
    assert {row["id"] for row in page["results"]} < set(titled)
    for sql in queries:
        plan = _explain(sql)
        shown = json.dumps(plan, indent=1)
        assert "sources_source_title_search" in shown, shown
        for node, _in_subplan in _nodes(plan):
            if node["Node Type"] == "Bitmap Heap Scan":  # the matches ranked: the titled only
                assert "ts_filter" in node["Recheck Cond"], shown


def test_claims_by_claimant_name_are_read_through_the_claimant_index(tables, client):
    """The name is looked up first: the claims are those of its entity's id, read from the
    (claimant, created_at, id) index, not every claim newest first, each checked against the
    names; a name nobody has reads no claim at all."""
    page, queries = _page_queries(
        client, "/api/v1/claims/", {"claimant": "Entity 2", "page_size": PAGE}, "claims_claim"
    )
    assert {row["claimant"]["name"] for row in page["results"]} == {"Entity 2"}
    for sql in queries:
        assert "claims_claim_claimant_new" in json.dumps(_explain(sql))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/claims/", {"claimant": "Nobody Ever"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert not [q for q in captured.captured_queries if 'FROM "claims_claim"' in q["sql"]]


# A substring nobody wrote, and a URL no source has: the matching rows are looked up in the
# column's index (trigram, or the URLs' hash index), not found by walking the whole table in
# page order and filtering out every row, which at a million rows took seconds. At a few
# thousand rows reading the whole table, or all of an index in page order, is cheaper than a
# lookup, so here the planner is told to do neither: what is tested is that an index serves
# the filter's condition as the query writes it (Django's `icontains`, `UPPER(column) LIKE`,
# had none, and could only filter). At a million rows the planner chooses the lookup by itself
# (docs/benchmarks.md).
LOOKUP_CASES = [
    ("/api/v1/claims/", "claims_claim", {"text": "zebra crossing"}),
    ("/api/v1/claims/", "claims_claim", {"explanation": "zebra crossing"}),
    ("/api/v1/citations/", "claims_citation", {"quote": "zebra crossing"}),
    ("/api/v1/citations/", "claims_citation", {"note": "zebra crossing"}),
    ("/api/v1/sources/", "sources_source", {"title": "zebra crossing"}),
    ("/api/v1/sources/", "sources_source", {"url": "https://news.example/zebra"}),
    ("/api/v1/sources/", "sources_source", {"origin": "zebra crossing"}),
    ("/api/v1/entities/", "sources_entity", {"description": "zebra crossing"}),
]


@pytest.mark.parametrize(
    ("url", "table", "params"),
    LOOKUP_CASES,
    ids=[f"{url}?{'&'.join(f'{k}={v}' for k, v in p.items())}" for url, _t, p in LOOKUP_CASES],
)
def test_a_rare_substring_or_an_exact_url_is_looked_up_in_an_index(
    tables, client, url, table, params
):
    (column,) = params
    _page, queries = _page_queries(client, url, params, table)
    for sql in queries:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")  # bitmap scans only
            plan = _explain(sql)
        shown = json.dumps(plan, indent=1)
        nodes = [node for node, _in_subplan in _nodes(plan)]
        assert not [
            node
            for node in nodes
            if node["Node Type"] == "Seq Scan" and node["Relation Name"] in BIG_TABLES
        ], shown
        assert not [node for node in nodes if column in node.get("Filter", "")], shown
        assert [node for node in nodes if column in node.get("Index Cond", "")], shown
