"""The desk's search (claim words, claimant names and aliases, source titles, spelling
variants; index-backed) and the review queue (no merged duplicates, most check-worthy first,
fragments last)."""

import pytest

from claims.services import citation_create, claim_create, claim_merge
from sources.models import EntityKind
from sources.services import entity_get_or_create, entity_update, source_create, source_update

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


def found(client, term: str, **params) -> list[str]:
    response = client.get(CHANGELIST, {"q": term, **params})
    return [claim.text for claim in response.context["cl"].result_list]


@pytest.fixture
def corbyn(db):
    return entity_get_or_create(
        name="Jeremy Corbyn", kind=EntityKind.PERSON, aliases=["Labour leader"]
    )[0]


def test_a_claimant_is_found_by_name_even_when_the_claim_does_not_name_him(reporter_client, corbyn):
    claim_create(text="The abuse she has received is shocking and appalling.", claimant=corbyn)
    claim_create(text="Corbyn backed a motion in 1984.")
    claim_create(text="Membership rose to 300 in 2019")
    assert sorted(found(reporter_client, "Corbyn")) == [
        "Corbyn backed a motion in 1984.",
        "The abuse she has received is shocking and appalling.",
    ]


def test_a_claimant_is_found_by_an_alias(reporter_client):
    jlm = entity_get_or_create(
        name="Jewish Labour Movement", kind=EntityKind.ORGANISATION, aliases=["JLM", "Poale Zion"]
    )[0]
    claim_create(text="We stay, we stand, and we fight.", claimant=jlm)
    assert found(reporter_client, "JLM") == ["We stay, we stand, and we fight."]
    assert found(reporter_client, "Poale Zion") == ["We stay, we stand, and we fight."]


def test_a_claim_is_found_by_the_title_of_a_source_citing_it(reporter_client):
    claim = claim_create(text="Membership rose to 300 in 2019")
    letter = source_create(title="Annual report", body="Membership rose to 300 in 2019, it says.")
    citation_create(claim=claim, source=letter, quote="Membership rose to 300 in 2019")
    assert found(reporter_client, "annual report") == [claim.text]


@pytest.mark.parametrize(
    ("stored", "searched"),
    [
        ("A culture of anti-semitism has been allowed to emerge.", "antisemitism"),
        ("A culture of antisemitism has been allowed to emerge.", "anti-semitism"),
        ("Far too often we are seeing anti Semitism dressed up.", "antisemitism"),
        ("The organisation was founded in 1903.", "organization"),
        ("The organization was founded in 1903.", "organisation"),
        ("Labour has been in power for 13 years.", "labor"),
        ("He travelled to the conference twice.", "traveled"),
        ("Our defence budget rose by 2%.", "defense"),
        ("The centre of the city flooded in 2019.", "center"),
    ],
)
def test_hyphen_and_spelling_variants_find_each_other(reporter_client, stored, searched):
    claim_create(text=stored)
    claim_create(text="Membership rose to 300 in 2019")
    assert found(reporter_client, searched) == [stored]


def test_renaming_an_entity_or_adding_an_alias_updates_the_search(reporter_client, corbyn):
    claim_create(text="The abuse she has received is shocking.", claimant=corbyn)
    entity_update(entity=corbyn, changes={"aliases": ["Islington North MP"]})
    assert found(reporter_client, "Islington") == ["The abuse she has received is shocking."]
    assert found(reporter_client, "leader") == []


def test_retitling_a_source_updates_the_search(reporter_client, claim, letter):
    source_update(source=letter, changes={"title": "Circular to branches"})
    assert found(reporter_client, "circular") == [claim.text]
    assert found(reporter_client, "letter") == []


def test_a_merged_claim_is_found_by_the_sources_of_its_duplicates(reporter_client):
    canonical = claim_create(text="Membership rose to 300 in 2019")
    duplicate = claim_create(text="Membership rose to 300 last year")
    release = source_create(title="Press release", body="Membership rose to 300 last year.")
    citation_create(claim=duplicate, source=release, quote="Membership rose to 300 last year")
    claim_merge(duplicate=duplicate, into=canonical)
    assert found(reporter_client, "press release") == [canonical.text]


def test_the_claims_own_words_rank_above_its_claimant_and_its_sources(reporter_client, corbyn):
    by_him = claim_create(text="The abuse she has received is shocking.", claimant=corbyn)
    about_him = claim_create(text="Corbyn backed a motion in 1984.")
    assert found(reporter_client, "Corbyn") == [about_him.text, by_him.text]


def test_search_keeps_web_search_syntax(reporter_client):
    claim_create(text="Unemployment fell by 2% last year")
    claim_create(text="Unemployment rose by 2% last year")
    assert found(reporter_client, "unemployment -rose") == ["Unemployment fell by 2% last year"]
    assert found(reporter_client, '"fell by"') == ["Unemployment fell by 2% last year"]


def test_the_queue_puts_the_most_check_worthy_first_and_fragments_last(reporter_client):
    claim_create(text="Membership rose to 300 in 2019.", check_worthiness=0.6)
    claim_create(text="has been the growth in our membership", check_worthiness=0.9)
    claim_create(text="Fees stayed at £5 a head.", check_worthiness=0.8)
    claim_create(text="“Fees stayed high,” she said.", check_worthiness=None)
    claim_create(text="“the highest in a decade”", check_worthiness=0.95)
    response = reporter_client.get(CHANGELIST, {"needs_review": "yes"})
    assert [c.text for c in response.context["cl"].result_list] == [
        "Fees stayed at £5 a head.",
        "Membership rose to 300 in 2019.",
        "“Fees stayed high,” she said.",
        "“the highest in a decade”",
        "has been the growth in our membership",
    ]


def test_the_queue_leaves_out_claims_merged_into_another(reporter_client):
    canonical = claim_create(text="Membership rose to 300 in 2019")
    duplicate = claim_create(text="Membership rose to 300 last year")
    claim_merge(duplicate=duplicate, into=canonical)
    response = reporter_client.get(CHANGELIST, {"needs_review": "yes"})
    assert [c.pk for c in response.context["cl"].result_list] == [canonical.pk]


def test_the_overview_counts_a_merged_duplicate_once(reporter_client):
    canonical = claim_create(text="Membership rose to 300 in 2019")
    duplicate = claim_create(text="Membership rose to 300 last year")
    claim_merge(duplicate=duplicate, into=canonical)
    page = reporter_client.get("/admin/").content.decode()
    assert '?status=new&amp;merged=no">New</a></th><td class="fb-n">1<' in page
    needing = page.split('id="fb-needing-review"')[1].split("</table>")[0]
    assert canonical.text in needing
    assert duplicate.text not in needing
