"""Every write is recorded with who made it: a user for requests, a command for commands."""

from io import StringIO

import pghistory.models
import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim
from factbase.commands import HistoryCommand
from sources.services import source_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def events_for(obj) -> list:
    return list(pghistory.models.Events.objects.tracks(obj).order_by("pgh_created_at"))


def test_an_admin_edit_is_recorded_with_the_user_and_the_change(client, staff_user):
    claim = ClaimFactory(text="Turnout was 40%")
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {
            "version": claim.version,
            "text": "Turnout was 41%",
            "claimant": claim.claimant_id,
            "status": "in_review",
            "verdict": "unrated",
            "origin": "entered",
            "tags": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content
    update = events_for(claim)[-1]
    assert update.pgh_label == "update"
    assert update.pgh_context["user"] == staff_user.pk
    assert update.pgh_diff["text"] == ["Turnout was 40%", "Turnout was 41%"]
    assert update.pgh_diff["status"] == ["new", "in_review"]


class RecordSourceCommand(HistoryCommand):
    """A command that stores one source, as the importer does for each file."""

    def handle(self, *args, **options):
        with self.history_context(file="statement.txt"):
            source_create(title="Statement", body="We have 300 members.")


def test_a_command_write_is_recorded_with_the_command_and_file():
    call_command(RecordSourceCommand(), stdout=StringIO())
    event = pghistory.models.Events.objects.filter(pgh_model="sources.SourceEvent").get()
    assert event.pgh_label == "insert"
    assert event.pgh_context["command"] == "test_history"
    assert event.pgh_context["file"] == "statement.txt"


def test_deletes_are_recorded():
    claim = ClaimFactory()
    pk = claim.pk
    claim.delete()
    labels = list(
        pghistory.models.Events.objects.filter(pgh_obj_model="claims.Claim", pgh_obj_id=str(pk))
        .order_by("pgh_created_at")
        .values_list("pgh_label", flat=True)
    )
    assert labels == ["insert", "delete"]
    assert not Claim.objects.filter(pk=pk).exists()
