"""List filters: each applies, a bad value is a 400 naming the parameter, none is ignored;
every model field has a filter (or a stated reason not to); keyset pages are stable."""

from datetime import date, timedelta

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone

from claims.filters import CitationFilterSet, ClaimFilterSet, ClaimRelationFilterSet
from claims.models import Citation, Claim
from sources.filters import EntityFilterSet, SourceFilterSet
from sources.models import SEARCH_CONFIG, Source
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    EntityFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(api, reader):
    return api(reader)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def bad(response, parameter: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert parameter in body["errors"], body
    assert parameter in body["detail"]
    return body


# --- coverage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filterset",
    [SourceFilterSet, EntityFilterSet, ClaimFilterSet, CitationFilterSet, ClaimRelationFilterSet],
)
def test_every_model_field_has_a_filter_or_a_reason(filterset):
    model = filterset._meta.model
    fields = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not isinstance(field, models.AutoField)
    } | {"id"}
    covered = {f.field_name.split("__")[0] for f in filterset.base_filters.values()}
    covered |= {name.removesuffix("_id") for name in covered}
    missing = fields - covered - set(filterset.not_filterable)
    assert not missing, f"{model.__name__} fields without a filter: {sorted(missing)}"


# --- claims -----------------------------------------------------------------------------------


def test_multi_value_choice_filter(client):
    new, in_review, _ = (ClaimFactory(status=s) for s in ("new", "in_review", "published"))
    assert sorted(ids(client.get("/api/v1/claims/?status=new,in_review"))) == sorted(
        [new.pk, in_review.pk]
    )


def test_claimed_date_range(client):
    early = ClaimFactory(claimed_on=date(2019, 1, 5))
    ClaimFactory(claimed_on=date(2021, 1, 5))
    ClaimFactory(claimed_on=None)
    url = "/api/v1/claims/?claimed_after=2019-01-01&claimed_before=2019-12-31"
    assert ids(client.get(url)) == [early.pk]


def test_claimant_by_id_and_by_name_or_alias(client):
    jlm = OrganisationFactory(name="Jewish Labour Movement", aliases=["JLM"])
    claim = ClaimFactory(claimant=jlm)
    ClaimFactory()
    assert ids(client.get(f"/api/v1/claims/?claimant_id={jlm.pk}")) == [claim.pk]
    assert ids(client.get("/api/v1/claims/?claimant=jlm")) == [claim.pk]
    assert ids(client.get("/api/v1/claims/?claimant=jewish labour movement")) == [claim.pk]


def test_a_claim_is_uncited_once_its_last_citation_is_removed_or_moved(client):
    first = CitationFactory()
    claim = first.claim
    second = CitationFactory(claim=claim)
    elsewhere = ClaimFactory()
    assert ids(client.get("/api/v1/claims/?has_citations=false")) == [elsewhere.pk]
    first.delete()
    assert ids(client.get("/api/v1/claims/?has_citations=false")) == [elsewhere.pk]
    Citation.objects.filter(pk=second.pk).update(claim=elsewhere)
    assert ids(client.get("/api/v1/claims/?has_citations=false")) == [claim.pk]
    assert ids(client.get("/api/v1/claims/?has_citations=true")) == [elsewhere.pk]
    Claim.objects.filter(pk=elsewhere.pk).delete()  # its citation goes with it
    CitationFactory(claim=claim)
    assert ids(client.get("/api/v1/claims/?has_citations=false")) == []


def test_citation_filters_combine_on_one_citation(client):
    supported = CitationFactory(relation="supports")
    other_source = CitationFactory(relation="states")
    CitationFactory(claim=other_source.claim, source=supported.source, relation="context")
    url = f"/api/v1/claims/?source={supported.source_id}&relation=supports"
    assert ids(client.get(url)) == [supported.claim_id]
    uncited = ClaimFactory()
    assert ids(client.get("/api/v1/claims/?has_citations=false")) == [uncited.pk]
    publisher = supported.source.publisher
    both = sorted([supported.claim_id, other_source.claim_id])
    assert sorted(ids(client.get(f"/api/v1/claims/?publisher_id={publisher.pk}"))) == both
    assert sorted(ids(client.get(f"/api/v1/claims/?publisher={publisher.name}"))) == both


def test_date_times_with_any_offset_are_compared_in_utc(client):
    ClaimFactory()
    response = client.get("/api/v1/claims/", {"updated_since": "0186-05-13T07:10:59+17:16"})
    assert len(ids(response)) == 1
    bad(
        client.get("/api/v1/claims/", {"created_before": "0001-01-01T00:00:00+10:00"}),
        "created_before",
    )


