"""The claim change form: highlighted citations, pasted quotes, review rights, edit conflicts."""

import pghistory
import pytest

from claims.models import Citation, Claim
from claims.services import StaleVersionError, claim_update
from sources.services import source_create
from tests.admin.conftest import (
    CONTRADICTING_QUOTE,
    LETTER_BODY,
    add_citation_data,
    change_url,
    claim_form_data,
)

pytestmark = pytest.mark.django_db


def test_each_citation_is_shown_highlighted_in_its_surrounding_text_with_a_source_link(
    reporter_client, claim, letter
):
    page = reporter_client.get(change_url(claim)).content.decode()
    assert (
        '<mark class="fb-cite" title="Letter to members">Membership rose to 300 in 2019, '
        "the highest in a decade.</mark>"
    ) in page
    # Context: the sentence before the quote, and the one after it, around the mark.
    assert "wrote to members on Monday. In the letter, she said: “<mark" in page
    assert "</mark>” The party’s critics disputed the figure" in page
    assert f'href="/admin/sources/source/{letter.pk}/change/"' in page
    assert 'href="https://example.org/letter"' in page


def test_a_pasted_quote_is_anchored_without_offsets(reporter_client, claim, letter):
    data = add_citation_data(
        claim_form_data(claim), source=letter, quote="Fees stayed at £5 a head."
    )
    response = reporter_client.post(change_url(claim), data)
    assert response.status_code == 302, response.context["errors"]
    citation = Citation.objects.get(claim=claim, quote="Fees stayed at £5 a head.")
    assert LETTER_BODY[citation.start : citation.end] == citation.quote
    assert citation.relation == "supports"


def test_a_quote_typed_with_straight_quotes_and_a_hyphen_anchors_to_the_curly_original(
    reporter_client, claim, letter
):
    typed = "The party's critics disputed the figure - an internal"
    data = add_citation_data(claim_form_data(claim), source=letter, quote=typed)
    assert reporter_client.post(change_url(claim), data).status_code == 302
    citation = Citation.objects.get(claim=claim, relation="supports")
    assert citation.quote == "The party’s critics disputed the figure – an internal"
    assert LETTER_BODY[citation.start : citation.end] == citation.quote


def test_a_quote_missing_from_the_source_is_explained_in_the_form(reporter_client, claim, letter):
    data = add_citation_data(claim_form_data(claim), source=letter, quote="Membership fell to 200")
    response = reporter_client.post(change_url(claim), data)
    assert response.status_code == 200
    assert "This quote does not occur in “Letter to members”" in response.content.decode()
    assert claim.citations.count() == 2


def test_an_ambiguous_quote_asks_for_a_longer_passage_or_the_offset(reporter_client, claim, letter):
    data = add_citation_data(claim_form_data(claim), source=letter, quote="’s")
    response = reporter_client.post(change_url(claim), data)
    page = response.content.decode()
    assert "This quote occurs 2 times in “Letter to members”" in page  # Labour’s, party’s
    assert "give the start offset" in page
    # Giving the offset of the second occurrence resolves it.
    second = LETTER_BODY.index("’s", LETTER_BODY.index("’s") + 1)
    data = add_citation_data(claim_form_data(claim), source=letter, quote="’s", start=second)
    assert reporter_client.post(change_url(claim), data).status_code == 302
    assert claim.citations.get(quote="’s").start == second


def test_citing_the_same_passage_twice_is_refused_with_a_message(reporter_client, claim, letter):
    data = add_citation_data(claim_form_data(claim), source=letter, quote=CONTRADICTING_QUOTE)
    response = reporter_client.post(change_url(claim), data)
    assert "This claim already cites this passage of this source." in response.content.decode()


def test_a_claim_is_added_with_its_first_citation(reporter_client, reporter, letter, labour):
    data = {
        "text": "Fees are £5 a head",
        "claimant": labour.pk,
        "claimed_on": "2024-03-01",
        "tags": "fees",
        "status": "new",
        "assignee": "",
        "version": "",
        "citations-TOTAL_FORMS": 0,
        "citations-INITIAL_FORMS": 0,
    }
    data = add_citation_data(data, source=letter, quote="Fees stayed at £5 a head.")
    response = reporter_client.post("/admin/claims/claim/add/", data)
    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get(text="Fees are £5 a head")
    assert claim.created_by == reporter
    assert claim.citations.get().created_by == reporter


