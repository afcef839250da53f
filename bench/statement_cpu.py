"""Database CPU time per API page: the PostgreSQL backend's CPU for the page's SQL statements.

Builds each page's statements as this checkout's code builds them (the page requested in
process, its SQL captured), then runs them `--runs` times on one connection and reads the
backend's user + system CPU time from /proc before and after: steadier than wall-clock time
on a shared machine. The server must run on this machine. Parallel query is off for the
measurement, so all of a statement's CPU is the backend's. The pages are requested as a
superuser (`statement-cpu-bench`, which cannot log in), created in that database. Run it from the
checkout whose queries are to be measured, on a loaded newsroom database:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom_1000000 \\
        .venv/bin/python bench/statement_cpu.py "/api/v1/claims/?q=government"
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def page_statements(path: str) -> list[tuple[str, tuple]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient()
    reader, _ = get_user_model().objects.get_or_create(username="statement-cpu-bench")
    reader.is_superuser = True  # may view everything: no permission lookups measured
    reader.set_unusable_password()
    reader.save()
    client.force_authenticate(reader)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="127.0.0.1", secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return [(query["sql"], ()) for query in captured.captured_queries]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    pages = {path: page_statements(path) for path in args.paths}
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        for path, statements in pages.items():
            rounds = []
            for _ in range(args.rounds + 1):  # the first round warms the cache
                before = backend_cpu_seconds(pid)
                for _ in range(args.runs):
                    for sql, _params in statements:
                        cursor.execute(sql)
                        cursor.fetchall()
                rounds.append((backend_cpu_seconds(pid) - before) / args.runs * 1000)
            print(
                f"{path}: {statistics.median(rounds[1:]):.1f} ms database CPU per page "
                f"({len(statements)} statements; rounds {[round(r, 1) for r in rounds[1:]]})"
            )


if __name__ == "__main__":
    main()