def test_a_tag_finds_its_claims_whether_rare_or_common(client, monkeypatch):
    rare = ClaimFactory(tags=["economy", "2019"])
    common = [ClaimFactory(tags=["economy"]) for _ in range(3)]
    ClaimFactory(tags=["health"])
    monkeypatch.setattr("claims.filters.RARE_TAG_CLAIMS", 2)  # "economy" is common
    newest_first = [claim.pk for claim in reversed([rare, *common])]
    assert ids(client.get("/api/v1/claims/?tag=economy")) == newest_first
    assert ids(client.get("/api/v1/claims/?tag=economy,2019")) == [rare.pk]
    assert ids(client.get("/api/v1/claims/?tag=economy&ordering=id")) == sorted(newest_first)
    assert ids(client.get("/api/v1/claims/?tag=nobody-uses-this")) == []


def test_tag_origin_and_updated_since(client):
    tagged = ClaimFactory(tags=["economy", "2019"], origin="extracted")
    ClaimFactory(tags=["economy"])
    assert ids(client.get("/api/v1/claims/?tag=economy,2019")) == [tagged.pk]
    assert ids(client.get("/api/v1/claims/?origin=extracted")) == [tagged.pk]
    Claim.objects.filter(pk=tagged.pk).update(updated_at=timezone.now() + timedelta(hours=1))
    since = (timezone.now() + timedelta(minutes=30)).isoformat()
    assert ids(client.get("/api/v1/claims/", {"updated_since": since})) == [tagged.pk]


def test_q_is_full_text_and_ranked_by_relevance(client):
    weak = ClaimFactory(text="Unemployment figures were published on Tuesday")
    strong = ClaimFactory(text="Unemployment fell; unemployment is lowest since 1975")
    ClaimFactory(text="The river flooded")
    assert ids(client.get("/api/v1/claims/?q=unemployment")) == [strong.pk, weak.pk]
    assert ids(client.get("/api/v1/claims/?q=unemployment&ordering=relevance")) == [
        strong.pk,
        weak.pk,
    ]
    assert ids(client.get('/api/v1/claims/?q="unemployment fell"')) == [strong.pk]
    assert ids(client.get("/api/v1/claims/?q=unemployment -tuesday")) == [strong.pk]


def test_ordering_uses_the_whitelist(client):
    first = ClaimFactory(claimed_on=date(2018, 1, 1))
    second = ClaimFactory(claimed_on=date(2019, 1, 1))
    undated = ClaimFactory(claimed_on=None)
    assert ids(client.get("/api/v1/claims/?ordering=claimed_on")) == [
        first.pk,
        second.pk,
        undated.pk,
    ]
    assert ids(client.get("/api/v1/claims/?ordering=-claimed_on")) == [
        second.pk,
        first.pk,
        undated.pk,
    ]
    bad(client.get("/api/v1/claims/?ordering=text"), "ordering")
    bad(client.get("/api/v1/claims/?ordering=relevance"), "ordering")
    # One field (ties in id order): an order an index serves whatever the table's size.
    bad(client.get("/api/v1/claims/?ordering=-claimed_on,created_at"), "ordering")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=bogus", "status"),
        ("status=new,bogus", "status"),
        ("claimed_after=2019-13-45", "claimed_after"),
        ("claimed_before=yesterday", "claimed_before"),
        ("updated_since=not-a-time", "updated_since"),
        ("claimant_id=abc", "claimant_id"),
        ("claimant_id=1.5", "claimant_id"),
        ("claimant_id=99999999999999999999999", "claimant_id"),
        ("has_citations=maybe", "has_citations"),
        ("min_check_worthiness=high", "min_check_worthiness"),
        ("colour=red", "colour"),
        ("status=new&status=bogus", "status"),
        ("claimed_on=2019-01-01&claimed_on=2019-01-02", "claimed_on"),
        ("page_size=5&page_size=6", "page_size"),
        ("page_size=0", "page_size"),
        ("cursor=garbage", "cursor"),
    ],
)
def test_a_bad_query_parameter_is_a_400_naming_it(client, query, parameter):
    body = bad(client.get(f"/api/v1/claims/?{query}"), parameter)
    assert body["code"] == "invalid"


# --- the other resources ----------------------------------------------------------------------


def test_source_filters(client):
    acme = OrganisationFactory(name="Acme News")
    match = SourceFactory(
        publisher=acme,
        published_on=date(2020, 5, 1),
        kind="report",
        origin={"file": "seeds/acme.html"},
        title="Turnout report",
    )
    SourceFactory(published_on=date(2018, 5, 1))
    assert ids(client.get(f"/api/v1/sources/?publisher_id={acme.pk}")) == [match.pk]
    assert ids(client.get("/api/v1/sources/?publisher=acme news")) == [match.pk]
    assert ids(client.get("/api/v1/sources/?published_after=2020-01-01")) == [match.pk]
    assert ids(client.get("/api/v1/sources/?kind=report,speech")) == [match.pk]
    assert ids(client.get("/api/v1/sources/?origin=acme.html")) == [match.pk]
    assert ids(client.get("/api/v1/sources/?q=turnout")) == [match.pk]
    bad(client.get("/api/v1/sources/?published_before=2020-02-30"), "published_before")
    bad(client.get("/api/v1/sources/?kind=novel"), "kind")


