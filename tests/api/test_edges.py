"""The API's edges: JSON for every error under /api/, rate-limit headers, token vs address."""

import time
from array import array

import pytest
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from factbase.api.throttling import TokenThrottle
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"status", "code", "detail", "errors"}


def json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert set(body) >= ERROR_KEYS
    return body


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing/",
        "/api/nothing",
        "/api/v1/claims/1/no-such-action/",
        "/api/v2/claims/",
        "/api/v1/claims/abc/",
    ],
)
def test_unknown_api_paths_are_json_404_never_the_url_list(api, reader, settings, debug, path):
    settings.DEBUG = debug
    ClaimFactory()
    # Development mode answers loopback hosts only, so ask as a developer's browser does.
    body = json_error(api(reader).get(path, HTTP_HOST="localhost"), 404)
    assert "claims/<" not in body["detail"]


def test_unknown_paths_are_json_404_without_credentials_too(settings):
    settings.DEBUG = True
    json_error(APIClient().get("/api/v1/no-such-thing/", HTTP_HOST="localhost"), 404)


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
def test_a_method_a_list_does_not_take_is_json_405(api, reporter, method):
    response = getattr(api(reporter), method)("/api/v1/claims/", {}, format="json")
    json_error(response, 405)
    assert "GET" in response["Allow"]


def test_a_valid_token_is_served_after_the_address_used_up_its_anonymous_budget(
    api, reader, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "100/minute"},
    }
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/claims/").status_code for _ in range(3)] == [401, 401, 429]
    # The same address, now with a token: its own budget, not the exhausted anonymous one.
    assert api(reader).get("/api/v1/claims/").status_code == 200


def test_responses_carry_ratelimit_headers_for_the_budget_they_count_against(api, reader, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "token": "3/minute"},
    }
    client = api(reader)
    responses = [client.get("/api/v1/claims/") for _ in range(4)]
    assert [r["RateLimit-Limit"] for r in responses] == ["3", "3", "3", "3"]
    assert [r["RateLimit-Remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert responses[-1].status_code == 429
    assert 0 < int(responses[-1]["RateLimit-Reset"]) <= 60
    anonymous = APIClient().get("/api/v1/claims/")
    assert (anonymous["RateLimit-Limit"], anonymous["RateLimit-Remaining"]) == ("5", "4")


def test_a_tokens_request_history_is_kept_as_one_array_of_times(api, reader, settings):
    """The cache pickles an array as one block of bytes (a list, float by float, on every
    request): the counting and the headers are the same."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "token": "50/minute"},
    }
    client = api(reader)
    remaining = [client.get("/api/v1/entities/")["RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["49", "48", "47"]
    ident = f"token-{client.token[: CONSTANTS.TOKEN_KEY_LENGTH]}"
    key = TokenThrottle.cache_format % {"scope": "token", "ident": ident}
    history = TokenThrottle.cache.get(key)
    assert type(history) is array
    assert history.typecode == "d"
    assert len(history) == 3
    assert list(history) == sorted(history, reverse=True)


def test_a_request_history_cached_as_a_list_goes_on_counting(api, reader, settings):
    """A history written as a list (before it was kept as an array, or by a worker still
    running that code) counts as it did: its requests in the period use the budget, an older
    one has dropped out, and the next write keeps it as an array."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "token": "4/minute"},
    }
    client = api(reader)
    ident = f"token-{client.token[: CONSTANTS.TOKEN_KEY_LENGTH]}"
    key = TokenThrottle.cache_format % {"scope": "token", "ident": ident}
    now = time.time()
    TokenThrottle.cache.set(key, [now - 1, now - 2, now - 120], 60)
    responses = [client.get("/api/v1/entities/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert [r["RateLimit-Remaining"] for r in responses] == ["1", "0", "0"]
    history = TokenThrottle.cache.get(key)
    assert type(history) is array
    assert list(history[2:]) == [now - 1, now - 2]
