"""Finding claims: full-text search, likely duplicates, merging and suggested relations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimRelation, RelationStatus
from claims.selectors import (
    SIMILAR_PROBE_CAP,
    claims_matching,
    same_fact_claims,
    similar_claims,
    similar_claims_many,
)
from claims.services import claim_merge, relation_decide, relation_suggest
from tests.factories import CitationFactory, ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_search_uses_web_search_syntax_and_stemming():
    affiliated = ClaimFactory(text="The JLM has been affiliated to Labour since 1920")
    ClaimFactory(text="Turnout was 40% at the AGM")
    found = claims_matching(Claim.objects.all(), '"affiliation" OR labours -turnout')
    assert list(found) == [affiliated]


def test_similar_claims_rank_the_restatement_first_and_skip_unrelated_ones():
    original = ClaimFactory(
        text="The Jewish Labour Movement has been affiliated to Labour since 1920"
    )
    ClaimFactory(text="Labour has 500,000 members")
    ClaimFactory(text="The weather in Manchester was dry")
    similar = similar_claims("Jewish Labour Movement affiliated to the Labour party since 1920")
    assert similar[0].claim == original
    assert similar[0].score > 0.8
    assert all(item.claim.text != "The weather in Manchester was dry" for item in similar)


def test_a_short_claim_with_a_typo_is_found():
    original = ClaimFactory(text="Corbyn became leader in 2015")
    similar = similar_claims("Corbin became leeder in 2015")
    assert [item.claim for item in similar] == [original]


def test_a_misspelt_name_finds_the_claim_when_its_other_words_are_common():
    original = ClaimFactory(text="Corbyn became leader in 2015")
    # Later claims make "became" and "2015" too common to find it by (the index counts stop
    # at the cap, and these claims rank higher on the two words together), and no claim uses
    # "Corbin" or "leeder": only the name's first letters find it.
    Claim.objects.bulk_create(
        Claim(text=f"Turnout in 2015 became a record, poll {n} said")
        for n in range(SIMILAR_PROBE_CAP + 10)
    )
    similar = similar_claims("Corbin became leeder in 2015")
    assert [item.claim for item in similar] == [original]


def _lookup_texts():
    """Stored claims and a document's worth of passages that should find some of them."""
    stored = [
        "The Jewish Labour Movement has been affiliated to Labour since 1920",
        "Corbyn became leader in 2015",
        "Rents in the borough rose by 40% between 2015 and 2021, the tenants' union said",
        "The council has built 300 new homes since 2018",
        "Unemployment fell to 4% in 2019, the lowest rate since 1975",
    ]
    claims = [ClaimFactory(text=text) for text in stored]
    merged = ClaimFactory(text="The council built 300 new homes since 2018", duplicate_of=claims[3])
    passages = [
        "Jewish Labour Movement affiliated to the Labour party since 1920",
        "Corbin became leeder in 2015",
        "The tenants' union said rents in the borough rose by 40% between 2015 and 2021",
        "The council built 300 new homes since 2018, a spokesperson said",
        "Unemployment fell to 4% in 2019",
        "The weather in Manchester was dry",
    ]
    return claims, merged, passages


def test_similar_claims_for_many_texts_are_those_of_each_text_alone():
    claims, merged, passages = _lookup_texts()
    together = similar_claims_many(passages, limit=3)
    alone = [similar_claims(text, limit=3) for text in passages]
    assert together == alone
    found = {item.claim for per_text in together for item in per_text}
    assert {claims[0], claims[1], claims[2], claims[3]} <= found
    assert merged not in found  # its canonical claim stands for it
    assert together[-1] == []


def test_similar_claims_for_a_whole_document_cost_the_same_few_statements_as_for_one_text():
    _claims, _merged, passages = _lookup_texts()
    with CaptureQueriesContext(connection) as one:
        similar_claims(passages[3])
    with CaptureQueriesContext(connection) as few:
        similar_claims_many(passages)
    with CaptureQueriesContext(connection) as many:
        similar_claims_many(passages * 5)
    # The planner's settings, word counts, candidates, the claims merged ones stand for, the
    # claims shown (with their claimants).
    assert len(one) == len(few) == len(many) == 5


