"""Debug pages (development mode) go to loopback requests only, and mask credentials."""

import sys
from secrets import token_hex

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

pytestmark = pytest.mark.django_db

SETTINGS_PAGE_MARKERS = ("DATABASE_URL", "SECRET_KEY", "INSTALLED_APPS")


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    return settings


@pytest.mark.parametrize(
    ("host", "client_address"),
    [
        ("evil.example", "127.0.0.1"),  # DNS rebinding: a foreign name resolved to loopback
        ("evil.example:8000", "127.0.0.1"),
        ("127.0.0.1:8000", "192.0.2.7"),  # a loopback name from another machine
        ("10.0.0.5", "10.0.0.9"),
    ],
)
def test_debug_mode_refuses_requests_that_are_not_loopback_to_loopback(
    client, debug_on, host, client_address
):
    for path in ("/api/v1/", "/api/v1/no-such-route/", "/admin/login/"):
        response = client.get(path, HTTP_HOST=host, REMOTE_ADDR=client_address)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        body = response.content.decode()
        assert "development mode" in body
        for marker in (*SETTINGS_PAGE_MARKERS, "api/v1/claims"):
            assert marker not in body


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000"])
def test_debug_mode_still_serves_the_developer_on_loopback(client, debug_on, host):
    response = client.get("/admin/login/", HTTP_HOST=host, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200


def test_without_debug_mode_other_hosts_are_judged_by_allowed_hosts_alone(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["factbase.example.org"]
    response = client.get("/admin/login/", HTTP_HOST="factbase.example.org", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


def error_page() -> str:
    """The debug page of an error in a loopback request (the traceback stops in here)."""
    request = RequestFactory().get("/api/v1/", HTTP_HOST="localhost")
    try:
        raise RuntimeError("an error for the debug page")
    except RuntimeError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_html()


def test_a_debug_error_page_masks_connection_urls_and_passwords_in_urls(debug_on):
    secrets = {name: token_hex(8) for name in ("database", "cache", "feed")}
    debug_on.DATABASE_URL = f"postgresql://factbase:{secrets['database']}@db:5432/factbase"
    debug_on.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:{secrets['cache']}@cache:6379/0",
        }
    }
    debug_on.EXTERNAL_FEED = f"https://feeds:{secrets['feed']}@feeds.example.org/in"
    page = error_page()
    assert "an error for the debug page" in page  # the developer still sees the error
    for secret in secrets.values():
        assert secret not in page
