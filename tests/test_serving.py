"""The served process (`make run`'s web server): slow or stalled clients cannot starve it, its
database connections are bounded, and its debug pages never reach another host."""

import socket
import threading

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import DEFAULT_DB_ALIAS
from knox.models import get_token_model

from tests.database_flush import flush_tables_with_rows
from tests.factories import ClaimFactory, UserFactory
from tests.served import database_url, http_status, served

# django_db: pytest-django creates the test database only for a run holding a test that uses it.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Requests of the served process that may run at once (and so its database connections).
CONCURRENCY = 3
# How long a stalled request body is waited for: the 408 test waits this long, while the web
# worker's start (which counts against it too) takes about a second on an idle machine.
REQUEST_TIMEOUT_SECONDS = 8
# A request head that never ends (no blank line), and a body shorter than its Content-Length.
INCOMPLETE_HEAD = b"GET /api/v1/claims/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Waiting: "
SHORT_BODY = (
    b"POST /api/v1/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    b'{"username": '
)


@pytest.fixture(scope="module")
def service(django_db_setup, django_db_blocker, tmp_path_factory):
    """The service with one worker, on the test database, and a reader's token for it."""
    with django_db_blocker.unblock():
        user = UserFactory(username="reader")
        user.user_permissions.add(Permission.objects.get(codename="view_claim"))
        ClaimFactory(text="Turnout was 40%")
        token = get_token_model().objects.create(user=user)[1]
        try:
            with served(
                database_url(settings.DATABASES["default"]),
                var_dir=tmp_path_factory.mktemp("var"),
                env={
                    "WEB_MAX_CONCURRENT_REQUESTS": str(CONCURRENCY),
                    "WEB_REQUEST_TIMEOUT_SECONDS": str(REQUEST_TIMEOUT_SECONDS),
                },
            ) as base:
                yield base, {"Authorization": f"Token {token}"}
        finally:
            flush_tables_with_rows(DEFAULT_DB_ALIAS)  # as after a transactional test


def open_stalled(base: str, payload: bytes, count: int) -> list[socket.socket]:
    port = int(base.rsplit(":", 1)[1])
    connections = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(payload)
        connections.append(connection)
    return connections


def test_clients_that_never_finish_their_request_do_not_stop_others_being_served(service):
    base, auth = service  # one worker: a synchronous worker would be held by the first
    stalled = open_stalled(base, INCOMPLETE_HEAD, 50) + open_stalled(base, SHORT_BODY, 3)
    try:
        statuses = [
            http_status(f"{base}/api/v1/claims/", timeout=10, headers=auth) for _ in range(5)
        ]
    finally:
        for connection in stalled:
            connection.close()
    assert statuses == [200] * 5


def test_a_body_shorter_than_announced_is_answered_408_and_its_connection_closed(service):
    base, auth = service
    (stalled,) = open_stalled(base, SHORT_BODY, 1)
    stalled.settimeout(90)
    try:
        served_meanwhile = http_status(f"{base}/api/v1/claims/", timeout=10, headers=auth)
        answer = b""
        while chunk := stalled.recv(4096):
            answer += chunk
    finally:
        stalled.close()
    assert served_meanwhile == 200
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert b'"code": "request_timeout"' in answer


def test_the_web_server_uses_at_most_its_configured_database_connections(service) -> None:
    base, auth = service
    statuses: list[int | None] = []
    observed: list[int] = []

    def get():
        statuses.append(http_status(f"{base}/api/v1/claims/", timeout=30, headers=auth))

    threads = [threading.Thread(target=get) for _ in range(30)]
    for thread in threads:
        thread.start()
    with psycopg.connect(database_url(settings.DATABASES["default"])) as watcher:
        while any(thread.is_alive() for thread in threads):
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE application_name = 'factbase-web' AND datname = current_database()"
            ).fetchone()
            assert row is not None
            observed.append(row[0])
    for thread in threads:
        thread.join()
    assert statuses == [200] * 30
    assert 0 < max(observed) <= CONCURRENCY


def test_a_foreign_host_gets_no_debug_page_from_the_development_server(service):
    base, _ = service
    (connection,) = open_stalled(
        base,
        b"GET /api/v1/nothing-here/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        1,
    )
    connection.settimeout(10)
    with connection:
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    for leak in (b"DATABASE", b"SECRET_KEY", b"urlpatterns", b"api/v1/claims"):
        assert leak not in answer