def test_entity_and_citation_filters(client):
    person = EntityFactory(name="Ada Lovelace", aliases=["Countess of Lovelace"])
    EntityFactory(name="Charles Babbage")
    assert ids(client.get("/api/v1/entities/?name=countess of lovelace")) == [person.pk]
    assert ids(client.get("/api/v1/entities/?q=lovelace&kind=person")) == [person.pk]
    citation = CitationFactory(relation="contradicts", speaker=person)
    CitationFactory()
    assert ids(client.get("/api/v1/citations/?relation=contradicts")) == [citation.pk]
    assert ids(client.get("/api/v1/citations/?speaker=ada lovelace")) == [citation.pk]
    assert ids(client.get(f"/api/v1/citations/?claim_id={citation.claim_id}")) == [citation.pk]
    bad(client.get("/api/v1/citations/?rank=best"), "rank")


def _cited(quote: str):
    body = f"The minister said {quote} on Monday."
    start = body.index(quote)
    return CitationFactory(
        source=SourceFactory(body=body), start=start, end=start + len(quote), quote=quote
    )


SUBSTRING_FILTERS = [
    ("/api/v1/claims/", "text", lambda text: ClaimFactory(text=text)),
    ("/api/v1/claims/", "explanation", lambda text: ClaimFactory(explanation=text)),
    ("/api/v1/citations/", "quote", _cited),
    ("/api/v1/citations/", "note", lambda text: CitationFactory(note=text)),
    ("/api/v1/sources/", "title", lambda text: SourceFactory(title=text)),
    ("/api/v1/entities/", "description", lambda text: EntityFactory(description=text)),
    ("/api/v1/sources/", "origin", lambda text: SourceFactory(origin={"file": text})),
]


@pytest.mark.parametrize(
    ("url", "parameter", "make"), SUBSTRING_FILTERS, ids=[p for _u, p, _m in SUBSTRING_FILTERS]
)
def test_a_substring_filter_matches_any_case_and_its_wildcards_only_themselves(
    client, url, parameter, make
):
    percent = make("Rents rose 40% in Leeds")
    underscore = make("Rents rose by 4_0 points")
    make("Rents rose 400 in Leeds")  # what "40%" and "4_0" would match as LIKE patterns
    assert ids(client.get(url, {parameter: "RENTS ROSE 40% in leeds"})) == [percent.pk]
    assert ids(client.get(url, {parameter: "4_0"})) == [underscore.pk]
    assert ids(client.get(url, {parameter: "%"})) == [percent.pk]
    assert ids(client.get(url, {parameter: "rose\\"})) == []


def test_a_source_by_its_exact_url(client):
    source = SourceFactory(url="https://news.example/2026/rents")
    SourceFactory(url="https://news.example/2026/rents-again")
    SourceFactory(url="")
    assert ids(client.get("/api/v1/sources/", {"url": "https://news.example/2026/rents"})) == [
        source.pk
    ]
    assert ids(client.get("/api/v1/sources/", {"url": "https://news.example/2026"})) == []


# --- pagination ---------------------------------------------------------------------------------


def _all_pages(client, url: str) -> list[int]:
    seen = []
    while url:
        response = client.get(url)
        seen += ids(response)
        url = response.json()["next"]
    return seen


def test_cursor_pages_cover_everything_once_even_with_nulls_and_inserts(client):
    claims = [
        ClaimFactory(claimed_on=date(2019, 1, 1 + i % 3) if i % 4 else None) for i in range(11)
    ]
    url = "/api/v1/claims/?ordering=claimed_on&page_size=3"
    first = client.get(url).json()
    ClaimFactory(claimed_on=date(2018, 1, 1))  # lands before the cursor: not seen, no shift
    rest = _all_pages(client, first["next"])
    seen = [row["id"] for row in first["results"]] + rest
    assert sorted(seen) == sorted(claim.pk for claim in claims)
    assert len(seen) == len(set(seen))


