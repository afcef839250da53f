"""Chromium (Debian's, never a downloaded one) driven by Playwright against a live server.

If /usr/bin/chromium is missing it is installed with apt-get; if that fails the run fails:
the browser tests are part of CI and must not silently skip.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from claims.services import citation_create, claim_create
from sources.models import EntityKind
from sources.services import entity_get_or_create, source_create
from tests.conftest import admin_user_with

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
TIMEOUT_MS = 15_000

BODY = (
    "The union’s general secretary wrote to members on Monday. "
    "In the letter, she said: “Membership rose to 300 in 2019, the highest in a decade.” "
    "Critics disputed the figure – an internal report puts it at 240. "
    "Fees stayed at £5 a head. "
    "A spokesperson declined to comment further."
)
STATED = "Membership rose to 300 in 2019, the highest in a decade."
PASTED = "an internal report puts it at 240"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings) -> None:
    """`make screenshots` gets its own test database, so it can run while `make test` does
    (both would otherwise create and drop the same test database on the shared server)."""
    if os.environ.get("FACTBASE_SCREENSHOT_DIR"):
        from django.conf import settings

        test = settings.DATABASES["default"].setdefault("TEST", {})
        test["NAME"] = f"test_factbase_screenshots_{os.getpid()}"


def _apt_get(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        ["apt-get", *args], capture_output=True, text=True, env=env, check=False, timeout=900
    )


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        if shutil.which("apt-get") is None:
            pytest.fail("Chromium is missing and apt-get is not available to install it.")
        result = _apt_get("install", "-y", "chromium")
        if result.returncode != 0:
            _apt_get("update")
            result = _apt_get("install", "-y", "chromium")
        if result.returncode != 0 or not CHROMIUM.exists():
            pytest.fail(f"Could not install Chromium with apt-get:\n{result.stderr[-2000:]}")
    return str(CHROMIUM)


@pytest.fixture(scope="module", autouse=True)
def _sync_orm_beside_playwright():
    """The sync Playwright API runs an event loop in this thread, while the test's own ORM calls
    (fixtures, assertions, the database flush) stay synchronous: lift Django's async-safety
    guard while a browser module runs, and only then (the browser closes with the module)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(chromium_path, django_db_setup) -> Iterator[Browser]:
    """Chromium for one test module, started after the test database exists."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def newsroom(transactional_db) -> dict:
    """A reporter, a fact-checker, and a letter with a claim cited from it."""
    reporter = admin_user_with("reporter")
    checker = admin_user_with("checker", review=True)
    union = entity_get_or_create(name="Teachers’ Union", kind=EntityKind.ORGANISATION)[0]
    letter = source_create(
        title="Letter to members",
        body=BODY,
        kind="letter",
        publisher=union,
        url="https://example.org/letter",
    )
    claim = claim_create(
        text="Union membership rose to 300 in 2019", claimant=union, tags=["membership"]
    )
    citation_create(claim=claim, source=letter, quote=STATED, created_by=reporter)
    claim_create(text="Fees stayed at £5 a head", claimant=union)
    return {"reporter": reporter, "checker": checker, "letter": letter, "claim": claim}
