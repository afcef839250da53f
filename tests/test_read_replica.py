"""Reads from a real streaming replica (DATABASE_REPLICA_URL) on the served process: API reads go
to the replica, writes, the admin and commands to the primary, and a client reads its own write
at once even while the replica lags (replay paused)."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.replica_cluster import Cluster, migrated_primary, primary_and_replica
from tests.served import ROOT, served

# Its own primary and replica on free ports, in their own directory: safe beside other tests.
pytestmark = pytest.mark.slow

DATABASE = "newsroom"


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    # The primary starts migrated (a copy of a data directory migrated once per set of
    # migrations), or empty with `--create-db` (`serve` then migrates from nothing with the
    # replica configured); the replica is a new base backup of it either way.
    if request.config.getoption("create_db"):
        with primary_and_replica() as cluster:
            cluster.primary_sql(f"CREATE DATABASE {DATABASE}")
            yield cluster
    else:
        with primary_and_replica(migrated_primary(DATABASE)) as cluster:
            yield cluster


def with_replica(cluster: Cluster) -> dict[str, str]:
    return {
        "DATABASE_URL": cluster.primary_url(DATABASE),
        "DATABASE_REPLICA_URL": cluster.replica_url(DATABASE),
        # One key for the service and the commands: the admin session is made by a command.
        "SECRET_KEY": "a test key shared by the service and its commands " * 2,
        # Read-your-writes positions shared by the workers, as production needs.
        "CACHE_URL": "dbcache://factbase_cache",
    }


def manage(cluster: Cluster, *args: str) -> str:
    """`manage.py <args>` with the replica configured; what it prints."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **with_replica(cluster), "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def shell(cluster: Cluster, code: str) -> str:
    """Python in `manage.py shell` with the replica configured; the last line it prints."""
    return manage(cluster, "shell", "--verbosity", "0", "--command", code).strip().splitlines()[-1]


def call(url: str, *, headers: dict, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


CREDENTIALS = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from knox.models import get_token_model

call_command('createcachetable')

def token(name, codenames):
    user = User.objects.create_user(name)  # a token, no password (no 0.2 s PBKDF2 hash)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return get_token_model().objects.create(user)[1]

admin = User.objects.get(username='admin')
session = SessionStore()
session[SESSION_KEY] = str(admin.pk)  # as django.contrib.auth.login stores it
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
session.create()
print(json.dumps({
    'writer': token('writer', ['view_claim', 'add_claim', 'change_claim']),
    'reader': token('reader', ['view_claim']),
    'colleague': token('colleague', ['view_claim', 'add_claim']),
    'admin_session': session.session_key,
}))
"""


def test_api_reads_use_the_replica_and_a_client_reads_its_own_writes_under_lag(cluster, tmp_path):
    env = {**with_replica(cluster), "API_THROTTLE_TOKEN": "100000/minute"}
    # `serve` migrates (nothing left to apply but with `--create-db`) and creates the admin
    # login with the replica configured, and a command makes the cache table: all on the
    # primary (the replica refuses writes).
    # Two workers: a client's read may reach another worker than its write.
    with served(env["DATABASE_URL"], var_dir=tmp_path / "var", workers=2, env=env) as base:
        credentials = json.loads(shell(cluster, CREDENTIALS))
        writer = {"Authorization": f"Token {credentials['writer']}"}
        reader = {"Authorization": f"Token {credentials['reader']}"}
        colleague = {"Authorization": f"Token {credentials['colleague']}"}
        admin = {"Cookie": f"sessionid={credentials['admin_session']}"}
        claims = f"{base}/api/v1/claims/"

        cluster.wait_caught_up()
        assert call(claims, headers=reader)[0] == 200

        # Lag: the replica receives the primary's WAL but replays none of it.
        cluster.pause_replay()
        status, body = call(
            claims, headers=writer, method="POST", body={"text": "Membership rose by 40% in 2019"}
        )
        assert status == 201, body
        claim_id = json.loads(body)["id"]
        claim = f"{claims}{claim_id}/"

        # The write went to the primary; the replica has not replayed it.
        assert cluster.primary_sql(
            f"SELECT count(*) FROM claims_claim WHERE id = {claim_id}", database=DATABASE
        )
        assert not cluster.replica_sql(
            f"SELECT count(*) FROM claims_claim WHERE id = {claim_id}", database=DATABASE
        )

        # The writer reads its own write at once, in the detail and in the list, from
        # whichever worker answers ...
        for _ in range(3):
            status, body = call(claim, headers=writer)
            assert status == 200
            assert "Membership rose by 40%" in body
            status, body = call(claims, headers=writer)
            assert [c["id"] for c in json.loads(body)["results"]] == [claim_id]
        # ... another client reads from the lagging replica ...
        assert call(claim, headers=reader)[0] == 404
        assert json.loads(call(claims, headers=reader)[1])["results"] == []
        # ... and the admin (a journalist's desk) and management commands read the primary.
        status, body = call(f"{base}/admin/claims/claim/{claim_id}/change/", headers=admin)
        assert status == 200
        assert "Membership rose by 40%" in body
        from_command = "from claims.models import Claim\n"
        from_command += f"print(Claim.objects.filter(pk={claim_id}).exists())"
        assert shell(cluster, from_command) == "True"

        # A sync job that read the change in the event feed (on the primary) can fetch it.
        status, body = call(f"{base}/api/v1/events/", headers=reader)
        assert status == 200
        events = json.loads(body)["results"]
        assert ("claim.created", claim_id) in [(e["type"], e["object_id"]) for e in events]
        assert call(claim, headers=reader)[0] == 200

        # Once the replica has replayed the write, everyone reads it there.
        cluster.resume_replay()
        cluster.wait_caught_up()
        assert call(claim, headers=reader)[0] == 200
        # Similar claims (raw SQL beside the ORM) read there too.
        assert call(f"{claim}similar/", headers=reader)[0] == 200

        # The writer's reads are back on the replica once it holds the write: a claim a
        # colleague writes while replay is paused again is not visible to them yet.
        cluster.pause_replay()
        status, body = call(
            claims, headers=colleague, method="POST", body={"text": "Turnout fell to 52% in 2021"}
        )
        assert status == 201, body
        other = json.loads(body)["id"]
        assert call(f"{claims}{other}/", headers=writer)[0] == 404
        assert call(f"{claims}{other}/", headers=colleague)[0] == 200
        cluster.resume_replay()

        # A replica that is down: reads go to the primary.
        cluster.stop("replica")
        status, body = call(f"{claims}{other}/", headers=reader)
        assert status == 200, body
