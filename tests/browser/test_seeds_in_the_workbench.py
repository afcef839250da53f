"""The imported seed pages, as a journalist meets them in the admin."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import admin_user_with

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CORBYN_QUOTE = (
    "It is my heartfelt wish that your members will choose to retain the historic relationship"
)


@pytest.fixture
def seeded(transactional_db):
    call_command("import_seeds", stdout=StringIO())
    return admin_user_with("checker", review=True)


def test_a_seed_claim_is_found_by_search_and_shown_highlighted_in_its_article(page, seeded):
    log_in(page, "checker")
    page.goto("/admin/claims/claim/")
    page.fill("#searchbar", '"heartfelt wish"')
    page.press("#searchbar", "Enter")
    quote_row = page.locator("#result_list tbody tr", has_text="It is my heartfelt wish")
    expect(quote_row).to_have_count(1)
    expect(quote_row).to_contain_text("Jeremy Corbyn")
    quote_row.get_by_role("link", name="It is my heartfelt wish").click()

    mark = page.locator(".fb-excerpt mark.fb-cite").first
    expect(mark).to_contain_text(CORBYN_QUOTE)
    expect(page.locator(".fb-excerpt").first).to_contain_text("Corbyn")
    expect(
        page.get_by_role("link", name="Corbyn says it is his ‘heartfelt wish’").first
    ).to_be_visible()


def test_the_claim_stated_in_two_sources_shows_both_citations(page, seeded):
    log_in(page, "checker")
    page.goto("/admin/claims/claim/")
    page.fill("#searchbar", "affiliated 1920")
    page.press("#searchbar", "Enter")
    # The merged claim reads as its first passage did, in the source's own words.
    page.get_by_role("link", name=re.compile("Labour’s Jewish affiliate since 1920")).first.click()
    # Three passages state it, in two sources; the quoted words of the sentence after the
    # affiliation belong to the claim of what the organisation said it will do.
    marks = page.locator(".fb-excerpt mark.fb-cite")
    expect(marks).to_have_count(3)
    expect(page.locator(".fb-excerpt").first).to_contain_text("since 1920")
