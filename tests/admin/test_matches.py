"""Similar claims and suggested matches on the claim form; merging keeps everything."""

import pghistory.models
import pytest

from claims.models import Claim, ClaimRelation
from claims.services import citation_create, claim_create, relation_suggest
from sources.services import source_create
from tests.admin.conftest import change_url, claim_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(labour):
    """The same claim, entered again from a press release."""
    release = source_create(
        title="Press release", body="Our membership rose to 300 in 2019 – a record."
    )
    claim = claim_create(text="Labour membership rose to 300 in 2019", claimant=labour, tags=["x"])
    citation_create(claim=claim, source=release, quote="membership rose to 300 in 2019")
    return claim


def test_the_form_lists_similar_claims_with_a_merge_button(reporter_client, claim, duplicate):
    response = reporter_client.get(change_url(claim))
    similar = [item.claim for item in response.context["similar_claims"]]
    assert similar == [duplicate]
    page = response.content.decode()
    assert 'id="similar-claims"' in page
    assert f'name="duplicate" value="{duplicate.pk}"' in page


def test_merging_moves_citations_and_keeps_the_duplicate_and_both_histories(
    reporter_client, reporter, claim, duplicate
):
    response = reporter_client.post(
        claim_url(claim, "merge/"), {"duplicate": duplicate.pk}, follow=True
    )
    assert f"Merged claim #{duplicate.pk} into this claim: 1 citation(s) moved" in (
        response.content.decode()
    )
    duplicate = Claim.objects.get(pk=duplicate.pk)
    assert duplicate.duplicate_of_id == claim.pk
    assert claim.citations.count() == 3
    assert Claim.objects.get(pk=claim.pk).tags == ["membership", "x"]
    relation = ClaimRelation.objects.get(from_claim=duplicate, to_claim=claim)
    assert (relation.status, relation.decided_by) == ("confirmed", reporter)
    # Both keep their history; the merge is attributed to the journalist.
    merge_event = pghistory.models.Events.objects.tracks(duplicate).order_by("-pgh_id")[0]
    assert merge_event.pgh_context["user"] == reporter.pk
    assert pghistory.models.Events.objects.tracks(claim).exists()
    # The duplicate's page says where it went, and offers no merge.
    page = reporter_client.get(change_url(duplicate)).content.decode()
    assert "This claim was merged into" in page


def test_merge_needs_change_permission_and_post(client, claim, duplicate, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(
        __import__("django.contrib.auth.models").contrib.auth.models.Permission.objects.filter(
            codename="view_claim"
        )
    )
    client.force_login(viewer)
    assert client.get(claim_url(claim, "merge/")).status_code == 405
    assert client.post(claim_url(claim, "merge/"), {"duplicate": duplicate.pk}).status_code == 403
    assert Claim.objects.get(pk=duplicate.pk).duplicate_of is None


def test_suggested_matches_are_listed_and_can_be_confirmed_or_rejected(
    reporter_client, reporter, claim, duplicate
):
    relation, _ = relation_suggest(
        from_claim=duplicate, to_claim=claim, score=0.91, method="import: fuzzy text"
    )
    response = reporter_client.get(change_url(claim))
    assert [s.other for s in response.context["suggested_matches"]] == [duplicate]
    assert "Found alike by the import." in response.content.decode()

    url = claim_url(claim, f"matches/{relation.pk}/")
    reporter_client.post(url, {"decision": "rejected"})
    relation.refresh_from_db()
    assert (relation.status, relation.decided_by) == ("rejected", reporter)
    assert reporter_client.get(change_url(claim)).context["suggested_matches"] == []


def test_the_suggestion_queue_confirms_in_bulk(reporter_client, claim, duplicate):
    relation, _ = relation_suggest(from_claim=duplicate, to_claim=claim, score=0.8, method="x")
    queue = reporter_client.get("/admin/claims/claimrelation/?status__exact=suggested")
    assert list(queue.context["cl"].result_list) == [relation]
    reporter_client.post(
        "/admin/claims/claimrelation/",
        {"action": "mark_confirmed", "_selected_action": [relation.pk]},
    )
    relation.refresh_from_db()
    assert relation.status == "confirmed"


def test_a_suggestion_says_why_in_words_without_internal_keys(reporter_client, claim, duplicate):
    relation_suggest(
        from_claim=duplicate,
        to_claim=claim,
        score=0.6,
        # As the importer stores it: cut at the column's 100 characters.
        method=(
            "import: fact_key (Jewish Labour Movement|affiliated|1920 ~ "
            "Jewish Labour Movement|affiliated|now-98 (no reference year))"
        )[:100],
    )
    page = reporter_client.get(change_url(claim)).content.decode()
    assert (
        "Both date the same fact (Jewish Labour Movement, affiliated): 1920 and 98 years before "
        "(the page gives no year)." in page
    )
    assert "fact_key" not in page
    assert "|affiliated|" not in page
    # The three decisions, each saying what it does.
    for button in ("Merge into this claim", "Same claim, keep both", "Not the same"):
        assert button in page
    assert "the other claim's citations move here" in page


def test_the_suggestion_queue_says_why_in_words(reporter_client, claim, duplicate):
    relation_suggest(
        from_claim=duplicate, to_claim=claim, score=0.8, method="import: text (token_set_ratio=91)"
    )
    page = reporter_client.get("/admin/claims/claimrelation/").content.decode()
    assert "Very similar wording (91% of the words in common)." in page
