"""List pages (unfiltered, or by filters whose statement depends on their values alone), details
and the token lookup run statements compiled once per process (factbase.api.prepared): the same
answers, byte for byte, as statements compiled every time."""

import json
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_init
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.renderers import JSONRenderer

from claims.cited_sources import CitedSourceDetailSerializer, CitedSourceViewSet
from claims.models import Claim
from claims.selectors import claim_detail_queryset, claim_list_queryset
from claims.serializers import ClaimDetailSerializer
from factbase.api import prepared
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    EntityFactory,
    OrganisationFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/claims/", "/api/v1/sources/", "/api/v1/citations/", "/api/v1/entities/"]


@pytest.fixture
def rows():
    for n in range(4):
        source = SourceFactory(publisher=None if n % 2 else EntityFactory())
        source.authors.set([EntityFactory()])
        CitationFactory(source=source, claim=ClaimFactory(**({"claimant": None} if n else {})))
        CitationFactory(source=source, speaker=EntityFactory())
        ClaimFactory(claimed_on=None)


def _pages(client, url: str) -> list[bytes]:
    """Every page forwards, then back from the last one by `previous` links."""
    pages, links = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        pages.append(response.content)
        links.append(response.json())
        url = links[-1]["next"]
    url = links[-1]["previous"]
    while url:
        response = client.get(url)
        pages.append(response.content)
        url = response.json()["previous"]
    return pages


@pytest.mark.parametrize("url", LISTS)
def test_kept_statements_answer_the_pages_compiled_statements_do(rows, url, api, reader):
    client = api(reader)
    kept = _pages(client, f"{url}?page_size=2")
    with mock.patch.object(prepared, "enabled", False):
        compiled = _pages(client, f"{url}?page_size=2")
    assert kept == compiled
    assert len(kept) >= 3  # pages forwards and back


def _claim_compilations(client, url: str) -> int:
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(compiler, *args, **kwargs):
        if compiler.query.model is Claim:
            compiled.append(compiler)
        return as_sql(compiler, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counting):
        assert client.get(url).status_code == 200
    return len(compiled)


def test_an_unfiltered_page_is_compiled_once(rows, api, reader):
    client = api(reader)
    _claim_compilations(client, "/api/v1/claims/?page_size=2")
    assert _claim_compilations(client, "/api/v1/claims/?page_size=2") == 0
    cursor = client.get("/api/v1/claims/?page_size=2").json()["next"]
    _claim_compilations(client, cursor)
    assert _claim_compilations(client, cursor) == 0


@pytest.mark.parametrize(
    "query", ["status=new", "status=new,published&verdict=inaccurate", "ordering=-claimed_on"]
)
def test_a_page_of_plain_filters_is_compiled_once_per_filter_values(rows, query, api, reader):
    client = api(reader)
    url = f"/api/v1/claims/?page_size=2&{query}"
    _claim_compilations(client, url)
    assert _claim_compilations(client, url) == 0
    assert _claim_compilations(client, f"{url}&has_claimant=true") > 0  # other filters


@pytest.mark.parametrize(
    "query", ["claimant=Someone", "has_citations=true", "q=budget&claimant=Someone"]
)
def test_a_page_of_filters_running_their_own_code_is_compiled_every_time(rows, query, api, reader):
    client = api(reader)
    url = f"/api/v1/claims/?page_size=2&{query}"
    _claim_compilations(client, url)
    assert _claim_compilations(client, url) > 0


@pytest.fixture
def searched():
    """Claims a search ranks differently (a word once or twice) or does not find."""
    for n in range(5):
        ClaimFactory(text=f"The budget rose to {n} million, the budget office said")
        ClaimFactory(text=f"Spending on schools rose to {n} million")
        ClaimFactory(text=f"The budget for {n} schools")


def test_a_search_page_is_compiled_once_whatever_its_text(searched, api, reader):
    """The search text is one of the kept statement's values, not part of its name."""
    client = api(reader)
    _claim_compilations(client, "/api/v1/claims/?page_size=2&q=budget")
    for text in ["schools", '"rose to"']:
        assert _claim_compilations(client, f"/api/v1/claims/?page_size=2&q={text}") == 0
    # Past a cursor in another order than the rank, too.
    url = "/api/v1/claims/?page_size=2&ordering=-id&q="
    _claim_compilations(client, client.get(f"{url}budget").json()["next"])
    assert _claim_compilations(client, client.get(f"{url}schools").json()["next"]) == 0


