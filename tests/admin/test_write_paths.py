"""Every admin write goes through the services; list pages do not load source texts."""

import pghistory.models
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Citation, ClaimRelation
from claims.services import claim_create, relation_suggest
from sources.models import Entity, Source
from tests.admin.conftest import CONTRADICTING_QUOTE, LETTER_BODY, STATED_QUOTE, claim_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CITATIONS = "/admin/claims/citation/"
RELATIONS = "/admin/claims/claimrelation/"
SOURCES = "/admin/sources/source/"
ENTITIES = "/admin/sources/entity/"
# What a list page must not load: the sources' texts (and, on citations, the claims' vectors).
HEAVY_COLUMNS = ['"sources_source"."body"', '"sources_source"."search_vector"', "search_vector"]


def citation_data(citation: Citation, **overrides) -> dict:
    data = {
        "claim": citation.claim_id,
        "source": citation.source_id,
        "quote": citation.quote,
        "start": citation.start,
        "end": citation.end,
        "relation": citation.relation,
        "rank": citation.rank,
        "speaker": citation.speaker_id or "",
        "note": citation.note,
    }
    return data | overrides


# --- citations ---------------------------------------------------------------------------


def test_a_citation_added_in_its_admin_is_created_by_the_journalist(
    reporter_client, reporter, letter
):
    claim = claim_create(text="Fees are £5")
    quote = "Fees stayed at £5 a head."
    start = LETTER_BODY.index(quote)
    response = reporter_client.post(
        f"{CITATIONS}add/",
        {
            "claim": claim.pk,
            "source": letter.pk,
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "relation": "supports",
            "rank": "preferred",
            "speaker": "",
            "note": "From the letter.",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    citation = claim.citations.get()
    assert (citation.created_by, citation.relation, citation.rank, citation.note) == (
        reporter,
        "supports",
        "preferred",
        "From the letter.",
    )
    assert citation.prefix  # the service's full_clean stored the context around the quote
    events = pghistory.models.Events.objects.tracks(citation)
    assert [event.pgh_label for event in events] == ["insert"]  # one write, rank included


def test_a_citation_is_edited_in_place_and_never_moved_to_another_claim(
    reporter_client, claim, letter
):
    citation = claim.citations.get(quote=STATED_QUOTE)
    other = claim_create(text="Another claim")
    url = f"{CITATIONS}{citation.pk}/change/"
    page = reporter_client.get(url).content.decode()
    assert 'name="claim"' not in page
    response = reporter_client.post(
        url, citation_data(citation, claim=other.pk, rank="deprecated", note="Superseded.")
    )
    assert response.status_code == 302, response.context["errors"]
    citation.refresh_from_db()
    assert (citation.claim_id, citation.rank, citation.note) == (
        claim.pk,
        "deprecated",
        "Superseded.",
    )


def test_a_citation_moved_in_its_source_is_checked_against_the_text(reporter_client, claim):
    citation = claim.citations.get(quote=STATED_QUOTE)
    response = reporter_client.post(
        f"{CITATIONS}{citation.pk}/change/", citation_data(citation, start=citation.start + 1)
    )
    assert response.status_code == 200
    assert Citation.objects.get(pk=citation.pk).start == citation.start


def test_citations_cannot_be_deleted_in_the_admin(reporter_client, claim):
    citation = claim.citations.get(quote=CONTRADICTING_QUOTE)
    assert reporter_client.get(f"{CITATIONS}{citation.pk}/delete/").status_code == 403
    deleting = reporter_client.post(f"{CITATIONS}{citation.pk}/delete/", {"post": "yes"})
    assert deleting.status_code == 403
    assert Citation.objects.filter(pk=citation.pk).exists()
    response = reporter_client.get(CITATIONS)
    assert "delete_selected" not in response.content.decode()
    assert (
        "deletelink"
        not in reporter_client.get(f"{CITATIONS}{citation.pk}/change/").content.decode()
    )


# --- suggested matches ---------------------------------------------------------------------


@pytest.fixture
def suggestion(claim):
    other = claim_create(text="Labour membership rose to 300 in 2019")
    relation, _ = relation_suggest(from_claim=other, to_claim=claim, score=0.8, method="x")
    return relation


def test_a_match_is_not_decided_on_its_change_form(reporter_client, suggestion):
    url = f"{RELATIONS}{suggestion.pk}/change/"
    page = reporter_client.get(url).content.decode()
    for name in ("status", "decided_by", "decided_at"):
        assert f'name="{name}"' not in page
    reporter_client.post(
        url,
        {
            "from_claim": suggestion.from_claim_id,
            "to_claim": suggestion.to_claim_id,
            "kind": suggestion.kind,
            "score": suggestion.score,
            "method": suggestion.method,
            "status": "confirmed",
        },
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("suggested", None)


@pytest.mark.parametrize("group", ["reporter", "fact-checker"])
def test_the_editorial_groups_see_and_decide_the_suggested_matches(client, suggestion, group):
    user = UserFactory(username=f"in-{group}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    queue = client.get(RELATIONS, {"status__exact": "suggested"})
    assert queue.status_code == 200
    assert list(queue.context["cl"].result_list) == [suggestion]
    client.post(RELATIONS, {"action": "mark_confirmed", "_selected_action": [suggestion.pk]})
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed"
    assert suggestion.decided_by == user


def test_readers_see_the_suggested_matches_but_do_not_decide(client, suggestion):
    reader = UserFactory(username="a-reader", is_staff=True)
    reader.groups.add(Group.objects.get(name="reader"))
    client.force_login(reader)
    queue = client.get(RELATIONS)
    assert list(queue.context["cl"].result_list) == [suggestion]
    client.post(RELATIONS, {"action": "mark_confirmed", "_selected_action": [suggestion.pk]})
    assert ClaimRelation.objects.get(pk=suggestion.pk).status == "suggested"


# --- entities and sources ------------------------------------------------------------------


def test_an_entity_added_in_the_admin_has_its_aliases_normalised(reporter_client):
    response = reporter_client.post(
        f"{ENTITIES}add/",
        {
            "name": "  Jewish Labour Movement ",
            "kind": "organisation",
            "aliases": "JLM\r\njlm\r\nJewish Labour Movement\r\nPoale Zion",
            "description": "",
            "wikidata_id": "",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    entity = Entity.objects.get(kind="organisation", name="Jewish Labour Movement")
    assert entity.aliases == ["JLM", "Poale Zion"]


def test_an_entity_edited_in_the_admin_has_its_aliases_normalised(reporter_client, labour):
    response = reporter_client.post(
        f"{ENTITIES}{labour.pk}/change/",
        {
            "name": "Labour Party",
            "kind": "organisation",
            "aliases": "Labour\r\nLABOUR\r\nlabour party",
            "description": "",
            "wikidata_id": "",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert Entity.objects.get(pk=labour.pk).aliases == ["Labour"]


def test_a_source_added_and_edited_in_the_admin(reporter_client, labour):
    response = reporter_client.post(
        f"{SOURCES}add/",
        {
            "title": " Press release ",
            "kind": "article",
            "publisher": labour.pk,
            "authors": [labour.pk],
            "published_on": "",
            "language": "en",
            "url": "",
            "body": "Membership rose again.",
            "origin": "{}",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    source = Source.objects.get(title="Press release")
    assert list(source.authors.all()) == [labour]
    assert source.body_sha256
    response = reporter_client.post(
        f"{SOURCES}{source.pk}/change/",
        {
            "title": "Press release, 3 May",
            "kind": "article",
            "publisher": labour.pk,
            "authors": [],
            "published_on": "2024-05-03",
            "language": "en",
            "url": "",
            "body": "Membership rose again.",
            "origin": "{}",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    source.refresh_from_db()
    assert (source.title, str(source.published_on)) == ("Press release, 3 May", "2024-05-03")
    assert list(source.authors.all()) == []


def test_a_source_with_the_text_of_another_is_refused_on_the_form(reporter_client, letter):
    response = reporter_client.post(
        f"{SOURCES}add/",
        {"title": "Copy", "kind": "article", "language": "en", "body": LETTER_BODY},
    )
    assert response.status_code == 200
    assert f"(#{letter.pk}). Cite that one." in response.content.decode()
    assert Source.objects.count() == 1


# --- list pages do not load source texts ---------------------------------------------------


@pytest.mark.parametrize("url", [SOURCES, CITATIONS])
def test_list_pages_do_not_load_source_texts(reporter_client, claim, url):
    with CaptureQueriesContext(connection) as queries:
        response = reporter_client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 1
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert any('"sources_source"' in sql for sql in selects)
    assert not [sql for sql in selects if any(column in sql for column in HEAVY_COLUMNS)]


def test_the_source_form_still_has_its_text(reporter_client, letter):
    page = reporter_client.get(f"{SOURCES}{letter.pk}/change/").content.decode()
    assert "spokesperson declined" in page


# --- merging -------------------------------------------------------------------------------


@pytest.mark.parametrize("posted", ["abc", "", "1.5", "٣"])
def test_merging_a_duplicate_that_is_not_a_claim_number_is_refused(reporter_client, claim, posted):
    response = reporter_client.post(claim_url(claim, "merge/"), {"duplicate": posted}, follow=True)
    assert response.status_code == 200
    assert "Choose the claim to merge into this one." in response.content.decode()


def test_merging_a_claim_that_does_not_exist_is_not_found(reporter_client, claim):
    assert (
        reporter_client.post(claim_url(claim, "merge/"), {"duplicate": 999999}).status_code == 404
    )
