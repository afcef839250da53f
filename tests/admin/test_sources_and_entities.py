"""Source pages show cited passages highlighted and linked; entity pages show their work."""

import pytest

from claims.services import citation_create, claim_create
from sources.models import Entity
from tests.admin.conftest import STATED_QUOTE, change_url

pytestmark = pytest.mark.django_db


def source_url(source) -> str:
    return f"/admin/sources/source/{source.pk}/change/"


def test_the_source_body_highlights_every_cited_passage_linked_to_its_claim(
    reporter_client, claim, letter
):
    other = claim_create(text="Fees are £5")
    citation_create(claim=other, source=letter, quote="Fees stayed at £5 a head.")
    page = reporter_client.get(source_url(letter)).content.decode()
    assert page.count('<mark class="fb-cite"') == 3
    assert f'<a href="{change_url(claim)}">{STATED_QUOTE}</a></mark>' in page
    assert f'<a href="{change_url(other)}">Fees stayed at £5 a head.</a></mark>' in page
    # The body is not editable once cited: editing would move every citation.
    assert 'name="body"' not in page


def test_an_uncited_source_body_is_editable(reporter_client, letter):
    assert 'name="body"' in reporter_client.get(source_url(letter)).content.decode()


def test_overlapping_passages_are_both_reachable(reporter_client, claim, letter):
    overlapping = claim_create(text="300 members")
    citation_create(claim=overlapping, source=letter, quote="rose to 300 in 2019")
    page = reporter_client.get(source_url(letter)).content.decode()
    assert 'class="fb-cite fb-overlap"' in page
    assert change_url(overlapping) in page
    assert change_url(claim) in page


def test_the_source_list_shows_publisher_kind_date_and_claim_count(reporter_client, claim, letter):
    response = reporter_client.get("/admin/sources/source/")
    row = response.context["cl"].result_list[0]
    assert row.claim_count == 1
    page = response.content.decode()
    assert "Labour Party" in page
    assert "Letter" in page
    cited = reporter_client.get("/admin/sources/source/", {"cited": "no"})
    assert list(cited.context["cl"].result_list) == []


def test_source_search_is_full_text_over_title_and_body(reporter_client, letter):
    found = reporter_client.get("/admin/sources/source/", {"q": "spokesperson declined"})
    assert list(found.context["cl"].result_list) == [letter]
    by_url = reporter_client.get("/admin/sources/source/", {"q": "https://example.org/letter"})
    assert list(by_url.context["cl"].result_list) == [letter]


def test_the_entity_page_lists_its_claims_and_published_sources(reporter_client, claim, labour):
    page = reporter_client.get(f"/admin/sources/entity/{labour.pk}/change/").content.decode()
    assert f'<a href="{change_url(claim)}">Membership rose to 300 in 2019</a>' in page
    assert "Letter to members" in page
    assert "All 1 claims by Labour Party" in page


def test_aliases_are_edited_one_per_line(reporter_client, labour):
    response = reporter_client.post(
        f"/admin/sources/entity/{labour.pk}/change/",
        {
            "name": "Labour Party",
            "kind": "organisation",
            "aliases": "Labour\r\nThe Labour Party, UK\r\n\r\n",
            "description": "",
            "wikidata_id": "",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert Entity.objects.get(pk=labour.pk).aliases == ["Labour", "The Labour Party, UK"]
