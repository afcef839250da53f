"""CPU time a web worker spends per API request: steadier than wall-clock time on a shared machine.

Starts one gunicorn worker as `manage.py serve` does (production settings) on a loaded newsroom
database, sends sequential requests to each page, and reads the worker's user + system CPU time
from /proc before and after. Creates a reader account (`cpu-bench-reader`) and a token for it in
that database. Run it from the checkout whose code is to be measured:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom_200000 \\
        .venv/bin/python bench/worker_cpu.py --requests 300
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_newsroom import free_port, production_env, serve  # noqa: E402

PAGES = ["/api/v1/claims/{claim}/", "/api/v1/claims/", "/api/v1/sources/"]
SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from knox.models import get_token_model
from claims.models import Claim
reader, _ = get_user_model().objects.get_or_create(username="cpu-bench-reader")
reader.groups.add(Group.objects.get(name="reader"))
print(get_token_model().objects.create(user=reader)[1])
print(Claim.objects.order_by("-id").values_list("id", flat=True)[7])
"""


def worker_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("pages", nargs="*", default=PAGES, help="{claim}: a claim's id")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))  # production settings need one
    token, claim = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=production_env(url),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-2:]
    port = free_port()
    server = serve(url, port)
    headers = {"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"}

    def get(path: str) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get("/api/v1/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        worker = int(
            subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        print(f"load average {os.getloadavg()[0]:.1f}; {args.requests} sequential requests each")
        for page in args.pages:
            path = page.replace("{claim}", claim)
            for _ in range(30):  # warm: connections, caches, the planner's first plans
                get(path)
            before = worker_cpu_seconds(worker)
            walls = []
            for _ in range(args.requests):
                started = time.perf_counter()
                get(path)
                walls.append(time.perf_counter() - started)
            cpu = (worker_cpu_seconds(worker) - before) / args.requests
            print(
                f"{page}: worker CPU {cpu * 1000:.2f} ms a request, "
                f"wall-clock median {statistics.median(walls) * 1000:.1f} ms"
            )
    finally:
        os.killpg(server.pid, 15)
        server.wait()


if __name__ == "__main__":
    main()
