"""The real service in a subprocess (`manage.py serve`, as `make run` starts it), for tests that
need a served process: slow clients, restarts, concurrent writers over HTTP."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(database: dict) -> str:
    """A DATABASE_URL for a Django DATABASES entry (the test database, while tests run)."""
    credentials = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    port = f":{database['PORT']}" if database.get("PORT") else ""
    socket_directory = database.get("OPTIONS", {}).get("host")
    if not database.get("HOST") and socket_directory:  # the embedded server: a socket directory
        return (
            f"postgresql://{credentials}@{port}/{database['NAME']}?host={quote(socket_directory)}"
        )
    host = database.get("HOST") or "localhost"
    return f"postgresql://{credentials}@{quote(host, safe='')}{port}/{database['NAME']}"


def http_status(url: str, *, timeout: float = 5, headers: dict | None = None) -> int | None:
    """The status of a GET, or None when the server could not be reached or did not answer."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@contextmanager
def served(
    database_url: str, *, var_dir: Path, workers: int = 1, env: dict | None = None
) -> Iterator[str]:
    """Run `manage.py serve` on a free port against `database_url`; yield its base URL.

    On leaving, the service is stopped as Ctrl-C would stop it (SIGINT to its process group).
    """
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FACTBASE_VAR_DIR": str(var_dir),
        "FACTBASE_ADMIN_PASSWORD": "a long test password",
        "FACTBASE_JOB_WORKERS": "0",
        **(env or {}),
    }
    environment.pop("DEBUG", None)
    var_dir.mkdir(parents=True, exist_ok=True)
    log = (var_dir / "serve.log").open("w")  # a file: a pipe nobody reads would fill and block
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--skip-import",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while http_status(f"{base}/admin/login/", timeout=2) != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the service did not start:\n{(var_dir / 'serve.log').read_text()}"
                )
            time.sleep(0.1)  # a refused connection costs nothing; the test waits for the start
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