def test_stored_claim_lookups_are_planned_without_jit():
    # A word count's rows cannot be estimated, so its cost passes the JIT threshold however
    # few rows it reads, and compiling it took longer than running it.
    _claims, _merged, passages = _lookup_texts()
    ClaimFactory(text="Rents rose by 40%", fact_key="rents|rose|40%")
    settings: list[tuple[str, str]] = []

    def jit_in_force(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith("SET"):
            raw = context["connection"].connection
            settings.append((sql, raw.execute("SHOW jit").fetchone()[0]))
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
        cursor.execute("SET LOCAL jit_above_cost = 0")
    with connection.execute_wrapper(jit_in_force):
        similar_claims_many(passages)
        same_fact_claims(["rents|rose|"], limit=5)
    assert len(settings) == 5
    assert {jit for _sql, jit in settings} == {"off"}


def test_same_fact_claims_are_the_newest_canonical_claims_of_each_fact_prefix():
    older = ClaimFactory(fact_key="jlm|affiliated|1920")
    newer = ClaimFactory(fact_key="jlm|affiliated|1921")
    ClaimFactory(fact_key="jlm|affiliated|1922", duplicate_of=older)
    ClaimFactory(fact_key="jlm_|affiliated|1920")  # a LIKE wildcard in a prefix is literal
    other = ClaimFactory(fact_key="labour|members|500000")
    found = same_fact_claims(["jlm|affiliated|", None, "labour|members|", "nobody|said|"], limit=5)
    assert found == [[newer, older], [], [other], []]
    assert same_fact_claims(["jlm|affiliated|"], limit=1) == [[newer]]


def test_merging_moves_citations_and_keeps_the_duplicate_as_a_record():
    keep, dup = ClaimFactory(tags=["jlm"]), ClaimFactory(tags=["labour"])
    moved = CitationFactory(claim=dup)
    reviewer = UserFactory()
    merged = claim_merge(duplicate=dup, into=keep, user=reviewer)
    moved.refresh_from_db()
    dup.refresh_from_db()
    assert moved.claim == merged == keep
    assert dup.duplicate_of == keep
    assert merged.tags == ["jlm", "labour"]
    relation = ClaimRelation.objects.get(from_claim=dup, to_claim=keep)
    assert relation.status == RelationStatus.CONFIRMED
    assert relation.decided_by == reviewer
    assert all(item.claim != dup for item in similar_claims(dup.text))


def test_a_citation_the_target_already_has_stays_on_the_duplicate():
    source = SourceFactory()
    keep, dup = ClaimFactory(), ClaimFactory()
    CitationFactory(claim=keep, source=source)
    same_passage = CitationFactory(claim=dup, source=source)
    claim_merge(duplicate=dup, into=keep)
    same_passage.refresh_from_db()
    assert same_passage.claim == dup
    assert keep.citations.count() == 1


def test_suggesting_twice_or_in_reverse_keeps_one_relation():
    a, b = ClaimFactory(), ClaimFactory()
    first, created = relation_suggest(from_claim=a, to_claim=b, score=0.7, method="test")
    again, created_again = relation_suggest(from_claim=b, to_claim=a, score=0.9, method="test")
    assert created
    assert not created_again
    assert again == first


def test_a_rejected_suggestion_is_kept_as_rejected():
    a, b = ClaimFactory(), ClaimFactory()
    relation_suggest(from_claim=a, to_claim=b, score=0.7, method="test")
    relation = relation_decide(from_claim=a, to_claim=b, status=RelationStatus.REJECTED)
    assert relation.status == RelationStatus.REJECTED
    assert ClaimRelation.objects.count() == 1


def test_merging_into_a_merged_claim_or_merging_twice_is_refused():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    claim_merge(duplicate=a, into=b)
    with pytest.raises(ValidationError, match="canonical"):
        claim_merge(duplicate=c, into=a)
    with pytest.raises(ValidationError, match="already merged"):
        claim_merge(duplicate=a, into=c)


def test_a_stale_copy_cannot_create_a_merge_cycle():
    a, b = ClaimFactory(), ClaimFactory()
    stale_b = Claim.objects.get(pk=b.pk)  # read before the first merge, as a racing request would
    claim_merge(duplicate=a, into=b)
    with pytest.raises(ValidationError):
        claim_merge(duplicate=stale_b, into=a)
    assert Claim.objects.get(pk=b.pk).duplicate_of is None


def test_claims_merged_earlier_follow_their_claim_into_the_new_one():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    claim_merge(duplicate=a, into=b)
    claim_merge(duplicate=b, into=c)
    assert Claim.objects.get(pk=a.pk).duplicate_of_id == c.pk


def test_merging_away_a_published_claim_needs_review_permission():
    published = ClaimFactory(status="published", verdict="accurate")
    with pytest.raises(PermissionDenied):
        claim_merge(duplicate=published, into=ClaimFactory(), user=UserFactory())
