"""A pooled connection is checked with a round trip only when the server has sent something
since it was last used (factbase/pool_check.py): a connection the server ended fails the check
and the pool gives a working one; an idle one is taken as it is."""

import os
import select
import subprocess
import sys
from collections.abc import Iterator
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from psycopg_pool import ConnectionPool

from factbase.pool_check import check_connection
from tests.served import database_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def url() -> str:
    return database_url(settings.DATABASES["default"])


@pytest.fixture
def admin(url) -> Iterator[psycopg.Connection]:
    with psycopg.connect(url, autocommit=True) as connection:
        yield connection


def _until_readable(connection: psycopg.Connection) -> None:
    """Wait for what the server sends (no timing is asserted)."""
    poller = select.poll()
    poller.register(connection.fileno(), select.POLLIN)
    assert poller.poll(30_000)


def _end(admin: psycopg.Connection, connection: psycopg.Connection) -> None:
    """End the connection's backend, as a server restart does (an error, then the end)."""
    admin.execute("SELECT pg_terminate_backend(%s)", [connection.info.backend_pid])
    _until_readable(connection)


@pytest.fixture
def round_trips() -> Iterator[mock.Mock]:
    """psycopg_pool's own check (an empty statement), watched."""
    with mock.patch.object(
        ConnectionPool, "check_connection", wraps=ConnectionPool.check_connection
    ) as watched:
        yield watched


def test_an_idle_connection_passes_without_a_round_trip(url, round_trips):
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT 1")
        check_connection(connection)
    round_trips.assert_not_called()


def test_a_connection_the_server_ended_fails_the_check(url, admin, round_trips):
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT 1")
        _end(admin, connection)
        with pytest.raises(psycopg.OperationalError):
            check_connection(connection)
    round_trips.assert_called_once()


def test_a_connection_with_something_else_to_read_is_checked_and_passes(url, admin, round_trips):
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("LISTEN pool_check")
        admin.execute("NOTIFY pool_check")
        _until_readable(connection)
        check_connection(connection)
        assert connection.execute("SELECT 1").fetchone() == (1,)
    round_trips.assert_called_once()


def test_the_pool_replaces_a_connection_the_server_ended(url, admin):
    with ConnectionPool(
        url, kwargs={"autocommit": True}, min_size=1, max_size=1, check=check_connection
    ) as pool:
        with pool.connection() as connection:
            ended = connection.info.backend_pid
        _end(admin, connection)
        with pool.connection(timeout=30) as connection:
            assert connection.info.backend_pid != ended
            assert connection.execute("SELECT 1").fetchone() == (1,)


def test_the_web_process_checks_its_pooled_connections_this_way():
    script = (
        "import factbase.asgi\n"
        "from django.db import connections\n"
        "check = connections['default'].pool._check\n"
        "print(check.__module__, check.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": database_url(settings.DATABASES["default"])},
    )
    assert done.stdout.split() == ["factbase.pool_check", "check_connection"]
