"""The part of an import that documents imported side by side cannot share: per document, the
time, client CPU and statements from taking the import lock to the commit, beside the time
before it and the CPU of the whole import (client, and the PostgreSQL backend's from /proc; the
server must run on this machine).

Imports the first --docs texts of DIR in name order, in this process, one after another, into
the database in DATABASE_URL (a throw-away copy: it is written to). Run it from the checkout
whose importer is to be measured:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/COPY \\
        .venv/bin/python bench/bench_import_lock.py --texts DIR --docs 80
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

from bench.statement_cpu import backend_cpu_seconds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=80)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from claims import importing

    texts = sorted(args.texts.glob("*.txt"))[: args.docs]
    locked_at: dict[str, float] = {}
    statements_at = 0
    take_lock = importing._lock_imports

    def timed_lock() -> None:
        take_lock()
        nonlocal statements_at
        locked_at["wall"], locked_at["cpu"] = time.perf_counter(), time.process_time()
        statements_at = len(connection.queries_log)

    importing._lock_imports = timed_lock  # the importer's one way to the lock
    connection.force_debug_cursor = True  # count statements
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    server, client = backend_cpu_seconds(backend), time.process_time()
    before = locked = locked_cpu = 0.0
    statements = 0
    for path in texts:
        text = importing.read_document(path)
        started = time.perf_counter()
        importing.import_document(text, filename=path.name)
        locked += time.perf_counter() - locked_at["wall"]
        locked_cpu += time.process_time() - locked_at["cpu"]
        before += locked_at["wall"] - started
        statements += len(connection.queries_log) - statements_at
        connection.queries_log.clear()
    server, client = backend_cpu_seconds(backend) - server, time.process_time() - client
    n = len(texts)
    print(
        f"{n} documents; per document (ms): before the lock {before / n * 1000:.1f} wall; "
        f"under it {locked / n * 1000:.1f} wall, {locked_cpu / n * 1000:.1f} client CPU, "
        f"{statements / n:.1f} statements besides the lock and the commit; "
        f"whole import: client CPU {client / n * 1000:.1f}, server CPU {server / n * 1000:.1f}; "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
