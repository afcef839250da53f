"""The desk's workflows in Chromium, as an administrator, a fact-checker and a reporter:
assignment and notifications, the publication rule, a reporter's refused edit, conflict
resolution with a comparison, search by claimant, and the common path counted in clicks."""

import re

import pytest
from playwright.sync_api import Page, expect

from claims.models import Claim, Note, Notification
from claims.services import citation_create, claim_create, claim_update
from sources.models import EntityKind
from sources.services import entity_get_or_create, source_create
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

LAPTOP = {"width": 1366, "height": 768}
REVIEW_ARTICLE = {
    "url": "https://news.example.org/factchecks/{id}/",
    "title": "Fact check: {claim}",
}
CORBYN_LETTER = (
    "Jeremy Corbyn wrote to the movement on Tuesday. "
    "“It is my heartfelt wish that your members will choose to retain the historic relationship,” "
    "he wrote. An internal count puts the movement’s members at 2,000, up from 1,500 in 2016. "
    "The leader’s office declined to comment."
)


def claim_page(page: Page, claim) -> None:
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")


def second_browser(browser, live_server, username: str) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP)
    other = context.new_page()
    log_in(other, username)
    return other


@pytest.fixture
def administrator(transactional_db):
    return UserFactory(username="editor", is_staff=True, is_superuser=True)


def test_an_administrator_and_a_reporter_assign_claims_and_the_assignee_is_notified(
    page, browser, live_server, newsroom, administrator
):
    claim = newsroom["claim"]
    log_in(page, "reporter")
    claim_page(page, claim)
    page.select_option("#id_assignee", label="checker")
    page.click("#fb-save")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Claim.objects.get(pk=claim.pk).assignee == newsroom["checker"]

    checker = second_browser(browser, live_server, "checker")
    expect(checker.locator("#fb-nav-notifications .fb-unread")).to_have_text("1")
    checker.click("#fb-nav-notifications")
    checker.get_by_role("link", name=re.compile("reporter assigned you a claim")).click()
    expect(checker).to_have_url(re.compile(rf"/admin/claims/claim/{claim.pk}/change/"))
    expect(checker.locator("#fb-nav-notifications .fb-unread")).to_have_count(0)

    admin = second_browser(browser, live_server, "editor")
    claim_page(admin, claim)
    admin.select_option("#id_assignee", label="reporter")
    admin.click("#fb-save")
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    page.reload()
    expect(page.locator("#fb-nav-notifications .fb-unread")).to_have_text("1")
    page.click("#fb-nav-mine")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)


def test_publishing_needs_a_verdict_and_an_explanation_and_links_the_review(
    page, newsroom, settings
):
    settings.FACTBASE_REVIEW_ARTICLE = REVIEW_ARTICLE
    claim = newsroom["claim"]
    log_in(page, "checker")
    claim_page(page, claim)
    page.click("#fb-publish")
    decision = page.locator(".fb-decision")
    expect(decision).to_contain_text("Publishing needs a verdict (not unrated).")
    expect(decision).to_contain_text("Publishing needs an explanation of the verdict.")
    assert Claim.objects.get(pk=claim.pk).status == "new"

    page.locator(".fb-chips label", has_text="Misleading").click()
    page.fill("#id_explanation", "An internal report puts membership at 240, not 300.")
    page.click("#fb-publish")
    review = page.locator("#fb-review")
    expect(review).to_contain_text("Published review")
    expect(page.locator("#fb-review-link")).to_have_attribute(
        "href", f"https://news.example.org/factchecks/{claim.pk}/"
    )
    assert Claim.objects.get(pk=claim.pk).status == "published"


def test_a_reporters_refused_edit_keeps_the_text_explains_and_goes_to_the_checker_as_a_note(
    page, newsroom
):
    claim, checker = newsroom["claim"], newsroom["checker"]
    claim_update(
        claim=claim,
        changes={"status": "reviewed", "verdict": "mixed", "explanation": "Two figures."},
        user=checker,
    )
    log_in(page, "reporter")
    claim_page(page, claim)
    expect(page.locator("#id_status")).to_be_disabled()
    page.fill("#id_text", "Union membership rose to 310 in 2019")
    page.click("#fb-save")

    expect(page.locator(".errorlist.nonfield")).to_contain_text(
        "only a fact-checker can change it now (you changed: claim)"
    )
    expect(page.locator(".errornote").first).to_be_visible()  # styled, not a bare 403 page
    expect(page.locator("#id_text")).to_have_value("Union membership rose to 310 in 2019")
    note = page.locator("#fb-note-text")
    expect(note).to_contain_text("@checker Suggested change")
    page.click("#fb-add-note")
    expect(page.locator(".fb-note-list")).to_contain_text("Union membership rose to 310 in 2019")
    assert Claim.objects.get(pk=claim.pk).text == "Union membership rose to 300 in 2019"
    assert Notification.objects.filter(recipient=checker, kind="mentioned").exists()


