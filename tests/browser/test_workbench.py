"""A fact-checker's and a reporter's way through the admin, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.browser.conftest import PASTED, STATED, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_fact_checker_finds_checks_cites_and_rates_a_claim(page, newsroom):
    claim = newsroom["claim"]
    log_in(page, "checker")
    expect(page.locator("#fb-overview")).to_contain_text("Next in the review queue")

    # Search the claim list (full-text: "memberships" finds "membership").
    page.goto("/admin/claims/claim/")
    page.fill("#searchbar", "memberships 2019")
    page.press("#searchbar", "Enter")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=re.compile("Union membership rose")).click()

    # The citation is highlighted inside its sentence, with the text around it.
    mark = page.locator(".fb-excerpt mark.fb-cite")
    expect(mark).to_have_text(STATED)
    expect(page.locator(".fb-excerpt")).to_contain_text("she said: “" + STATED + "” Critics")

    # Add a citation: choose the source, paste the quote; no offsets.
    row = page.locator("#citations-1")
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Letter")
    page.locator(".select2-results__option", has_text="Letter to members").click()
    row.locator("textarea[name$='-quote']").fill(PASTED)
    row.locator("select[name$='-relation']").select_option("contradicts")

    # Rate it.
    page.locator(".fb-chips label", has_text="Misleading").click()
    page.fill("#id_explanation", "An internal report puts membership at 240, not 300.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".fb-excerpt mark.fb-cite")).to_have_count(2)
    expect(page.locator(".fb-excerpt mark.fb-cite").nth(1)).to_have_text(PASTED)

    saved = Claim.objects.get(pk=claim.pk)
    assert saved.verdict == "misleading"
    assert saved.citations.filter(relation="contradicts", quote=PASTED).exists()

    # The history page says who did it.
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    verdict_row = history.locator("tr", has_text="Misleading").first
    expect(verdict_row).to_contain_text("checker")
    expect(verdict_row).to_contain_text("Unrated")
    expect(history).to_contain_text(PASTED)


def test_a_reporter_sees_the_verdict_but_cannot_change_it(page, newsroom):
    log_in(page, "reporter")
    page.goto(f"/admin/claims/claim/{newsroom['claim'].pk}/change/")
    expect(page.locator(".field-verdict")).to_contain_text("Unrated")
    expect(page.locator("input[name=verdict]")).to_have_count(0)
    expect(page.locator("#id_explanation")).to_have_count(0)

    page.goto("/admin/claims/claim/")
    options = page.locator("select[name=action] option").all_text_contents()
    assert "Mark selected claims in review" in options
    assert not [option for option in options if option.startswith("Set verdict")]


def test_a_pasted_quote_that_is_not_in_the_source_is_explained(page, newsroom):
    log_in(page, "reporter")
    page.goto(f"/admin/claims/claim/{newsroom['claim'].pk}/change/")
    row = page.locator("#citations-1")
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Letter")
    page.locator(".select2-results__option", has_text="Letter to members").click()
    row.locator("textarea[name$='-quote']").fill("Membership fell to 200")
    page.click("input[name=_continue]")
    expect(page.locator(".errorlist")).to_contain_text("This quote does not occur in")