def test_a_search_page_past_a_cursor_on_the_rank_is_compiled_once_whatever_its_text(
    searched, api, reader
):
    """The cursor's rank and id are values of the kept statement, wherever its condition
    compares them, as the search text is; next pages and previous ones alike."""
    client = api(reader)
    first = client.get("/api/v1/claims/?page_size=2&q=budget").json()
    _claim_compilations(client, first["next"])
    second = client.get(first["next"]).json()
    _claim_compilations(client, second["previous"])
    for text in ["schools", "million"]:
        page = client.get(f"/api/v1/claims/?page_size=2&q={text}").json()
        assert _claim_compilations(client, page["next"]) == 0
        assert _claim_compilations(client, client.get(page["next"]).json()["previous"]) == 0


@pytest.mark.parametrize(
    "query",
    [
        "q=budget",
        "q=schools",
        "q=budget -schools",
        'q="budget office"',
        "q=budget&ordering=-id",
        "q=million&status=new",
        "q=nothing",
        "q=claims",  # a word of the statement's own SQL: compiled every time
    ],
)
def test_kept_search_pages_are_the_pages_compiled_every_time(searched, query, api, reader):
    client = api(reader)
    for text in ["budget", "schools"]:  # a statement kept for other texts first
        client.get(f"/api/v1/claims/?page_size=2&q={text}")
    kept = _pages(client, f"/api/v1/claims/?page_size=2&{query}")
    with mock.patch.object(prepared, "enabled", False):
        compiled = _pages(client, f"/api/v1/claims/?page_size=2&{query}")
    assert kept == compiled
    assert len(kept) >= (1 if query in ("q=nothing", "q=claims") else 3)


def test_a_search_kept_for_one_text_does_not_answer_another(searched, api, reader):
    client = api(reader)
    for text in ["budget", "schools", "budget", "schools"]:
        results = client.get(f"/api/v1/claims/?q={text}").json()["results"]
        assert results
        assert all(text in claim["text"] for claim in results)


@pytest.mark.parametrize("query", ["q=budget", "q=budget&ordering=-id"])
@pytest.mark.parametrize("page", ["first", "next", "previous"])
def test_a_kept_search_page_runs_the_statements_a_compiled_one_runs(
    searched, query, page, api, reader
):
    client = api(reader)
    url = f"/api/v1/claims/?page_size=2&{query}"
    if page != "first":
        url = client.get(url).json()["next"]
    if page == "previous":
        url = client.get(url).json()["previous"]
    client.get(url)  # kept
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).status_code == 200
    with (
        mock.patch.object(prepared, "enabled", False),
        CaptureQueriesContext(connection) as compiled,
    ):
        assert client.get(url).status_code == 200
    assert [q["sql"] for q in kept.captured_queries] == [
        q["sql"] for q in compiled.captured_queries
    ]


def test_a_search_text_inside_another_parameter_is_not_kept(searched, api, reader):
    """A text that a statement holds elsewhere (here in the search configuration's name) may
    have been copied: that request compiles its statement, and keeps none."""
    client = api(reader)
    prepared._statements.clear()  # the search page's statement not kept by an earlier test
    assert _claim_compilations(client, "/api/v1/claims/?page_size=2&q=english") > 0
    assert _claim_compilations(client, "/api/v1/claims/?page_size=2&q=english") > 0
    _claim_compilations(client, "/api/v1/claims/?page_size=2&q=budget")
    assert _claim_compilations(client, "/api/v1/claims/?page_size=2&q=budget") == 0


FILTERED = [
    "/api/v1/claims/?status=new,published",
    "/api/v1/claims/?ordering=-claimed_on",
    "/api/v1/claims/?ordering=check_worthiness&status=new",
    "/api/v1/sources/?ordering=-published_on",
    "/api/v1/citations/?relation=states,supports",
    "/api/v1/entities/?kind=person",
]


