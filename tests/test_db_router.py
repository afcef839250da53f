"""Which database a read goes to (factbase/db_router.py); the real replica is exercised in
tests/test_read_replica.py. Without DATABASE_REPLICA_URL everything reads the primary."""

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import MiddlewareNotUsed
from django.db import router
from django.test import RequestFactory
from knox.models import AuthToken

from claims.models import Citation, Claim
from events.models import Event
from factbase import db_router
from factbase.db_router import REPLICA, ReplicaReadsMiddleware, check_shared_cache
from sources.models import Entity, Source
from tests.test_settings import run_manage


@pytest.fixture
def replica_reads():
    """Reads of this block routed as in an API GET that may use the replica."""
    token = db_router._reads_from.set(REPLICA)
    yield
    db_router._reads_from.reset(token)


def test_without_a_request_choosing_the_replica_every_read_goes_to_the_primary():
    for model in (Claim, Citation, Source, Entity, User, AuthToken):
        assert router.db_for_read(model) == "default"


@pytest.mark.usefixtures("replica_reads")
def test_newsroom_data_reads_from_the_replica_in_an_api_read():
    for model in (Claim, Citation, Source, Entity):
        assert router.db_for_read(model) == REPLICA


@pytest.mark.usefixtures("replica_reads")
def test_credentials_the_event_feed_and_writes_stay_on_the_primary_in_an_api_read():
    # A revoked token must stop working at once, whatever the replica's lag.
    for model in (User, AuthToken, Session, Event):
        assert router.db_for_read(model) == "default"
    for model in (Claim, Source, User):
        assert router.db_for_write(model) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "claims")
    assert not router.allow_migrate(REPLICA, "claims")


def test_with_no_replica_configured_the_middleware_is_left_out():
    with pytest.raises(MiddlewareNotUsed):
        ReplicaReadsMiddleware(lambda request: None)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/claims/"),
        ("PATCH", "/api/v1/claims/1/"),
        ("GET", "/admin/claims/claim/"),
        ("GET", "/admin/claims/claim/1/change/"),
    ],
)
def test_writes_and_the_admin_read_from_the_primary(method, path):
    request = RequestFactory().generic(method, path)
    assert db_router.reads_alias(request) == "default"


def test_the_read_your_writes_key_is_per_credential_and_holds_no_secret():
    factory = RequestFactory()
    token = "0123456789abcdef" * 4
    by_token = db_router.credential_key(factory.get("/", HTTP_AUTHORIZATION=f"Token {token}"))
    other_token = db_router.credential_key(factory.get("/", HTTP_AUTHORIZATION="Token other"))
    session_request = factory.get("/")
    session_request.COOKIES["sessionid"] = "s3ss10n"
    by_session = db_router.credential_key(session_request)

    assert db_router.credential_key(factory.get("/")) is None  # anonymous: nothing to pin
    assert len({by_token, other_token, by_session}) == 3
    assert token not in by_token
    assert "s3ss10n" not in by_session


def test_a_replica_with_a_per_process_cache_is_warned_about(settings, monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in check_shared_cache()] == ["factbase.W001"]

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "factbase_cache",
        }
    }
    assert check_shared_cache() == []


def test_a_replica_url_that_is_not_postgresql_is_refused():
    result = run_manage("check", DATABASE_REPLICA_URL="sqlite:///replica.db")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must be a PostgreSQL URL." in result.stderr
