"""Two editors on one claim: edits to different fields are combined; edits to the same field
are compared side by side, in journalists' words, and nothing is lost or overwritten."""

import pghistory
import pytest

from claims.models import Claim
from claims.services import claim_update
from tests.admin.conftest import add_citation_data, change_url, claim_form_data

pytestmark = pytest.mark.django_db


def meanwhile(user, **changes):
    """Another request (by `user`) changing the claim after the form was opened."""

    def change(claim):
        with pghistory.context(user=user.pk):
            claim_update(claim=claim, changes=changes, user=user)

    return change


def test_edits_to_different_fields_are_combined(reporter_client, claim, fact_checker):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, claimed_on="2019-05-01")(claim)

    response = reporter_client.post(change_url(claim), opened | {"tags": "membership,figures"})

    assert response.status_code == 302
    saved = Claim.objects.get(pk=claim.pk)
    assert str(saved.claimed_on) == "2019-05-01"  # theirs, kept
    assert saved.tags == ["membership", "figures"]  # mine, added
    page = reporter_client.get(response.url).content.decode()
    assert "Checker changed date claimed at" in page  # the message starts the sentence
    assert "Your changes were saved on top of that." in page


def test_evidence_added_while_someone_changed_the_claim_is_saved(
    reporter_client, claim, fact_checker, letter
):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, tags=["membership", "checked"])(claim)
    data = add_citation_data(opened, source=letter, quote="Fees stayed at £5 a head.")

    assert reporter_client.post(change_url(claim), data).status_code == 302
    assert claim.citations.count() == 3
    assert Claim.objects.get(pk=claim.pk).tags == ["membership", "checked"]


def test_the_same_field_changed_on_both_sides_is_compared_side_by_side(
    reporter_client, claim, fact_checker
):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019")(claim)

    response = reporter_client.post(
        change_url(claim), opened | {"text": "Membership was 300", "tags": "membership,x"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    comparison = page.split('id="fb-conflict"')[1].split("</section>")[0]
    assert "Membership rose to 310 in 2019" in comparison  # theirs
    assert "Membership was 300" in comparison  # mine
    assert 'name="resolve-text" value="theirs"' in comparison
    assert "checker changed claim at" in page
    assert "You changed claim too. Nothing was saved yet" in page
    assert Claim.objects.get(pk=claim.pk).text == "Membership rose to 310 in 2019"
    form = response.context["adminform"].form
    assert form.data["version"] == str(Claim.objects.get(pk=claim.pk).version)  # as posted


def test_the_journalist_keeps_theirs_or_mine_and_saves(reporter_client, claim, fact_checker):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019")(claim)
    mine = opened | {"text": "Membership was 300", "tags": "membership,x"}
    form = reporter_client.post(change_url(claim), mine).context["adminform"].form

    again = mine | {
        "version": form.data["version"],
        "opened": form.data["opened"],
        "resolving": "text",
        "resolve-text": "theirs",
    }
    assert reporter_client.post(change_url(claim), again).status_code == 302
    saved = Claim.objects.get(pk=claim.pk)
    assert saved.text == "Membership rose to 310 in 2019"  # kept theirs
    assert saved.tags == ["membership", "x"]  # and my other change


def test_keeping_mine_overwrites_only_after_the_comparison(reporter_client, claim, fact_checker):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019")(claim)
    mine = opened | {"text": "Membership was 300"}
    form = reporter_client.post(change_url(claim), mine).context["adminform"].form
    again = mine | {
        "version": form.data["version"],
        "opened": form.data["opened"],
        "resolving": "text",
        "resolve-text": "mine",
    }
    assert reporter_client.post(change_url(claim), again).status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "Membership was 300"


def test_a_comparison_without_a_choice_asks_again(reporter_client, claim, fact_checker):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019")(claim)
    mine = opened | {"text": "Membership was 300"}
    form = reporter_client.post(change_url(claim), mine).context["adminform"].form
    again = mine | {
        "version": form.data["version"],
        "opened": form.data["opened"],
        "resolving": "text",
    }
    page = reporter_client.post(change_url(claim), again).content.decode()
    assert "Choose, for each field compared below, which version to keep." in page
    assert 'id="fb-conflict"' in page
    assert Claim.objects.get(pk=claim.pk).text == "Membership rose to 310 in 2019"


def test_the_same_journalist_in_another_tab_is_told_so(reporter_client, claim, reporter):
    tab_a, tab_b = claim_form_data(claim), claim_form_data(claim)
    reporter_client.post(change_url(claim), tab_a | {"text": "Membership rose to 305 in 2019"})

    page = reporter_client.post(change_url(claim), tab_b | {"text": "Membership was 300"})
    page = page.content.decode()
    assert "You changed claim in another tab or window at" in page
    assert "someone else" not in page


def test_conflict_messages_name_fields_as_journalists_do(reporter_client, claim, fact_checker):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019")(claim)
    page = reporter_client.post(change_url(claim), opened | {"text": "Membership was 300"})
    message = page.content.decode().split('class="errorlist nonfield"')[1].split("</ul>")[0]
    for internal in ("reviewed_at", "reviewer_id", "version 2", "claimed_on", "_id"):
        assert internal not in message


def test_after_a_comparison_their_other_changes_show_and_survive_the_next_save(
    reporter_client, claim, fact_checker
):
    opened = claim_form_data(claim)
    meanwhile(fact_checker, text="Membership rose to 310 in 2019", tags=["disputed"])(claim)
    mine = opened | {"text": "Membership was 300"}
    form = reporter_client.post(change_url(claim), mine).context["adminform"].form
    assert form.data["tags"] == "disputed"  # shown as they left it, not as it was opened

    again = dict(form.data.items()) | {"resolving": "text", "resolve-text": "mine"}
    assert reporter_client.post(change_url(claim), again).status_code == 302
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.text, saved.tags) == ("Membership was 300", ["disputed"])
