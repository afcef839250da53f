"""Screenshots of the claim and source forms.

`make screenshots` writes them to docs/screenshots/ (FACTBASE_SCREENSHOT_DIR); in a normal test
run they go to a temporary directory, so the test still proves both pages render.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.services import citation_create, claim_create, relation_suggest
from tests.browser.conftest import PASTED, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_screenshots_of_the_claim_and_source_forms(page, newsroom, tmp_path):
    out = Path(os.environ.get("FACTBASE_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    claim, letter = newsroom["claim"], newsroom["letter"]
    citation_create(claim=claim, source=letter, quote=PASTED, relation="contradicts")
    similar = claim_create(text="Membership of the union rose to 300 in 2019", tags=["x"])
    relation_suggest(from_claim=similar, to_claim=claim, score=0.82, method="import: fuzzy text")
    claim_create(text="Union membership reached 300 in 2019, a record")

    log_in(page, "checker")
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator(".fb-excerpt mark.fb-cite")).to_have_count(2)
    page.screenshot(path=out / "claim-form.png", full_page=True)

    page.goto(f"/admin/sources/source/{letter.pk}/change/")
    expect(page.locator(".fb-body mark.fb-cite")).to_have_count(2)
    page.screenshot(path=out / "source-form.png", full_page=True)

    assert (out / "claim-form.png").stat().st_size > 10_000
    assert (out / "source-form.png").stat().st_size > 10_000
