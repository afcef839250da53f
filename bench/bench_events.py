"""Benchmark change tracking: what the event and claim-freshness triggers add to writes, and how
fast the event feed reads.

Run: .venv/bin/python bench/bench_events.py [--citations 300] [--bulk 5000]
Uses a throw-away database (factbase_bench_events) on the configured server, created and
dropped here.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from claims.models import Citation  # noqa: E402
from claims.services import citation_create, claim_create  # noqa: E402
from events.feed import read_feed  # noqa: E402
from events.models import Event, EventResource  # noqa: E402
from sources.services import source_create  # noqa: E402

# The triggers this change tracking adds (the history and search triggers stay on throughout).
TRIGGERS = {
    "claims_citation": [
        "events_record_insert",
        "events_record_update",
        "events_record_delete",
        "claims_touch_insert",
        "claims_touch_update",
        "claims_touch_delete",
    ],
    "claims_claim": ["events_record_insert", "events_record_update", "events_record_delete"],
    "sources_source": ["events_record_insert", "events_record_update", "events_record_delete"],
}


def set_tracking(enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table, triggers in TRIGGERS.items():
            for trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")


def cite_new_claims(count: int, label: str) -> float:
    """Commit `count` claims and sources, then cite each claim once, one transaction per
    citation as the API does; returns the seconds the citations took."""
    pairs = []
    for n in range(count):
        with transaction.atomic():
            source = source_create(
                title=f"{label} {n}", body=f"{label} {n}: membership rose to {n} in 2019."
            )
            claim = claim_create(text=f"{label} {n}: membership rose to {n} in 2019")
        pairs.append((claim, source, f"membership rose to {n} in 2019"))
    started = time.perf_counter()
    for claim, source, quote in pairs:
        with transaction.atomic():
            citation_create(claim=claim, source=source, quote=quote)
    return time.perf_counter() - started


def bulk_update(rank: str) -> float:
    started = time.perf_counter()
    with transaction.atomic():
        Citation.objects.update(rank=rank)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citations", type=int, default=300)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()
    settings.DATABASES["default"]["TEST"]["NAME"] = "factbase_bench_events"
    old = setup_databases(verbosity=0, interactive=False, aliases={"default": False})
    try:
        print(f"database: PostgreSQL {cast(PostgreSQL, connection).pg_version // 10000}")
        print("| write | tracking off, s | tracking on, s | per row on, ms |")
        print("|---|---:|---:|---:|")
        set_tracking(False)
        off = cite_new_claims(args.citations, "off")
        set_tracking(True)
        on = cite_new_claims(args.citations, "on")
        print(
            f"| {args.citations} citations, one transaction each | {off:.2f} | {on:.2f} | "
            f"{on / args.citations * 1000:.1f} |"
        )
        rows = Citation.objects.count()
        set_tracking(False)
        off = bulk_update("preferred")
        set_tracking(True)
        on = bulk_update("deprecated")
        print(
            f"| re-rank all {rows} citations in one UPDATE | {off:.2f} | {on:.2f} | "
            f"{on / rows * 1000:.2f} |"
        )

        total = Event.objects.count()
        started = time.perf_counter()
        cursor, pages, seen = None, 0, 0
        while True:
            page = read_feed(cursor, resources=EventResource.values, limit=args.page_size)
            pages += 1
            seen += len(page.events)
            cursor = page.next_cursor
            if not page.more:
                break
        elapsed = time.perf_counter() - started
        print()
        print(f"| feed | events | pages of {args.page_size} | s | events/s |")
        print("|---|---:|---:|---:|---:|")
        print(
            f"| read from the start | {seen} of {total} | {pages} | {elapsed:.2f} | "
            f"{seen / elapsed:,.0f} |"
        )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
