"""The benchmark newsroom: a small one loaded by the same generator is consistent, its citations
anchor exactly, and the API serves it."""

import contextlib
import importlib.util
import io
from pathlib import Path

import pytest
from django.db import connection, transaction

from claims.models import Citation, Claim
from sources.models import Entity, Source
from tests.api.conftest import token_client, user_in

pytestmark = [pytest.mark.django_db, pytest.mark.long]

_spec = importlib.util.spec_from_file_location(
    "newsroom", Path(__file__).resolve().parent.parent / "bench" / "newsroom.py"
)
assert _spec is not None
assert _spec.loader is not None
newsroom = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(newsroom)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """One newsroom for the module, in a transaction rolled back after its last test (each
    test's own transaction nests inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        connection.ensure_connection()
        yield newsroom.load(connection.connection, 2_000, seed=3, log=lambda line: None)
        transaction.set_rollback(True)


def test_sizes_follow_the_number_of_claims(loaded):
    assert Claim.objects.count() == 2_000
    assert Source.objects.count() == 400
    assert Entity.objects.count() == loaded.entities
    citations = Citation.objects.count()
    # One citation per claim where it was first stated, and some claims reported again.
    assert 2_000 < citations < 2_300


def test_every_invariant_holds(loaded):
    assert newsroom.verify(connection.connection) == dict.fromkeys(newsroom.CHECKS, 0)


def test_quotes_are_the_source_text_at_their_offsets(loaded):
    citations = Citation.objects.select_related("source").order_by("id")
    non_ascii = 0
    for citation in citations:
        body = citation.source.body
        assert body[citation.start : citation.end] == citation.quote == citation.claim.text or (
            body[citation.start : citation.end] == citation.quote
        )
        assert citation.prefix == body[max(0, citation.start - 32) : citation.start]
        non_ascii += any(ord(char) > 127 for char in body[: citation.start])
    # Offsets count characters: many quotes come after a character outside ASCII.
    assert non_ascii > 100


def test_a_claim_is_its_first_citation_verbatim(loaded):
    for claim in Claim.objects.order_by("id")[:200]:
        first = claim.citations.order_by("id").first()
        assert first.quote == claim.text


def test_derived_data_is_what_the_triggers_would_write(loaded):
    with connection.cursor() as cursor:
        # The search document equals the database's own function's result.
        cursor.execute(
            "SELECT count(*) FROM claims_claim"
            " WHERE search_document IS DISTINCT FROM"
            " claims_claim_search_document(text, claimant_id, id)"
        )
        assert cursor.fetchone()[0] == 0
        # Published claims: created, reviewed, published in their history and the feed.
        cursor.execute(
            "SELECT k.id, k.version, array_agg(e.pgh_label || ':' || e.status ORDER BY e.pgh_id)"
            " FROM claims_claim k JOIN claims_claimevent e ON e.pgh_obj_id = k.id"
            " WHERE k.status = 'published' GROUP BY k.id, k.version LIMIT 5"
        )
        rows = cursor.fetchall()
        assert rows
        for _, version, labels in rows:
            assert version == 3
            assert labels == ["insert:new", "update:reviewed", "update:published"]
        cursor.execute(
            "SELECT count(DISTINCT object_id) FROM events_event"
            " WHERE resource = 'claim' AND action = 'published'"
        )
        assert cursor.fetchone()[0] == Claim.objects.filter(status="published").count()


def test_the_same_seed_gives_the_same_newsroom(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    plan = newsroom.Plan(300)
    newsroom.write_newsroom(str(first), plan, 5, lambda line: None)
    newsroom.write_newsroom(str(second), plan, 5, lambda line: None)
    for name in ("sources_source", "claims_claim", "claims_citation"):
        assert (first / f"{name}.copy").read_bytes() == (second / f"{name}.copy").read_bytes()


def test_the_api_serves_the_newsroom(loaded):
    client = token_client(user_in("reader", "newsroom-reader"))
    page = client.get("/api/v1/claims/?page_size=20")
    assert page.status_code == 200, page.content
    assert len(page.json()["results"]) == 20
    claim = Claim.objects.filter(status="published").first()
    detail = client.get(f"/api/v1/claims/{claim.pk}/")
    assert detail.status_code == 200
    assert detail.json()["text"] == claim.text
    word = max(claim.text.split(), key=len).strip(".")
    found = client.get("/api/v1/claims/", {"q": word})
    assert found.status_code == 200
    assert found.json()["results"]
    source = client.get(f"/api/v1/sources/{claim.citations.first().source_id}/")
    assert source.status_code == 200


def test_the_benchmarks_claim_gets_one_restatement_found_similar(loaded):
    """bench/run_newsroom.py times the similar-claims page of a claim that has a similar claim:
    the generated claims have none, so it adds one restatement, once."""
    from bench import run_newsroom

    claim = Claim.objects.filter(status="published").order_by("id")[100]
    script = run_newsroom.RESTATEMENT.replace("CLAIM", str(claim.pk))
    for _ in range(2):  # a second run adds nothing
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(script, {})
        assert printed.getvalue().split() == ["1"]
    assert Claim.objects.count() == 2_001
    restated = Claim.objects.get(text__endswith=", officials said.")
    assert restated.created_at == claim.created_at  # no list's first page changes