@pytest.mark.parametrize("url", FILTERED)
def test_kept_filtered_statements_answer_the_pages_compiled_statements_do(rows, url, api, reader):
    client = api(reader)
    kept = _pages(client, f"{url}&page_size=2")
    with mock.patch.object(prepared, "enabled", False):
        compiled = _pages(client, f"{url}&page_size=2")
    assert kept == compiled


def test_a_page_kept_for_one_filter_value_does_not_answer_another(rows, api, reader):
    client = api(reader)
    Claim.objects.filter(pk=Claim.objects.order_by("id").first().pk).update(status="published")
    for status in ["new", "published", "new"]:
        results = client.get(f"/api/v1/claims/?status={status}").json()["results"]
        assert results
        assert {claim["status"] for claim in results} == {status}


def test_a_filter_after_an_unfiltered_page_still_applies(rows, api, reader):
    client = api(reader)
    Claim.objects.filter(pk=Claim.objects.order_by("id").first().pk).update(status="published")
    assert len(client.get("/api/v1/claims/").json()["results"]) == Claim.objects.count()
    published = client.get("/api/v1/claims/?status=published").json()["results"]
    assert [claim["status"] for claim in published] == ["published"]


@pytest.mark.parametrize("url", LISTS)
def test_a_detail_from_a_kept_statement_is_the_detail_compiled_every_time(rows, url, api, reader):
    client = api(reader)
    for item in client.get(url).json()["results"]:
        detail = f"{url}{item['id']}/"
        kept = client.get(detail)
        with mock.patch.object(prepared, "enabled", False):
            compiled = client.get(detail)
        assert kept.status_code == compiled.status_code == 200
        assert kept.content == compiled.content
        assert kept["ETag"] == compiled["ETag"]


@pytest.mark.parametrize("key", ["999999", "abc", "1.5", "99999999999999999999999"])
def test_a_detail_that_is_not_there_is_the_same_404(rows, key, api, reader):
    client = api(reader)
    kept = client.get(f"/api/v1/claims/{key}/")
    with mock.patch.object(prepared, "enabled", False):
        compiled = client.get(f"/api/v1/claims/{key}/")
    assert kept.status_code == 404
    assert kept.json() == compiled.json()


def test_the_token_lookup_is_compiled_once(api, reader):
    client = api(reader)
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(compiler, *args, **kwargs):
        if compiler.query.model is get_token_model():
            compiled.append(compiler)
        return as_sql(compiler, *args, **kwargs)

    assert client.get("/api/v1/entities/").status_code == 200
    with mock.patch.object(SQLCompiler, "as_sql", counting):
        assert client.get("/api/v1/entities/").status_code == 200
        client.credentials(HTTP_AUTHORIZATION=f"Token {client.token[:-1]}x")
        assert client.get("/api/v1/entities/").status_code == 401
    assert compiled == []


def _prefetched_source(pk: int) -> dict:
    """A source's detail as Django's prefetch reads its authors and citations (the queryset a
    write answers with)."""
    view = CitedSourceViewSet(action="partial_update", kwargs={}, format_kwarg=None)
    data = CitedSourceDetailSerializer(view.get_queryset().get(pk=pk)).data
    return json.loads(JSONRenderer().render(data))


def test_sources_show_the_authors_and_citations_djangos_prefetch_reads(api, reader):
    authored = SourceFactory.create()
    authored.authors.set(
        [EntityFactory(name="Zoe"), EntityFactory(name="Adam"), OrganisationFactory(name="Adam")]
    )
    SourceFactory.create().authors.set([EntityFactory(name="Mia")])
    _cited_several_times(ClaimFactory())
    client = api(reader)
    listed = client.get("/api/v1/sources/").json()["results"]
    assert [len(source["authors"]) for source in listed] == [0, 0, 1, 3]
    for source in listed:
        detail = client.get(f"/api/v1/sources/{source['id']}/").json()
        assert detail == _prefetched_source(source["id"])
        assert source["authors"] == detail["authors"]
    names = [author["name"] for author in listed[-1]["authors"]]
    assert names == ["Adam", "Adam", "Zoe"]
    cited = [len(client.get(f"/api/v1/sources/{s['id']}/").json()["cited_claims"]) for s in listed]
    assert sorted(cited) == [0, 0, 1, 2]


