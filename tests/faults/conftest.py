"""The fault suite's own PostgreSQL: an embedded server in a temporary directory that the tests may
stop, restart and fill without touching any other database. Commands run as subprocesses against
it, as an operator would run them."""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from factbase import embedded_db
from tests.served import ROOT

TEMPLATE = "faults_template"


def manage(database_url: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`manage.py <args>` against `database_url`; its output is returned, not checked."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def shell(database_url: str, code: str) -> str:
    """Run Python in `manage.py shell` against `database_url`; the last line it prints."""
    result = manage(database_url, "shell", "--verbosity", "0", "--command", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@dataclass
class PrivateServer:
    pgdata: Path
    url: str

    def stop(self) -> None:
        embedded_db.stop(self.pgdata)

    def start(self) -> None:
        self.url = embedded_db.start(self.pgdata)

    def database_url(self, name: str) -> str:
        scheme, netloc, _, query, fragment = urlsplit(self.url)
        return urlunsplit((scheme, netloc, f"/{name}", query, fragment))

    def new_database(self, name: str) -> str:
        """A fresh, migrated database (a copy of the migrated template)."""
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        return self.database_url(name)


@pytest.fixture(scope="session")
def private_server() -> Iterator[PrivateServer]:
    # Not under pytest's temporary directory: another pytest run starting meanwhile makes that
    # private to root, and the server (its own system user when run as root) loses its files.
    directory = Path(tempfile.mkdtemp(prefix="factbase-faults-"))
    pgdata = directory / "postgres"
    server = PrivateServer(pgdata=pgdata, url=embedded_db.start(pgdata))
    try:
        with psycopg.connect(server.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{TEMPLATE}"')
        migrated = manage(server.database_url(TEMPLATE), "migrate", "--verbosity", "0")
        assert migrated.returncode == 0, migrated.stderr
        yield server
    finally:
        embedded_db.stop(pgdata)
        shutil.rmtree(directory, ignore_errors=True)


def api_token(database_url: str, *, permissions: str = "view_claim add_claim change_claim") -> str:
    """A knox token of a user with `permissions` (codenames), made in the database."""
    return shell(
        database_url,
        "from django.contrib.auth.models import Permission, User\n"
        "from knox.models import get_token_model\n"
        "user = User.objects.create_user('loadtester', password='a long test password')\n"
        f"user.user_permissions.set(Permission.objects.filter(codename__in={permissions.split()!r}))\n"
        "print(get_token_model().objects.create(user)[1])",
    )
