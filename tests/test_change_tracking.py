"""A claim's version and updated_at move whenever anything its representation embeds changes,
whatever path made the change; and its own history records only its own changes.

Transactional tests: each write commits, as in the running service (a claim created in the same
transaction as its citations is simply new, at version 1).
"""

from datetime import datetime

import pytest
from django.db import connection, transaction
from pghistory.models import Events

from claims.models import Citation, CitationRank, Claim
from claims.services import citation_create, citation_delete, citation_update, claim_merge
from sources.models import Entity, Source
from sources.services import entity_update, source_update
from tests.factories import CitationFactory, ClaimFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def state(claim: Claim) -> tuple[int, datetime]:
    claim.refresh_from_db(fields=["version", "updated_at"])
    return claim.version, claim.updated_at


def assert_bumped(claim: Claim, before: tuple[int, datetime]) -> None:
    version, updated_at = state(claim)
    assert version == before[0] + 1
    assert updated_at > before[1]


@pytest.fixture
def cited():
    """A claim with one citation, committed."""
    return CitationFactory()


def test_a_claim_stored_with_its_citations_in_one_transaction_starts_at_version_one():
    with transaction.atomic():
        citation = CitationFactory()
        citation_create(
            claim=citation.claim,
            source=SourceFactory(body="Elsewhere: membership rose to 300 in 2019, they said."),
            quote="membership rose to 300 in 2019",
        )
    assert state(citation.claim)[0] == 1


def test_adding_a_citation_bumps_the_claim(cited):
    before = state(cited.claim)
    citation_create(
        claim=cited.claim,
        source=SourceFactory(body="Elsewhere: membership rose to 300 in 2019, they said."),
        quote="membership rose to 300 in 2019",
    )
    assert_bumped(cited.claim, before)


@pytest.mark.parametrize(
    "changes", [{"note": "Checked against the AGM minutes."}, {"rank": CitationRank.PREFERRED}]
)
def test_editing_or_re_ranking_a_citation_bumps_the_claim(cited, changes):
    before = state(cited.claim)
    citation_update(citation=cited, changes=changes, user=None)
    assert_bumped(cited.claim, before)


def test_removing_a_citation_bumps_the_claim(cited):
    before = state(cited.claim)
    citation_delete(citation=cited, user=None)
    assert_bumped(cited.claim, before)


def test_a_bulk_update_of_citations_outside_the_services_bumps_their_claims(cited):
    other = CitationFactory()
    before, other_before = state(cited.claim), state(other.claim)
    Citation.objects.filter(pk__in=[cited.pk, other.pk]).update(rank=CitationRank.DEPRECATED)
    assert_bumped(cited.claim, before)
    assert_bumped(other.claim, other_before)


def test_saving_a_citation_unchanged_does_not_bump_the_claim(cited):
    before = state(cited.claim)
    Citation.objects.get(pk=cited.pk).save()
    assert state(cited.claim) == before


@pytest.mark.parametrize(
    "changes", [{"name": "Renamed Organisation"}, {"aliases": ["RO", "The Renamed"]}]
)
def test_renaming_the_claimant_or_giving_it_aliases_bumps_its_claims(changes):
    claim = ClaimFactory()
    unrelated = ClaimFactory()
    before, unrelated_before = state(claim), state(unrelated)
    entity_update(entity=claim.claimant, changes=changes)
    assert_bumped(claim, before)
    assert state(unrelated) == unrelated_before


def test_an_entity_change_the_claim_does_not_show_leaves_it_alone():
    claim = ClaimFactory()
    before = state(claim)
    entity_update(entity=claim.claimant, changes={"description": "A trade body."})
    assert state(claim) == before


def test_renaming_a_quoted_speaker_bumps_the_claim(cited):
    speaker = EntityFactory()
    Citation.objects.filter(pk=cited.pk).update(speaker=speaker)
    before = state(cited.claim)
    Entity.objects.filter(pk=speaker.pk).update(name="Someone Else")  # a bulk update, too
    assert_bumped(cited.claim, before)


def test_renaming_the_publisher_of_a_cited_source_bumps_the_claim(cited):
    before = state(cited.claim)
    entity_update(entity=cited.source.publisher, changes={"name": "The Renamed Gazette"})
    assert_bumped(cited.claim, before)


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "A better headline"},
        {"url": "https://example.org/statement"},
        {"published_on": "2019-05-01"},
        {"publisher": None},
    ],
)
def test_changing_what_a_citation_shows_of_its_source_bumps_the_claim(cited, changes):
    before = state(cited.claim)
    source_update(source=Source.objects.get(pk=cited.source_id), changes=changes)
    assert_bumped(cited.claim, before)


def test_changing_a_source_detail_no_citation_shows_leaves_the_claim_alone(cited):
    before = state(cited.claim)
    source_update(source=Source.objects.get(pk=cited.source_id), changes={"language": "fr"})
    assert state(cited.claim) == before


def test_a_merge_bumps_both_claims(cited):
    into = CitationFactory(
        source=SourceFactory(body="Elsewhere: membership rose to 300 in 2019, they said.")
    ).claim
    duplicate = cited.claim
    before, into_before = state(duplicate), state(into)
    claim_merge(duplicate=duplicate, into=into)
    assert state(duplicate)[0] > before[0]
    assert state(into)[0] > into_before[0]
    assert Citation.objects.filter(claim=into).count() == 2


def test_a_claims_own_history_does_not_record_bumps_from_its_citations(cited):
    before = Events.objects.tracks(cited.claim).count()
    citation_update(citation=cited, changes={"note": "Another note."}, user=None)
    assert Events.objects.tracks(cited.claim).count() == before


def _relations_read_without_a_condition(plan: dict, table: str) -> list[str]:
    """The plan nodes that read `table` whole (a sequential scan, or an index scan with no
    index condition). A bitmap heap scan reads the rows its bitmap index scans found (its
    `Recheck Cond`): the planner prefers it to an index scan once earlier tests have left the
    table bigger."""
    found = []
    scans = plan["Node Type"].endswith("Scan")
    conditioned = "Index Cond" in plan or "Recheck Cond" in plan
    if scans and plan.get("Relation Name") == table and not conditioned:
        found.append(plan["Node Type"])
    for child in plan.get("Plans", []):
        found += _relations_read_without_a_condition(child, table)
    return found


def test_bumping_claims_reads_them_by_id_even_with_nested_loops_off():
    """The citation, source and entity triggers run `claims_touch` with nested loops off: its
    update must still reach the claims through their ids, never by reading every claim."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'claims_touch'")
        (body,) = cursor.fetchone()
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_nestloop = off")
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole anyway
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")  # as a function is
            cursor.execute(
                "PREPARE touch(bigint[]) AS " + body.replace("claim_ids", "$1").strip(" \n;")
            )
            try:
                cursor.execute("EXPLAIN (FORMAT JSON) EXECUTE touch('{1,2,3}')")
                ((plan,),) = cursor.fetchall()[0]
            finally:
                cursor.execute("DEALLOCATE touch")
    assert _relations_read_without_a_condition(plan["Plan"], "claims_claim") == []