def _cited_several_times(claim: Claim) -> None:
    """Citations from sources created out of order, two in one source at different offsets."""
    later, earlier = SourceFactory.create(), SourceFactory.create(publisher=None)
    CitationFactory(claim=claim, source=later, speaker=EntityFactory())
    text = "membership rose to 300 in 2019"
    earlier.body = f"{text}. And again: {text}."
    earlier.save()
    second = earlier.body.rindex(text)
    CitationFactory(claim=claim, source=earlier, start=second, end=second + len(text))
    CitationFactory(claim=claim, source=earlier, start=0, end=len(text))


def test_a_claims_detail_and_feed_entry_show_the_citations_djangos_prefetch_reads(api, reader):
    published = ClaimFactory(
        status="published",
        verdict="misleading",
        explanation="The minutes show 250.",
        reviewed_at=timezone.now(),
    )
    _cited_several_times(published)
    bare = ClaimFactory(claimant=None)
    client = api(reader)
    shown = {}
    for claim in (published, bare):
        shown[claim] = client.get(f"/api/v1/claims/{claim.pk}/").json()
        prefetched = ClaimDetailSerializer(claim_detail_queryset().get(pk=claim.pk)).data
        assert shown[claim] == json.loads(JSONRenderer().render(prefetched))
    assert [len(shown[claim]["citations"]) for claim in (published, bare)] == [3, 0]
    feed = client.get("/api/v1/claimreview/").json()["results"]
    # A claim's own ClaimReview is read with Django's prefetch.
    assert feed == [client.get(f"/api/v1/claims/{published.pk}/claimreview/").json()]
    assert len(feed[0]["itemReviewed"]["appearance"]) == 2  # one per source


def test_a_kept_statement_finds_its_columns_converters_once(rows, api, reader):
    """Django asks every selected column's field for its converters on every run; a kept
    statement asks on its first run only, and its pages read the same values."""
    client = api(reader)
    first = client.get("/api/v1/claims/?page_size=3").content
    asked = []
    get_converters = SQLCompiler.get_converters

    def counting(compiler, expressions):
        if compiler.query.model is Claim:
            asked.append(compiler)
        return get_converters(compiler, expressions)

    with mock.patch.object(SQLCompiler, "get_converters", counting):
        again = client.get("/api/v1/claims/?page_size=3").content
    assert again == first
    assert asked == []
    with mock.patch.object(prepared, "enabled", False):
        compiled = client.get("/api/v1/claims/?page_size=3").content
    assert compiled == first


def _state_free(instance) -> dict:
    """An instance's fields and annotations, and its joined objects' the same way."""
    fields = {name: value for name, value in vars(instance).items() if name != "_state"}
    joined = {
        name: None if obj is None else _state_free(obj)
        for name, obj in instance._state.fields_cache.items()
    }
    return {"fields": fields, "order": list(fields), "joined": joined, "db": instance._state.db}


def _from_key(values: list) -> RawSQL:
    """A condition on the claim's key as a plain parameter (a kept statement's values are)."""
    return RawSQL('"claims_claim"."id" >= %s', values, output_field=BooleanField())


def _claims_by_key(calls: list) -> prepared.Build:
    def build(values: list) -> QuerySet:
        calls.append(values)
        return claim_list_queryset().filter(_from_key(values)).order_by("id")[:10]

    return build


@pytest.fixture
def reviewed(rows):
    reviewer = UserFactory(username="rev")
    Claim.objects.filter(pk__in=Claim.objects.order_by("id").values("pk")[:2]).update(
        reviewer=reviewer
    )
    return Claim.objects.order_by("id").first().pk