def test_previous_links_walk_back(client):
    claims = [ClaimFactory() for _ in range(5)]
    page1 = client.get("/api/v1/claims/?page_size=2").json()
    page2 = client.get(page1["next"]).json()
    back = client.get(page2["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in page1["results"]]
    assert len(claims) == 5


def test_page_size_is_capped_at_100(client):
    Claim.objects.bulk_create(Claim(text=f"Claim {i}") for i in range(105))
    response = client.get("/api/v1/claims/?page_size=1000")
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize(
    ("endpoint", "factory"), [("claims", ClaimFactory), ("sources", SourceFactory)]
)
def test_cursor_pages_under_q_with_tied_ranks_cover_everything_once(client, endpoint, factory):
    """`rank` is a float: the cursor must hold it exactly, or a tie group longer than a page
    repeats or skips rows at page boundaries, and `next` can loop forever."""
    rows = [factory() for _ in range(30)]  # "membership" once in each: every rank is equal
    first = client.get(f"/api/v1/{endpoint}/", {"q": "membership", "page_size": 7})
    seen, url, pages = ids(first), first.json()["next"], 1
    while url:
        pages += 1
        assert pages <= 5, f"the cursor walk does not end: {len(seen)} rows seen"
        response = client.get(url)
        seen += ids(response)
        url = response.json()["next"]
    assert pages == 5
    assert len(seen) == len(set(seen)), "a row was repeated"
    assert sorted(seen) == sorted(row.pk for row in rows)


def _pages_both_ways(client, params: dict) -> tuple[list[list[int]], list[list[int]]]:
    """The sources list's pages for `params`, followed forwards by `next` to the end, then back
    from the last page by `previous` to the first."""
    response = client.get("/api/v1/sources/", params)
    forwards = [ids(response)]
    while response.json()["next"]:
        response = client.get(response.json()["next"])
        forwards.append(ids(response))
    backwards = [forwards[-1]]
    while response.json()["previous"]:
        response = client.get(response.json()["previous"])
        backwards.insert(0, ids(response))
    return forwards, backwards


def _ranked_sources(text: str) -> list[int]:
    """Every source matching `text`, best first: the whole ranking, as PostgreSQL orders it."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    rank = Cast(SearchRank(F("search_vector"), query), models.FloatField())
    ranked = Source.objects.filter(search_vector=query).annotate(rank=rank)
    return list(ranked.order_by("-rank", "-id").values_list("id", flat=True))


@pytest.mark.parametrize(
    "text", ["turnout", "Turnout", '"turnout"', "turnout -recount", "turnout OR recount"]
)
def test_a_source_search_pages_through_the_whole_ranking_in_order(client, text):
    """A one-word search reads its first pages from the sources with the word in their title
    (they rank above every source with the word in its body alone) and the rest as before:
    page after page, forwards and back across that boundary, the order is the ranking's."""
    for n in range(7):  # in the title, and in the body n times: seven ranks
        SourceFactory(title=f"Turnout report {n}", body=f"Item {n}. " + "Turnout was low. " * n)
    for n in range(9):  # in the body alone, 1-3 times, some with "recount" too
        words = "Turnout rose. " * (1 + n % 3) + ("The recount ended." if n % 2 else "")
        SourceFactory(title=f"Election night {n}", body=f"Item {n}. {words}")
    SourceFactory(title="Recount", body="A recount was ordered.")
    SourceFactory(title="Budget", body="Nothing about it.")
    ranking = _ranked_sources(text)
    assert len(ranking) >= 7

    forwards, backwards = _pages_both_ways(client, {"q": text, "page_size": 3})
    assert [row for page in forwards for row in page] == ranking
    assert backwards == forwards


@pytest.mark.parametrize(
    "params",
    [{"kind": "report"}, {"ordering": "title"}, {"ordering": "-created_at", "kind": "report"}],
)
def test_a_one_word_source_search_with_other_filters_or_orderings_pages_through_in_order(
    client, params
):
    """Filters narrow the sources whose title has the word as they narrow the rest, and an
    ordering other than the rank is read as it always was: every match once, in order, both
    ways."""
    for n in range(12):  # titles with the word or not, bodies using it 1-3 times, ties
        SourceFactory(
            title="Turnout" if n % 3 else "Election night",
            body=f"Item {n}. " + "Turnout was low. " * (1 + n % 2),
            kind="report" if n % 2 else "article",
        )
    query = SearchQuery("turnout", search_type="websearch", config=SEARCH_CONFIG)
    rank = Cast(SearchRank(F("search_vector"), query), models.FloatField())
    matches = Source.objects.filter(search_vector=query).annotate(rank=rank)
    if "kind" in params:
        matches = matches.filter(kind=params["kind"])
    ordering = params.get("ordering", "-rank")
    matches = matches.order_by(ordering, "-id" if ordering.startswith("-") else "id")
    expected = list(matches.values_list("id", flat=True))
    assert len(expected) >= 6

    forwards, backwards = _pages_both_ways(client, {"q": "turnout", "page_size": 2, **params})
    assert [row for page in forwards for row in page] == expected
    assert backwards == forwards
