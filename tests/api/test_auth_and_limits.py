"""Tokens, groups, throttling, size limits and the error shape."""

import base64
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.test import APIClient

from claims.models import CLAIM_TEXT_MAX_CHARS
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"status", "code", "detail", "errors"}


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_login_with_basic_auth_gives_a_working_expiring_token(reader):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/login/", HTTP_AUTHORIZATION=basic("reader", "correct horse battery")
    )
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert response.json()["expiry"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/claims/").status_code == 200
    # Stored hashed: the token itself is nowhere in the database.
    assert not get_token_model().objects.filter(digest=token).exists()
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/claims/").status_code == 401


def test_login_with_a_wrong_password_is_401(reader):
    response = APIClient().post("/api/v1/auth/login/", HTTP_AUTHORIZATION=basic("reader", "wrong"))
    assert response.status_code == 401
    assert set(response.json()) >= ERROR_KEYS


def test_create_token_command_prints_a_usable_token(reader):
    out = StringIO()
    call_command("create_token", "reader", "--days", "7", stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get("/api/v1/claims/").status_code == 200
    expiry = get_token_model().objects.get(user=reader).expiry
    assert timedelta(days=6) < expiry - timezone.now() <= timedelta(days=7)
    with pytest.raises(CommandError, match="No user"):
        call_command("create_token", "ghost", stdout=StringIO(), stderr=StringIO())


def test_an_expired_or_malformed_token_is_401(reader):
    _, token = get_token_model().objects.create(user=reader, expiry=timedelta(seconds=-1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/claims/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token \xff\xfe")
    assert client.get("/api/v1/claims/").status_code == 401


def test_logging_in_deletes_the_users_expired_tokens_and_keeps_the_others(reader):
    tokens = get_token_model().objects
    tokens.create(user=reader, expiry=timedelta(seconds=-1))
    _, valid = tokens.create(user=reader, expiry=timedelta(days=1))
    other_user_expired = tokens.create(user=UserFactory(), expiry=timedelta(seconds=-1))[0]
    response = APIClient().post(
        "/api/v1/auth/login/", HTTP_AUTHORIZATION=basic("reader", "correct horse battery")
    )
    assert response.status_code == 200
    assert tokens.filter(user=reader, expiry__lt=timezone.now()).count() == 0
    assert tokens.filter(user=reader).count() == 2  # the valid one and the new one
    assert tokens.filter(pk=other_user_expired.pk).exists()  # not theirs to prune
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {valid}")
    assert client.get("/api/v1/claims/").status_code == 200


def test_session_auth_works_for_the_browsable_api(client, reader):
    client.force_login(reader)
    response = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"<html" in response.content


def test_the_editorial_groups_exist_with_their_permissions():
    def perms(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    readable = ("source", "entity", "claim", "citation", "claimrelation")
    assert perms("reader") == {f"view_{m}" for m in readable}
    reporter = perms("reporter")
    assert {"add_claim", "change_source", "view_citation", "add_entity"} <= reporter
    # Claim relations (suggested matches) are decided, never added or deleted by hand.
    assert {"view_claimrelation", "change_claimrelation"} <= reporter
    assert "add_claimrelation" not in reporter
    assert "review_claim" not in reporter
    assert not any(codename.startswith("delete_") for codename in reporter)
    assert perms("fact-checker") == reporter | {"review_claim"}


def test_throttling_answers_429_with_retry_after(api, reader, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "3/minute"},
    }
    client = api(reader)
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/claims/")
    assert int(response["Retry-After"]) >= 1
    assert response.json()["code"] == "throttled"
    # Another token of the same user has its own budget.
    assert api(reader).get("/api/v1/claims/").status_code == 200
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/claims/").status_code for _ in range(3)] == [401, 401, 429]


def test_wrong_passwords_at_login_are_throttled_by_address(reader, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "token": "100/minute"},
    }
    client = APIClient()
    wrong = [
        client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=basic("reader", f"guess{i}"))
        for i in range(5)
    ]
    assert [response.status_code for response in wrong] == [401, 401, 401, 429, 429]
    assert int(wrong[-1]["Retry-After"]) >= 1
    assert wrong[-1].json()["code"] == "throttled"
    # Once throttled, even the right password is not tried from that address...
    right = basic("reader", "correct horse battery")
    assert client.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=right).status_code == 429
    # ...and a forged X-Forwarded-For does not buy a fresh budget (NUM_PROXIES is 0).
    forged = client.post(
        "/api/v1/auth/login/", HTTP_AUTHORIZATION=right, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert forged.status_code == 429
    # Another address is unaffected.
    other = APIClient(REMOTE_ADDR="198.51.100.7")
    assert other.post("/api/v1/auth/login/", HTTP_AUTHORIZATION=right).status_code == 200


def test_bad_tokens_count_against_the_address(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "100/minute"},
    }
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_an_oversized_body_is_413(api, reporter, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = api(reporter).post("/api/v1/claims/", {"text": "x" * 2000}, format="json")
    assert response.status_code == 413
    assert set(response.json()) >= ERROR_KEYS


def test_an_overlong_text_field_is_400_naming_it(api, reporter):
    response = api(reporter).post(
        "/api/v1/claims/", {"text": "x" * (CLAIM_TEXT_MAX_CHARS + 1)}, format="json"
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_malformed_json_and_wrong_methods_keep_the_error_shape(api, reporter):
    client = api(reporter)
    malformed = client.post("/api/v1/claims/", "{not json", content_type="application/json")
    assert malformed.status_code == 400
    assert set(malformed.json()) >= ERROR_KEYS
    form = client.post("/api/v1/claims/", {"text": "x"})  # multipart: not accepted
    assert form.status_code == 415
    assert set(form.json()) >= ERROR_KEYS
    claim = ClaimFactory()
    wrong = client.post(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    assert wrong.status_code == 405
    assert set(wrong.json()) >= ERROR_KEYS


def test_unknown_api_paths_are_json_404(api, reader, settings):
    settings.DEBUG = False
    response = api(reader).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert set(response.json()) >= ERROR_KEYS


def test_a_user_in_no_group_and_inactive_users(api):
    inactive = UserFactory(username="gone", is_active=False)
    client = APIClient()
    _, token = get_token_model().objects.create(user=inactive)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/claims/").status_code == 401


def test_a_permission_taken_away_counts_from_the_next_request(api, reader, reporter):
    """Permissions come with the token on every request, never from an earlier one."""
    claim = ClaimFactory()
    reading = api(reader)
    assert reading.get("/api/v1/claims/").status_code == 200

    Group.objects.get(name="reader").permissions.remove(
        Permission.objects.get(codename="view_claim")
    )
    assert reading.get("/api/v1/claims/").status_code == 403
    assert reading.get("/api/v1/sources/").status_code == 200

    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    assert reading.get("/api/v1/claims/").status_code == 200

    writing = api(reporter)
    assert writing.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
    reporter.groups.clear()
    assert writing.get(f"/api/v1/claims/{claim.pk}/").status_code == 403