def test_the_form_carries_the_version_it_was_opened_at(reporter_client, claim):
    page = reporter_client.get(change_url(claim)).content.decode()
    assert f'<input type="hidden" name="version" value="{claim.version}"' in page


def test_saving_a_claim_changed_since_it_was_opened_shows_a_conflict_and_keeps_both(
    reporter_client, claim, fact_checker
):
    opened = claim_form_data(claim)
    with pghistory.context(user=fact_checker.pk):  # the fact-checker's request, meanwhile
        claim_update(claim=claim, changes={"text": "Membership rose to 310 in 2019"})

    response = reporter_client.post(change_url(claim), opened | {"text": "Membership was 300"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "checker changed claim at" in page
    assert "Nothing was saved yet" in page
    assert "Membership was 300" in page  # the journalist's version, still in the form
    assert Claim.objects.get(pk=claim.pk).text == "Membership rose to 310 in 2019"


def test_a_reporter_sees_the_verdict_but_cannot_change_it(reporter_client, claim):
    page = reporter_client.get(change_url(claim)).content.decode()
    assert 'name="verdict"' not in page
    assert 'name="explanation"' not in page
    assert "Unrated" in page  # shown read-only
    response = reporter_client.post(change_url(claim), claim_form_data(claim, verdict="accurate"))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).verdict == "unrated"


def test_a_reporter_cannot_mark_a_claim_reviewed(reporter_client, claim):
    response = reporter_client.post(change_url(claim), claim_form_data(claim, status="reviewed"))
    assert (
        "Only a fact-checker can mark a claim reviewed or published." in response.content.decode()
    )
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_a_fact_checker_sets_the_verdict_and_is_recorded_as_reviewer(
    checker_client, fact_checker, claim
):
    data = claim_form_data(
        claim, verdict="misleading", explanation="An internal report puts it at 240."
    )
    response = checker_client.post(change_url(claim), data)
    assert response.status_code == 302
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.verdict == "misleading"
    assert claim.reviewer == fact_checker
    assert claim.reviewed_at is not None


def test_a_citation_whose_source_text_changed_is_shown_as_unanchored(reporter_client, claim):
    other = source_create(title="Other", body="Completely different text here.")
    Citation.objects.filter(claim=claim, relation="contradicts").update(source=other)
    page = reporter_client.get(change_url(claim)).content.decode()
    assert "Unanchored: the source text at" in page


def test_editing_a_citation_quote_re_anchors_it_and_evidence_is_deprecated_not_deleted(
    reporter_client, claim
):
    data = claim_form_data(claim)
    index = [c.relation for c in claim.citations.order_by("id")].index("contradicts")
    data |= {f"citations-{index}-quote": "internal report", f"citations-{index}-rank": "deprecated"}
    assert reporter_client.post(change_url(claim), data).status_code == 302
    citation = claim.citations.get(relation="contradicts")
    assert (citation.quote, citation.rank) == ("internal report", "deprecated")
    assert LETTER_BODY[citation.start : citation.end] == "internal report"
    assert "citations-0-DELETE" not in reporter_client.get(change_url(claim)).content.decode()


def test_a_save_without_the_version_is_refused_rather_than_risking_an_overwrite(
    reporter_client, claim
):
    data = claim_form_data(claim, text="Membership was 300")
    del data["version"]
    response = reporter_client.post(change_url(claim), data)
    assert "did not say which version of the claim it was opened at" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_a_save_racing_another_is_rolled_back_with_the_conflict_message(
    reporter_client, claim, monkeypatch
):
    """Someone saves between the form's version check and the write: claim_update refuses."""

    def racing_update(**kwargs):
        raise StaleVersionError(claim.version + 1)

    monkeypatch.setattr("claims.admin.claim.claim_update", racing_update)
    data = add_citation_data(
        claim_form_data(claim, text="Membership was 300"),
        source=claim.citations.first().source,
        quote="Fees stayed at £5 a head.",
    )
    response = reporter_client.post(change_url(claim), data, follow=True)
    assert "That save landed at the same moment as yours, so yours was not saved" in (
        response.content.decode()
    )
    assert Claim.objects.get(pk=claim.pk).text == claim.text
    assert claim.citations.count() == 2  # the new citation was rolled back too
