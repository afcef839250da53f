"""List actions go through the services; the history page shows who changed what, however."""

from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim
from claims.services import claim_update
from factbase.commands import HistoryCommand
from tests.admin.conftest import CONTRADICTING_QUOTE, claim_url
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


def act(client, action: str, *claims):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in claims]}, follow=True
    )


def test_mark_in_review_moves_new_claims_and_leaves_reviewed_ones(reporter_client):
    new, reviewed = ClaimFactory(status="new"), ClaimFactory(status="reviewed")
    response = act(reporter_client, "mark_in_review", new, reviewed)
    assert "1 claim(s) marked in review (1 left alone" in response.content.decode()
    assert Claim.objects.get(pk=new.pk).status == "in_review"
    assert Claim.objects.get(pk=reviewed.pk).status == "reviewed"


def test_assign_to_me_sets_the_assignee(reporter_client, reporter):
    claim = ClaimFactory()
    act(reporter_client, "assign_to_me", claim)
    assert Claim.objects.get(pk=claim.pk).assignee == reporter


def test_verdict_actions_are_offered_only_to_fact_checkers(reporter_client, checker_client):
    ClaimFactory()
    reporter_actions = dict(
        reporter_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    )
    checker_actions = dict(
        checker_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    )
    assert "set_verdict_accurate" not in reporter_actions
    assert checker_actions["set_verdict_accurate"] == "Set verdict: Accurate"


def test_a_reporter_cannot_post_a_verdict_action(reporter_client):
    claim = ClaimFactory()
    act(reporter_client, "set_verdict_inaccurate", claim)
    assert Claim.objects.get(pk=claim.pk).verdict == "unrated"


def test_a_fact_checker_sets_a_verdict_on_several_claims(checker_client, fact_checker):
    claims = [ClaimFactory(), ClaimFactory()]
    act(checker_client, "set_verdict_inaccurate", *claims)
    for claim in Claim.objects.filter(pk__in=[c.pk for c in claims]):
        assert (claim.verdict, claim.reviewer) == ("inaccurate", fact_checker)


def test_history_shows_form_edits_actions_and_the_import_command(
    reporter_client, checker_client, reporter, claim
):
    act(reporter_client, "mark_in_review", claim)
    act(checker_client, "set_verdict_misleading", claim)

    class ImportSeeds(HistoryCommand):
        def handle(self, *args, **options):
            with self.history_context(file="seeds/letter.html"):
                claim_update(claim=Claim.objects.get(pk=claim.pk), changes={"tags": ["imported"]})

    call_command(ImportSeeds(), stdout=StringIO())

    response = reporter_client.get(claim_url(claim, "history/"))
    rows = response.context["rows"]
    by_actor = [(row.actor, name, old, new) for row in rows for name, old, new in row.changes]
    assert ("reporter", "status", "New", "In review") in by_actor
    assert ("checker", "verdict", "Unrated", "Misleading") in by_actor
    assert any(actor.startswith("command test_actions_and_history") for actor, *_ in by_actor)
    assert "file seeds/letter.html" in response.content.decode()
    # Citations are part of the claim's history, with their quotes; names, not ids.
    created = [row for row in rows if row.what.startswith("Citation") and row.action == "created"]
    assert len(created) == 2
    assert ("claim", None, str(claim)) in created[0].changes
    assert ("quote", None, CONTRADICTING_QUOTE) in [c for row in created for c in row.changes]


def test_the_history_link_of_the_change_form_opens_the_audit_trail(reporter_client, claim):
    page = reporter_client.get(claim_url(claim, "history/")).content.decode()
    assert "recorded by the database whatever made it" in page
    assert "Membership rose to 300 in 2019, the highest in a decade." in page
