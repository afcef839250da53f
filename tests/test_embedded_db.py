"""The embedded PostgreSQL starts from nothing, keeps its data, and stops with its last user."""

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from factbase import embedded_db

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "var" / "postgres"
    yield path
    embedded_db.stop(path)


def test_starts_from_an_empty_directory_and_keeps_data_across_a_restart(pgdata):
    assert not pgdata.parent.exists()
    url = embedded_db.start(pgdata)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE note (body text)")
        conn.execute("INSERT INTO note VALUES ('kept: £ – “quotes”')")
    embedded_db.stop(pgdata)
    assert embedded_db.postmaster_pid(pgdata) is None

    url = embedded_db.start(pgdata)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT body FROM note").fetchone() == ("kept: £ – “quotes”",)


def test_has_the_extensions_the_schema_needs(pgdata):
    with psycopg.connect(embedded_db.start(pgdata), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        assert conn.execute("SELECT similarity('Corbyn', 'Mr Corbyn')").fetchone()[0] > 0.5


HOLDER = """
import sys, time
from pathlib import Path
from factbase import embedded_db
embedded_db.hold(Path(sys.argv[1]))
print("holding", flush=True)
sys.stdin.readline()
"""


def start_holder(pgdata: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(pgdata)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    return holder


def finish(holder: subprocess.Popen) -> None:
    holder.communicate("\n", timeout=60)


def wait_until_stopped(pgdata: Path, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if embedded_db.postmaster_pid(pgdata) is None:
            return True
        time.sleep(0.2)
    return False


def test_concurrent_users_share_one_server_which_stops_when_the_last_leaves(pgdata):
    first = start_holder(pgdata)
    server = embedded_db.postmaster_pid(pgdata)
    second = start_holder(pgdata)
    assert embedded_db.postmaster_pid(pgdata) == server

    finish(first)
    assert embedded_db.postmaster_pid(pgdata) == server, "stopped while still in use"
    finish(second)
    assert wait_until_stopped(pgdata)


def test_a_holder_killed_without_cleanup_does_not_keep_the_server_alive(pgdata):
    crashed = start_holder(pgdata)
    crashed.kill()
    crashed.wait()
    finish(start_holder(pgdata))
    assert wait_until_stopped(pgdata)