def test_a_kept_statements_later_runs_make_the_objects_djangos_iterator_makes(
    reviewed, request, monkeypatch
):
    """After its first run, a kept statement's rows are read without Django's queryset (and
    without `build`), and made into the same instances, joined users and annotations too."""
    key = (request.node.name,)
    calls: list = []
    first = prepared.rows(key, _claims_by_key(calls), [reviewed])
    assert len(calls) == 2  # compiled with stand-ins, then run
    inits = []
    init = models.Model.__init__

    def counting_init(self, *args, **kwargs):
        inits.append(type(self))
        init(self, *args, **kwargs)

    monkeypatch.setattr(models.Model, "__init__", counting_init)
    again = prepared.rows(key, _claims_by_key(calls), [reviewed])
    assert len(calls) == 2
    assert inits == []  # Django's user included
    django_made = list(_claims_by_key([])([reviewed]))
    assert [_state_free(claim) for claim in again] == [_state_free(c) for c in django_made]
    assert [_state_free(claim) for claim in again] == [_state_free(claim) for claim in first]
    assert {claim.reviewer.username for claim in again if claim.reviewer} == {"rev"}
    assert any(claim.claimant is None for claim in again)
    assert [claim.citation_count for claim in again] == [c.citation_count for c in django_made]


def test_a_receiver_of_a_models_init_signals_sees_its_rows_made(reviewed, request):
    key = (request.node.name,)
    calls: list = []
    prepared.rows(key, _claims_by_key(calls), [reviewed])
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=get_user_model())
    try:
        again = prepared.rows(key, _claims_by_key(calls), [reviewed])
    finally:
        post_init.disconnect(receiver, sender=get_user_model())
    assert len(calls) == 3  # through Django's queryset, as before
    assert [user.username for user in seen] == ["rev", "rev"]
    assert {claim.reviewer for claim in again if claim.reviewer} <= set(seen)


def test_a_queryset_that_prefetches_is_run_by_django_every_time(rows, request):
    key = (request.node.name,)
    calls: list = []

    def build(values: list) -> QuerySet:
        calls.append(values)
        return Claim.objects.filter(_from_key(values)).prefetch_related("citations")[:10]

    lowest = Claim.objects.order_by("id").first().pk
    for _ in range(3):
        found = prepared.rows(key, build, [lowest])
        assert all("citations" in claim._prefetched_objects_cache for claim in found)
    assert len(calls) == 4  # compiled once; run by Django's queryset each time


def test_a_value_also_made_into_text_is_not_kept(rows, request):
    """A value may appear several times as a parameter, but one of its copies converted to
    text would keep the stand-in's text: such a statement is compiled every time."""
    key = (request.node.name,)
    calls: list = []

    def build(values: list) -> QuerySet:
        calls.append(values)
        as_text = RawSQL("%s <> ''", [str(values[0])], output_field=BooleanField())
        return Claim.objects.filter(_from_key(values), _from_key(values), as_text).order_by("id")

    ids = list(Claim.objects.order_by("id").values_list("pk", flat=True))
    for lowest in (ids[1], ids[2]):
        assert [claim.pk for claim in prepared.rows(key, build, [lowest])] == [
            pk for pk in ids if pk >= lowest
        ]
    assert len(calls) == 3  # compiled with stand-ins once (found copied), then run each time


def test_a_value_repeated_as_a_parameter_is_kept(rows, request):
    key = (request.node.name,)
    calls: list = []

    def build(values: list) -> QuerySet:
        calls.append(values)
        return Claim.objects.filter(_from_key(values), _from_key(values)).order_by("id")[:10]

    ids = list(Claim.objects.order_by("id").values_list("pk", flat=True))
    for lowest in (ids[1], ids[2], ids[3]):
        assert [claim.pk for claim in prepared.rows(key, build, [lowest])] == [
            pk for pk in ids if pk >= lowest
        ][:10]
    assert len(calls) == 2  # compiled with stand-ins and run once; then read without `build`


@pytest.mark.parametrize("url", ["/api/v1/sources/", "/api/v1/citations/"])
def test_a_fixed_shape_lists_and_details_querysets_are_built_once(rows, url, api, reader):
    client = api(reader)
    view = resolve(url).func.cls
    first = client.get(url).json()["results"][0]["id"]
    client.get(f"{url}{first}/")
    with mock.patch.object(view, "get_queryset", side_effect=AssertionError) as built:
        again = client.get(url)
        detail = client.get(f"{url}{first}/")
    assert again.status_code == detail.status_code == 200
    built.assert_not_called()
