"""Screenshots of the desk for the README, on a 1366 × 768 laptop screen.

`make screenshots` writes them to docs/screenshots/ (FACTBASE_SCREENSHOT_DIR); in a normal test
run they go to a temporary directory, so the test still proves each page renders.
"""

import os
from pathlib import Path

import pghistory
import pytest
from playwright.sync_api import expect

from claims.models import Note
from claims.services import citation_create, claim_create, claim_update, relation_suggest
from claims.team import checklist_start, note_create
from tests.browser.conftest import PASTED, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

LAPTOP = {"width": 1366, "height": 768}
SHOTS = ("queue", "claim-form", "conflict", "notifications", "source-form")


def test_screenshots_of_the_desk(page, browser, live_server, newsroom, tmp_path):
    out = Path(os.environ.get("FACTBASE_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    claim, letter = newsroom["claim"], newsroom["letter"]
    reporter, checker = newsroom["reporter"], newsroom["checker"]
    citation_create(claim=claim, source=letter, quote=PASTED, relation="contradicts")
    similar = claim_create(text="Membership of the union rose to 300 in 2019", tags=["x"])
    relation_suggest(
        from_claim=similar, to_claim=claim, score=0.82, method="import: text (token_set_ratio=91)"
    )
    claim_create(text="Union membership reached 300 in 2019, a record", check_worthiness=0.7)
    claim_create(text="the highest in a decade", check_worthiness=0.9)
    claim_update(claim=claim, changes={"assignee": checker, "check_worthiness": 0.8}, user=reporter)
    checklist_start(claim=claim)
    note_create(claim=claim, author=reporter, text="@checker the internal report says 240.")
    page.set_viewport_size(LAPTOP)
    log_in(page, "checker")

    page.click("#fb-nav-queue")
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    page.screenshot(path=out / "queue.png")

    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator(".fb-excerpt mark.fb-cite")).to_have_count(2)
    page.locator(".fb-chips label", has_text="Misleading").click()
    page.fill("#id_explanation", "An internal report puts membership at 240, not 300.")
    page.screenshot(path=out / "claim-form.png")

    # A conflict: the reporter rewords the claim while the fact-checker's form is open.
    with pghistory.context(user=reporter.pk):
        claim_update(claim=claim, changes={"text": "Union membership rose to 310 in 2019"})
    page.fill("#id_text", "Union membership was 300 in 2019")
    page.click("#fb-save")
    expect(page.locator("#fb-conflict")).to_be_visible()
    page.screenshot(path=out / "conflict.png")

    page.goto("/admin/claims/notification/")
    page.screenshot(path=out / "notifications.png")

    page.goto(f"/admin/sources/source/{letter.pk}/change/")
    expect(page.locator(".fb-body mark.fb-cite")).to_have_count(2)
    page.screenshot(path=out / "source-form.png")

    for name in SHOTS:
        assert (out / f"{name}.png").stat().st_size > 10_000
    assert Note.objects.count() == 1
