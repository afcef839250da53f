"""One page under `wrk` load, repeated: its latency distribution and the web workers' CPU per
request, for comparing two checkouts' tails (p99) run after run.

The product served as bench/run_newsroom.py serves it (gunicorn's asyncio workers, production
settings), `--workers` of them, loaded `--runs` times by `wrk -t2 -c{connections}` for
`--seconds` each, after two seconds to warm up. Each run prints requests per second, mean,
standard deviation, p50/p90/p99 and the workers' CPU time (user + system, read from /proc)
divided by the requests served:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/worker_load.py --database COPY_OF_NEWSROOM --runs 3 /api/v1/claims/

Creates a reader's token in that database (as run_newsroom.py does): use a copy of a loaded
newsroom. `--env NAME=VALUE` sets the workers' environment (e.g.
WEB_MAX_CONCURRENT_REQUESTS=4).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run_newsroom  # noqa: E402


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU seconds of the gunicorn master's children (the workers)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for child in children:
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="e.g. /api/v1/claims/")
    parser.add_argument("--database", required=True, help="a copy of a loaded newsroom")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--env", nargs="*", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    for setting in args.env:
        name, _, value = setting.partition("=")
        os.environ[name] = value
    os.environ.setdefault("SECRET_KEY", "bench-worker-load-" + "x" * 40)
    url = run_newsroom.database_url(args.database)
    token, _session = run_newsroom.credentials(url)
    port = run_newsroom.free_port()
    server = run_newsroom.serve(url, port, args.workers)
    headers = {
        **run_newsroom.PROXY_HEADERS,
        "Authorization": f"Token {token}",
        "Accept": "application/json",
    }
    command = ["wrk", "-t2", f"-c{args.connections}", "--latency", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    target = f"http://127.0.0.1:{port}{args.path}"
    try:
        subprocess.run([*command, "-d2s", target], capture_output=True, check=True)
        for run in range(args.runs):
            before = workers_cpu_seconds(server.pid)
            output = subprocess.run(
                [*command, f"-d{args.seconds}s", target], capture_output=True, text=True, check=True
            ).stdout
            cpu = workers_cpu_seconds(server.pid) - before
            served = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
            rate = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)  # type: ignore[union-attr]
            mean, deviation = re.search(r"Latency\s+(\S+)\s+(\S+)", output).groups()  # type: ignore[union-attr]
            percentiles = dict(re.findall(r"\s(50|90|99)%\s+(\S+)", output))
            errors = " (some answers not 200)" if "Non-2xx" in output else ""
            print(
                f"run {run}: {rate} req/s, mean {mean}, sd {deviation}, p50 {percentiles['50']}, "
                f"p90 {percentiles['90']}, p99 {percentiles['99']}, workers' CPU "
                f"{cpu * 1000 / served:.2f} ms a request, load {os.getloadavg()[0]:.1f}{errors}",
                flush=True,
            )
        print(f"worker RSS: {run_newsroom.fmt(run_newsroom.worker_rss_mib(server.pid))} MiB")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
