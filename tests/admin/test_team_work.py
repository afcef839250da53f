"""Team work on the desk: notes with @mentions, the checklist, notifications of assignments
and mentions, saved searches, and bulk assign, tag and publish."""

import pytest
from django.test import Client

from claims.models import ChecklistItem, Claim, Note, Notification, SavedSearch
from claims.services import claim_update
from tests.admin.conftest import change_url, claim_form_data, claim_url
from tests.conftest import admin_user_with
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"
NOTIFICATIONS = "/admin/claims/notification/"


def act(client, action: str, claims, **answers):
    data = {"action": action, "_selected_action": [c.pk for c in claims], **answers}
    return client.post(CHANGELIST, data, follow=True)


def test_a_note_mentioning_a_colleague_notifies_them(
    reporter_client, claim, reporter, fact_checker
):
    response = reporter_client.post(
        claim_url(claim, "notes/"),
        {"text": "@checker the internal report says 240, can you look?"},
        follow=True,
    )
    assert "Note added; 1 colleague(s) notified." in response.content.decode()
    note = Note.objects.get(claim=claim)
    assert (note.author, note.text) == (
        reporter,
        "@checker the internal report says 240, can you look?",
    )
    notification = Notification.objects.get(recipient=fact_checker)
    assert (notification.kind, notification.note, notification.actor) == (
        "mentioned",
        note,
        reporter,
    )


def test_notes_are_shown_on_the_claim_page_with_their_author(checker_client, claim, reporter):
    Note.objects.create(claim=claim, author=reporter, text="Called the press office.")
    page = checker_client.get(change_url(claim)).content.decode()
    assert "Called the press office." in page
    assert "<strong>reporter</strong>" in page


def test_a_mention_of_an_unknown_name_notifies_nobody(reporter_client, claim):
    reporter_client.post(claim_url(claim, "notes/"), {"text": "@nobody_here see this"})
    assert Notification.objects.count() == 0


def test_the_assignee_hears_of_notes_on_their_claim(checker_client, claim, reporter, fact_checker):
    claim_update(claim=claim, changes={"assignee": reporter}, user=reporter)
    checker_client.post(claim_url(claim, "notes/"), {"text": "Source found."})
    assert Notification.objects.filter(recipient=reporter, kind="note").count() == 1


def test_an_empty_note_is_explained_not_stored(reporter_client, claim):
    response = reporter_client.post(claim_url(claim, "notes/"), {"text": "  "}, follow=True)
    assert "This field cannot be blank." in response.content.decode()
    assert not Note.objects.exists()


def test_a_reader_cannot_add_notes(client, claim):
    reader = admin_user_with("reader")
    reader.user_permissions.set(reader.user_permissions.filter(codename__startswith="view_"))
    client.force_login(reader)
    assert client.post(claim_url(claim, "notes/"), {"text": "Hello"}).status_code == 403
    assert not Note.objects.exists()


def test_assigning_a_claim_to_a_colleague_notifies_them(checker_client, claim, reporter):
    checker_client.post(change_url(claim), claim_form_data(claim, assignee=reporter.pk))
    notification = Notification.objects.get(recipient=reporter)
    assert (notification.kind, notification.claim) == ("assigned", claim)


def test_taking_a_claim_yourself_notifies_nobody(reporter_client, claim, reporter):
    reporter_client.post(change_url(claim), claim_form_data(claim, assignee=reporter.pk))
    assert not Notification.objects.exists()


def test_the_notification_list_shows_mine_and_opening_one_reads_it(
    reporter_client, checker_client, claim, reporter, fact_checker
):
    checker_client.post(change_url(claim), claim_form_data(claim, assignee=reporter.pk))
    checker_client.post(claim_url(claim, "notes/"), {"text": "@reporter over to you"})
    Notification.objects.create(recipient=fact_checker, kind="assigned", claim=claim)
    response = reporter_client.get(NOTIFICATIONS)
    listed = list(response.context["cl"].result_list)
    assert {n.kind for n in listed} == {"assigned", "mentioned"}
    page = response.content.decode()
    assert "checker assigned you a claim" in page
    assert "checker mentioned you in a note: “@reporter over to you”" in page
    assert 'Notifications <span class="fb-count fb-unread">2</span>' in page

    mention = next(n for n in listed if n.kind == "mentioned")
    opened = reporter_client.get(f"{NOTIFICATIONS}{mention.pk}/open/")
    assert opened.url == change_url(claim) + "#fb-notes"
    assert Notification.objects.get(pk=mention.pk).read_at is not None