def test_two_people_saving_the_same_claim_resolve_it_with_a_comparison(
    page, browser, live_server, newsroom
):
    claim = newsroom["claim"]
    log_in(page, "reporter")
    claim_page(page, claim)
    checker = second_browser(browser, live_server, "checker")
    claim_page(checker, claim)

    checker.fill("#id_text", "Union membership rose to 310 in 2019")
    checker.fill("#id_tags", "membership,disputed")
    checker.click("#fb-save")
    expect(checker.locator(".messagelist")).to_contain_text("was changed successfully")

    page.fill("#id_text", "Union membership was 300 in 2019")
    page.fill("#id_claimed_on", "01/05/2019")
    page.click("#fb-save")
    conflict = page.locator("#fb-conflict")
    expect(page.locator(".errorlist.nonfield")).to_contain_text("checker changed claim, tags at")
    expect(conflict).to_contain_text("Union membership rose to 310 in 2019")
    expect(conflict).to_contain_text("Union membership was 300 in 2019")

    conflict.get_by_label("Keep this").check()
    expect(page.locator("#id_text")).to_have_value("Union membership rose to 310 in 2019")
    page.click("#fb-save")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    saved = Claim.objects.get(pk=claim.pk)
    assert saved.text == "Union membership rose to 310 in 2019"
    assert saved.tags == ["membership", "disputed"]
    assert str(saved.claimed_on) == "2019-05-01"


def test_a_claimant_is_found_by_name_from_the_header_search(page, newsroom):
    corbyn = entity_get_or_create(name="Jeremy Corbyn", kind=EntityKind.PERSON)[0]
    claim_create(text="The abuse she has received is shocking and appalling.", claimant=corbyn)
    log_in(page, "reporter")
    page.keyboard.press("/")
    page.keyboard.type("corbyn")
    page.keyboard.press("Enter")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("The abuse she has received is shocking")
    expect(rows).to_contain_text("Jeremy Corbyn")


def test_the_common_path_takes_eight_clicks_on_one_laptop_screen(page, newsroom, settings):
    """Find a claim, read it in context, add evidence, set verdict and explanation, publish."""
    settings.FACTBASE_REVIEW_ARTICLE = REVIEW_ARTICLE
    corbyn = entity_get_or_create(name="Jeremy Corbyn", kind=EntityKind.PERSON)[0]
    letter = source_create(title="Corbyn’s letter to the movement", body=CORBYN_LETTER)
    claim = claim_create(
        text="The movement’s membership has grown to 2,000 since 2016.", claimant=corbyn
    )
    citation_create(claim=claim, source=letter, quote="the movement’s members at 2,000")
    page.set_viewport_size(LAPTOP)
    log_in(page, "checker")
    clicks = 0

    def click(locator) -> None:
        nonlocal clicks
        clicks += 1
        locator.click()

    click(page.locator("#fb-nav-search input"))  # 1: find it
    page.keyboard.type("Corbyn membership")
    page.keyboard.press("Enter")
    click(page.get_by_role("link", name=re.compile("membership has grown to 2,000")))  # 2
    expect(page.locator(".fb-excerpt mark.fb-cite")).to_have_text(  # read in context
        "the movement’s members at 2,000"
    )
    for part in ("#id_verdict", "#id_explanation", "#fb-save", "#fb-publish"):
        assert page.locator(part).is_visible()
        box = page.locator(part).bounding_box()
        assert box["y"] + box["height"] <= LAPTOP["height"], f"{part} is below the fold"
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    row = page.locator(".fb-new-citation").first  # add evidence: the source, then the passage
    click(row.locator(".select2-selection"))  # 3
    page.keyboard.type("Corbyn")
    click(page.locator(".select2-results__option", has_text="Corbyn’s letter"))  # 4
    click(row.locator("textarea[name$='-quote']"))  # 5
    page.keyboard.type("up from 1,500 in 2016")
    click(page.locator(".fb-chips label", has_text="Accurate").first)  # 6: the verdict
    click(page.locator("#id_explanation"))  # 7
    page.keyboard.type("Its own count: 2,000 members, up from 1,500 in 2016.")
    click(page.locator("#fb-publish"))  # 8
    expect(page.locator("#fb-review")).to_contain_text("Published review")

    assert clicks <= 8
    saved = Claim.objects.get(pk=claim.pk)
    assert (saved.status, saved.verdict) == ("published", "accurate")
    assert saved.citations.filter(quote="up from 1,500 in 2016").exists()


def test_keyboard_shortcuts_step_through_the_queue_and_save(page, newsroom):
    first = claim_create(text="Fees rose to £6 a head in 2020.", check_worthiness=0.9)
    second = claim_create(text="Fees stayed at £5 a head in 2019.", check_worthiness=0.8)
    log_in(page, "checker")
    page.click("#fb-nav-queue")
    page.get_by_role("link", name=re.compile("Fees rose to £6")).click()
    expect(page).to_have_url(re.compile(rf"/claim/{first.pk}/change/"))
    page.wait_for_load_state()  # the page's script listens for keys once loaded
    page.keyboard.press("j")
    expect(page).to_have_url(re.compile(rf"/claim/{second.pk}/change/"))
    page.wait_for_load_state()
    page.keyboard.press("k")
    expect(page).to_have_url(re.compile(rf"/claim/{first.pk}/change/"))
    page.wait_for_load_state()
    page.fill("#id_tags", "fees")
    page.keyboard.press("Control+s")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page).to_have_url(re.compile(rf"/claim/{first.pk}/change/"))
    assert Claim.objects.get(pk=first.pk).tags == ["fees"]


def test_a_note_mentioning_a_colleague_reaches_their_notifications(
    page, browser, live_server, newsroom
):
    claim = newsroom["claim"]
    log_in(page, "reporter")
    claim_page(page, claim)
    page.fill("#fb-note-text", "@checker the report says 240 — can you look?")
    page.click("#fb-add-note")
    expect(page.locator(".fb-note-list")).to_contain_text("the report says 240")
    checker = second_browser(browser, live_server, "checker")
    checker.click("#fb-nav-notifications")
    expect(checker.locator("#result_list")).to_contain_text("reporter mentioned you in a note")
    assert Note.objects.get().author == newsroom["reporter"]
