"""Who gets in, what each role is offered, and how a refusal reads: assignment, the status
menu, refused edits that keep the journalist's text, logins, menus and the 403 page."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from claims.models import Claim, ClaimStatus, Verdict
from claims.services import claim_update
from tests.admin.conftest import add_citation_data, change_url, claim_form_data
from tests.conftest import admin_user_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


@pytest.fixture
def reviewed(claim, fact_checker):
    """The claim, reviewed by the fact-checker."""
    return claim_update(
        claim=claim,
        changes={
            "status": ClaimStatus.REVIEWED,
            "verdict": Verdict.MISLEADING,
            "explanation": "An internal report puts it at 240.",
        },
        user=fact_checker,
    )


def assignee_options(response) -> list[str]:
    return [label for _, label in response.context["adminform"].form.fields["assignee"].choices]


def test_the_assignee_menu_lists_the_desk_members_for_reporters_and_fact_checkers(
    reporter_client, checker_client, claim
):
    UserFactory(username="outsider", is_staff=False)
    UserFactory(username="staff_without_claims", is_staff=True)
    for client in (reporter_client, checker_client):
        options = assignee_options(client.get(change_url(claim)))
        assert options == ["Nobody", "checker", "reporter"]


@pytest.mark.parametrize("client_fixture", ["reporter_client", "checker_client"])
def test_reporters_and_fact_checkers_assign_a_claim_to_a_colleague(
    request, client_fixture, claim, fact_checker, reporter
):
    client = request.getfixturevalue(client_fixture)
    colleague = reporter if client_fixture == "checker_client" else fact_checker
    response = client.post(change_url(claim), claim_form_data(claim, assignee=colleague.pk))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).assignee == colleague


def test_my_claims_lists_the_claims_assigned_to_me_and_the_header_counts_them(
    checker_client, claim, fact_checker, reporter
):
    claim_update(claim=claim, changes={"assignee": fact_checker}, user=reporter)
    other = Claim.objects.create(text="Fees stayed at £5 a head", assignee=reporter)
    response = checker_client.get(CHANGELIST + "?assigned=me")
    listed = [c.pk for c in response.context["cl"].result_list]
    assert listed == [claim.pk]
    assert other.pk not in listed
    page = response.content.decode()
    assert 'id="fb-nav-mine"' in page
    assert 'My claims <span class="fb-count">1</span>' in page


def test_a_reporter_is_offered_only_the_statuses_they_may_set(reporter_client, claim):
    status = reporter_client.get(change_url(claim)).context["adminform"].form.fields["status"]
    assert [value for value, _ in status.choices] == ["new", "in_review"]


def test_a_fact_checker_is_offered_every_status(checker_client, claim):
    status = checker_client.get(change_url(claim)).context["adminform"].form.fields["status"]
    assert [value for value, _ in status.choices] == ClaimStatus.values


def test_a_reporter_cannot_touch_the_status_of_a_reviewed_claim(reporter_client, reviewed):
    form = reporter_client.get(change_url(reviewed)).context["adminform"].form
    assert form.fields["status"].disabled
    assert "Only a fact-checker" in form.fields["status"].help_text


def test_a_reporters_refused_edit_of_a_reviewed_claim_keeps_the_text_and_explains(
    reporter_client, reviewed
):
    reworded = "Membership rose to about 300 in 2019"
    data = claim_form_data(reviewed, text=reworded)
    data.pop("status")  # a disabled field is not posted
    response = reporter_client.post(change_url(reviewed), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"\n{reworded}</textarea>" in page  # the journalist's wording is still there
    assert "This claim is reviewed by checker" in page
    assert "only a fact-checker can change it now (you changed: claim)" in page
    assert "Nothing was saved" in page
    assert 'class="errornote"' in page or 'class="errorlist nonfield"' in page
    assert Claim.objects.get(pk=reviewed.pk).text == reviewed.text


def test_a_reporter_may_still_assign_and_tag_a_reviewed_claim(reporter_client, reviewed, reporter):
    data = claim_form_data(reviewed, assignee=reporter.pk, tags="membership,figures")
    data.pop("status")
    assert reporter_client.post(change_url(reviewed), data).status_code == 302
    saved = Claim.objects.get(pk=reviewed.pk)
    assert (saved.assignee, saved.tags) == (reporter, ["membership", "figures"])


def test_a_reporters_citation_on_a_reviewed_claim_is_refused_and_kept_in_the_form(
    reporter_client, reviewed, letter
):
    data = add_citation_data(
        claim_form_data(reviewed), source=letter, quote="Fees stayed at £5 a head."
    )
    data.pop("status")
    response = reporter_client.post(change_url(reviewed), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "only a fact-checker can add or change its evidence" in page
    assert "Fees stayed at £5 a head.</textarea>" in page
    assert reviewed.citations.count() == 2


def test_a_fact_checker_rewords_a_reviewed_claim(checker_client, reviewed):
    response = checker_client.post(
        change_url(reviewed), claim_form_data(reviewed, text="Membership rose to 300 in 2019.")
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=reviewed.pk).text == "Membership rose to 300 in 2019."


def test_a_non_staff_user_with_the_right_password_is_told_why_they_cannot_log_in(db):
    UserFactory(username="intern", is_staff=False)
    response = Client().post(
        "/admin/login/", {"username": "intern", "password": "correct horse battery"}
    )
    page = response.content.decode()
    assert "The password is right, but the account “intern” has no access" in page
    assert "Ask an administrator" in page


def test_a_wrong_password_says_nothing_about_the_account(db):
    UserFactory(username="intern", is_staff=False)
    response = Client().post("/admin/login/", {"username": "intern", "password": "wrong"})
    page = response.content.decode()
    assert "Please enter the correct username and password" in page
    assert "has no access" not in page


def test_operator_menus_are_hidden_from_journalists(reporter_client):
    page = reporter_client.get("/admin/").content.decode()
    assert "Claims and citations" in page
    assert "/admin/knox/" not in page
    assert "/admin/pghistory/" not in page


def test_operator_menus_come_last_for_administrators(admin_client):
    apps = [app["app_label"] for app in admin_client.get("/admin/").context["app_list"]]
    assert apps[:3] == ["claims", "sources", "auth"]
    assert set(apps[-4:]) == {"events", "jobs", "knox", "pghistory"}


def test_claims_lead_their_app_in_the_menu(reporter_client):
    claims_app = reporter_client.get("/admin/").context["app_list"][0]
    assert claims_app["models"][0]["object_name"] == "Claim"


def test_view_site_is_hidden_without_a_public_site(reporter_client, settings):
    settings.FACTBASE_SITE_URL = ""
    assert "View site" not in reporter_client.get("/admin/").content.decode()


def test_view_site_goes_to_the_newsrooms_public_site(reporter_client, settings):
    settings.FACTBASE_SITE_URL = "https://news.example.org/factchecks/"
    page = reporter_client.get("/admin/").content.decode()
    assert '<a href="https://news.example.org/factchecks/">View site</a>' in page


def test_the_source_picker_shows_publisher_and_date(reporter_client, letter):
    letter.published_on = "2019-03-12"
    letter.save()
    response = reporter_client.get(
        "/admin/autocomplete/",
        {"app_label": "claims", "model_name": "citation", "field_name": "source", "term": "Letter"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"id": str(letter.pk), "text": "Letter to members — Labour Party, 12 Mar 2019"}
    ]


def test_a_refused_page_is_styled_and_explains(client, claim):
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.set(Permission.objects.filter(codename="view_claim"))
    client.force_login(reader)
    response = client.post(change_url(claim), claim_form_data(claim, text="Reworded"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this with your account" in page
    assert "Nothing was changed" in page
    assert "admin/css/base.css" in page


def test_a_desk_member_added_later_is_offered_without_a_restart(reporter_client, claim):
    admin_user_with("newcomer")
    assert "newcomer" in assignee_options(reporter_client.get(change_url(claim)))


def test_a_reporter_merging_a_reviewed_claim_is_told_why_not_shown_an_error_page(
    reporter_client, claim, reviewed
):
    other = Claim.objects.create(text="Membership rose to 300 last year")
    response = reporter_client.post(
        f"/admin/claims/claim/{other.pk}/merge/", {"duplicate": reviewed.pk}, follow=True
    )
    assert response.status_code == 200
    assert "only a fact-checker can merge these claims" in response.content.decode()
    assert Claim.objects.get(pk=reviewed.pk).duplicate_of is None
