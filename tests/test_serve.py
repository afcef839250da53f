"""`make run`'s command: serves the admin and the API, and Ctrl-C leaves nothing running."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from factbase import embedded_db

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
        time.sleep(0.5)
    return None


@pytest.fixture
def var_dir(tmp_path):
    path = tmp_path / "var"
    yield path
    embedded_db.stop(path / "postgres")  # in case the test failed half-way


def serve(var_dir: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(FACTBASE_VAR_DIR=str(var_dir), FACTBASE_ADMIN_PASSWORD="a long test password")
    return subprocess.Popen(
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
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )


def interrupt(process: subprocess.Popen) -> str:
    """Ctrl-C: SIGINT to the whole foreground process group."""
    os.killpg(process.pid, signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    return output


def job_workers(process: subprocess.Popen) -> list[psutil.Process]:
    """The live `run_worker` children of `make run` (a killed one is a zombie until reaped)."""
    workers = []
    for child in psutil.Process(process.pid).children():
        try:
            if "run_worker" in child.cmdline():
                workers.append(child)
        except psutil.Error:
            continue
    return workers


def test_serves_admin_and_api_and_ctrl_c_stops_web_server_and_database(var_dir):
    port = free_port()
    process = serve(var_dir, port)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200
        assert status_of(f"http://127.0.0.1:{port}/api/v1/") in {401, 403}
        # Two job workers run beside the web server; one that dies is started again.
        workers = job_workers(process)
        assert len(workers) == 2
        workers[0].kill()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            len(job_workers(process)) < 2 or workers[0] in job_workers(process)
        ):
            time.sleep(0.2)
        assert len(job_workers(process)) == 2
        assert workers[0] not in job_workers(process)
        children = psutil.Process(process.pid).children(recursive=True)
        database = embedded_db.postmaster_pid(var_dir / "postgres")
        assert database is not None
    finally:
        output = interrupt(process)
    assert "Stopped." in output, output
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (
        psutil.pid_exists(database) or any(child.is_running() for child in children)
    ):
        time.sleep(0.2)
    assert not psutil.pid_exists(database), "the database outlived make run"
    assert not [child for child in children if child.is_running()], "a child outlived make run"


def test_a_second_start_finds_the_data_of_the_first(var_dir):
    port = free_port()
    first = serve(var_dir, port)
    assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200
    assert "Created superuser 'admin'" in interrupt(first)

    second = serve(var_dir, port)
    assert wait_for(f"http://127.0.0.1:{port}/admin/login/", 90) == 200
    assert "Superuser 'admin' exists." in interrupt(second)
