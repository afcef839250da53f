"""The claim page's flow: Save stays on the claim, Save and next, next/previous through the
list it was opened from, Publish with the rule explained in the form, the review preview, and
work kept when a save is refused."""

from urllib.parse import urlencode

import pytest

from claims.models import Claim, ClaimStatus, Note, Verdict
from claims.services import claim_create, claim_update
from tests.admin.conftest import change_url, claim_form_data

pytestmark = pytest.mark.django_db

REVIEW_ARTICLE = {
    "url": "https://news.example.org/factchecks/{id}/",
    "title": "Fact check: {claim}",
}


def from_list(url: str, **filters) -> str:
    return f"{url}?{urlencode({'_changelist_filters': urlencode(filters)})}"


def step(client, claim, direction, **filters):
    return client.get(from_list(f"/admin/claims/claim/{claim.pk}/step/{direction}/", **filters))


@pytest.fixture
def queue(db):
    """Five claims in queue order (most check-worthy first)."""
    return [
        claim_create(text=f"Claim number {n} rose by {n}%.", check_worthiness=1 - n / 10)
        for n in range(5)
    ]


def test_saving_keeps_the_journalist_on_the_claim(reporter_client, claim):
    response = reporter_client.post(change_url(claim), claim_form_data(claim, tags="x"))
    assert response.status_code == 302
    assert response.url.startswith(change_url(claim))


def test_next_and_previous_follow_the_list_the_claim_was_opened_from(reporter_client, queue):
    response = step(reporter_client, queue[1], "next", needs_review="yes")
    assert response.url.startswith(change_url(queue[2]))
    assert "needs_review%3Dyes" in response.url  # the list travels on
    response = step(reporter_client, queue[1], "previous", needs_review="yes")
    assert response.url.startswith(change_url(queue[0]))


def test_next_crosses_to_the_next_page_of_the_list(reporter_client, queue, monkeypatch):
    from claims.admin.claim import ClaimAdmin

    monkeypatch.setattr(ClaimAdmin, "list_per_page", 2)
    response = step(reporter_client, queue[1], "next", needs_review="yes")
    assert response.url.startswith(change_url(queue[2]))
    assert "p%3D2" in response.url


def test_the_last_claim_of_the_list_says_so(reporter_client, queue):
    response = step(reporter_client, queue[4], "next", needs_review="yes")
    assert response.url.startswith(change_url(queue[4]))
    follow = reporter_client.get(response.url)
    assert "This is the last claim of the list." in follow.content.decode()


def test_a_claim_that_left_the_list_steps_to_the_one_now_first(checker_client, queue, fact_checker):
    claim_update(
        claim=queue[0],
        changes={"status": ClaimStatus.REVIEWED, "verdict": "mixed"},
        user=fact_checker,
    )
    response = step(checker_client, queue[0], "next", needs_review="yes")
    assert response.url.startswith(change_url(queue[1]))


def test_save_and_next_saves_then_opens_the_next_claim(reporter_client, queue):
    url = from_list(change_url(queue[0]), needs_review="yes")
    data = claim_form_data(queue[0], tags="checked", _savenext="Save and next")
    response = reporter_client.post(url, data, follow=True)
    assert Claim.objects.get(pk=queue[0].pk).tags == ["checked"]
    assert response.redirect_chain[-1][0].startswith(change_url(queue[1]))


def test_the_page_links_next_previous_and_history_with_the_list(reporter_client, queue):
    page = reporter_client.get(from_list(change_url(queue[1]), needs_review="yes")).content.decode()
    assert (
        f'href="/admin/claims/claim/{queue[1].pk}/step/next/?_changelist_filters=needs_review%3Dyes"'
        in page
    )
    assert f'href="/admin/claims/claim/{queue[1].pk}/history/"' in page
    assert "claims/claim_page.js" in page  # the keyboard shortcuts


def test_verdict_explanation_and_save_are_in_one_card(checker_client, claim):
    page = checker_client.get(change_url(claim)).content.decode()
    card = page.split('class="fb-card fb-decision"')[1].split("</section>")[0]
    for part in ('name="verdict"', 'name="explanation"', 'name="_continue"', 'name="_publish"'):
        assert part in card


def test_publish_publishes_a_claim_that_meets_the_rule(checker_client, claim, settings):
    settings.FACTBASE_REVIEW_ARTICLE = REVIEW_ARTICLE
    data = claim_form_data(
        claim, verdict="misleading", explanation="The report says 240.", _publish="Publish"
    )
    response = checker_client.post(change_url(claim), data)
    assert response.status_code == 302
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.status, saved.verdict) == ("published", "misleading")
    page = checker_client.get(change_url(claim)).content.decode()
    assert "Published review" in page
    assert f'href="https://news.example.org/factchecks/{claim.pk}/"' in page


def test_a_refused_publication_is_explained_in_the_form_and_keeps_the_text(checker_client, claim):
    data = claim_form_data(claim, explanation="Draft reasoning, half written.", _publish="Publish")
    response = checker_client.post(change_url(claim), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Publishing needs a verdict (not unrated)." in page
    assert "Draft reasoning, half written.</textarea>" in page
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_reporters_get_no_publish_button_and_cannot_post_one(reporter_client, claim):
    assert 'name="_publish"' not in reporter_client.get(change_url(claim)).content.decode()
    response = reporter_client.post(change_url(claim), claim_form_data(claim, _publish="Publish"))
    assert (
        "Only a fact-checker can mark a claim reviewed or published." in response.content.decode()
    )
    assert Claim.objects.get(pk=claim.pk).status == "new"


def test_a_rated_claim_shows_its_review_as_readers_will_see_it(checker_client, claim, settings):
    settings.FACTBASE_REVIEW_ARTICLE = REVIEW_ARTICLE
    claim.verdict, claim.explanation = Verdict.MISLEADING, "An internal report says 240."
    claim.save()
    page = checker_client.get(change_url(claim)).content.decode()
    preview = page.split('id="fb-review"')[1].split("</section>")[0]
    assert "Review preview" in preview
    assert "(not published)" in preview
    assert "Misleading" in preview
    assert "An internal report says 240." in preview
    assert "Fact check: Membership rose to 300 in 2019" in preview


def test_a_reporters_refused_edit_is_offered_as_a_note_to_the_reviewer(
    reporter_client, claim, fact_checker
):
    claim_update(
        claim=claim,
        changes={"status": "reviewed", "verdict": "mixed", "explanation": "Both figures."},
        user=fact_checker,
    )
    data = claim_form_data(Claim.objects.get(pk=claim.pk), text="Membership rose to 310 in 2019")
    data.pop("status")
    page = reporter_client.post(change_url(claim), data).content.decode()
    note_box = page.split('id="fb-note-text"')[1].split("</textarea>")[0]
    assert "@checker Suggested change (not saved: the claim is reviewed):" in note_box
    assert "Claim: Membership rose to 310 in 2019" in note_box


def test_a_note_typed_when_save_is_pressed_is_added(reporter_client, claim, reporter):
    reporter_client.post(change_url(claim), claim_form_data(claim, note="Asked the union."))
    assert Note.objects.get(claim=claim).text == "Asked the union."


def test_a_note_typed_before_a_failed_save_stays_in_the_box(reporter_client, claim):
    data = claim_form_data(claim, text="", note="Half a thought")
    page = reporter_client.post(change_url(claim), data).content.decode()
    assert "Half a thought</textarea>" in page
    assert not Note.objects.exists()