def test_nobody_opens_another_journalists_notification(reporter_client, claim, fact_checker):
    theirs = Notification.objects.create(recipient=fact_checker, kind="assigned", claim=claim)
    assert reporter_client.get(f"{NOTIFICATIONS}{theirs.pk}/open/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_all_notifications_are_marked_read_at_once(reporter_client, claim, reporter):
    for _ in range(3):
        Notification.objects.create(recipient=reporter, kind="assigned", claim=claim)
    reporter_client.post(f"{NOTIFICATIONS}read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_standard_checklist_is_started_and_tasks_ticked_by_whom(
    reporter_client, claim, reporter, settings
):
    settings.FACTBASE_CHECKLIST = ["Find the original source", "Ask the claimant"]
    reporter_client.post(claim_url(claim, "checklist/"), {"checklist": "start"})
    reporter_client.post(
        claim_url(claim, "checklist/"), {"checklist": "add", "text": "Call Unison"}
    )
    tasks = list(claim.checklist.all())
    assert [t.text for t in tasks] == [
        "Find the original source",
        "Ask the claimant",
        "Call Unison",
    ]

    reporter_client.post(claim_url(claim, "checklist/"), {"checklist": f"done:{tasks[0].pk}"})
    ticked = ChecklistItem.objects.get(pk=tasks[0].pk)
    assert (ticked.done_by, ticked.done) == (reporter, True)
    page = reporter_client.get(change_url(claim)).content.decode()
    assert "1/3 done" in page

    reporter_client.post(claim_url(claim, "checklist/"), {"checklist": f"undone:{tasks[0].pk}"})
    assert not ChecklistItem.objects.get(pk=tasks[0].pk).done


def test_a_repeated_task_is_refused_with_a_message(reporter_client, claim):
    reporter_client.post(claim_url(claim, "checklist/"), {"checklist": "add", "text": "Call them"})
    response = reporter_client.post(
        claim_url(claim, "checklist/"), {"checklist": "add", "text": "call them"}, follow=True
    )
    assert "already has this task" in response.content.decode()
    assert claim.checklist.count() == 1


def test_a_search_is_saved_listed_on_the_claim_list_and_shared(
    reporter_client, checker_client, reporter
):
    reporter_client.post(
        "/admin/claims/savedsearch/save/",
        {"name": "Corbyn, unchecked", "query": "?q=Corbyn&needs_review=yes&p=3", "shared": "1"},
    )
    reporter_client.post(
        "/admin/claims/savedsearch/save/", {"name": "Mine only", "query": "q=fees"}
    )
    shared = SavedSearch.objects.get(name="Corbyn, unchecked")
    assert (shared.owner, shared.query, shared.shared) == (
        reporter,
        "q=Corbyn&needs_review=yes",
        True,
    )
    page = checker_client.get(CHANGELIST).content.decode()
    assert 'href="?q=Corbyn&amp;needs_review=yes"' in page
    assert "Mine only" not in page
    assert "Mine only" in reporter_client.get(CHANGELIST).content.decode()


def test_saving_a_search_under_the_same_name_replaces_it(reporter_client):
    for query in ("q=fees", "q=membership"):
        reporter_client.post("/admin/claims/savedsearch/save/", {"name": "Work", "query": query})
    assert list(SavedSearch.objects.values_list("query", flat=True)) == ["q=membership"]


def test_only_the_owner_deletes_a_saved_search(reporter_client, checker_client, reporter):
    reporter_client.post(
        "/admin/claims/savedsearch/save/", {"name": "Team", "query": "q=x", "shared": "1"}
    )
    search = SavedSearch.objects.get()
    checker_client.post(
        "/admin/claims/savedsearch/", {"action": "delete_own", "_selected_action": [search.pk]}
    )
    assert SavedSearch.objects.exists()
    reporter_client.post(
        "/admin/claims/savedsearch/", {"action": "delete_own", "_selected_action": [search.pk]}
    )
    assert not SavedSearch.objects.exists()


def test_bulk_assign_asks_whom_then_assigns_and_notifies(checker_client, reporter):
    claims = [ClaimFactory(), ClaimFactory()]
    question = act(checker_client, "assign_to", claims)
    assert "Assign claims to a colleague" in question.content.decode()
    response = act(checker_client, "assign_to", claims, apply="Assign", assignee=reporter.pk)
    assert "2 claim(s) assigned to reporter; they are notified." in response.content.decode()
    assert set(Claim.objects.values_list("assignee", flat=True)) == {reporter.pk}
    assert Notification.objects.filter(recipient=reporter, kind="assigned").count() == 2


def test_bulk_tagging_adds_and_removes(reporter_client):
    first, second = ClaimFactory(tags=["labour", "old"]), ClaimFactory(tags=[])
    act(
        reporter_client,
        "tag",
        [first, second],
        apply="Apply tags",
        add="antisemitism",
        remove="old",
    )
    assert Claim.objects.get(pk=first.pk).tags == ["labour", "antisemitism"]
    assert Claim.objects.get(pk=second.pk).tags == ["antisemitism"]


def test_bulk_tagging_without_tags_asks_again(reporter_client):
    claim = ClaimFactory()
    response = act(reporter_client, "tag", [claim], apply="Apply tags", add="", remove="")
    assert "Give at least one tag to add or to remove." in response.content.decode()


def test_bulk_publish_publishes_what_is_ready_and_says_why_not_the_rest(checker_client, settings):
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://news.example.org/fc/{id}/",
        "title": "Fact check: {claim}",
    }
    ready = ClaimFactory(verdict="misleading", explanation="The report says 240.")
    unrated = ClaimFactory()
    page = act(checker_client, "publish", [ready, unrated]).content.decode()
    assert "1 claim(s) published." in page
    assert f"Not published: claim #{unrated.pk}" in page
    assert "Publishing needs a verdict (not unrated)." in page
    assert Claim.objects.get(pk=ready.pk).status == "published"
    assert Claim.objects.get(pk=unrated.pk).status == "new"


def test_bulk_publish_is_not_offered_to_reporters(reporter_client):
    ClaimFactory()
    actions = dict(reporter_client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "publish" not in actions
    assert "assign_to" in actions


def test_a_desk_member_without_claims_access_sees_no_desk_navigation(db):
    outsider = admin_user_with("outsider")
    outsider.user_permissions.clear()
    client = Client()
    client.force_login(outsider)
    assert "fb-desk-nav" not in client.get("/admin/").content.decode()
