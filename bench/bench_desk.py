"""Page timings of the journalists' desk (the admin) on the seeded database.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_desk.py
Uses a throw-away database (factbase_bench_desk) on that server, created and dropped here: the
seeds are imported, a fact-checker logs in, and each page is requested in-process (Django's test
client: the whole request, middleware, templates and database; no network) --runs times after
one warm-up. Prints a Markdown table: median and slowest milliseconds and the queries per page.
"""

import argparse
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

from claims.admin.conflicts import snapshot  # noqa: E402
from claims.models import Claim  # noqa: E402
from tests.factories import UserFactory  # noqa: E402


def measure(client: Client, label: str, request, runs: int) -> None:
    response = request(client)  # warm-up (template loading, first queries)
    assert response.status_code in (200, 302), (label, response.status_code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        request(client)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        request(client)
    print(
        f"| {label} | {statistics.median(times):.0f} | {max(times):.0f} | {len(queries)} |",
        flush=True,
    )


def claim_post(claim: Claim) -> dict:
    """The claim form as a browser posts it unchanged (Save)."""
    claim.refresh_from_db()
    data = {
        "text": claim.text,
        "claimant": claim.claimant_id or "",
        "claimed_on": claim.claimed_on or "",
        "tags": ",".join(claim.tags),
        "status": claim.status,
        "assignee": claim.assignee_id or "",
        "verdict": claim.verdict,
        "explanation": claim.explanation,
        "review_url": claim.review_url,
        "review_title": claim.review_title,
        "version": claim.version,
        "opened": snapshot(claim),
        "_continue": "Save",
    }
    citations = list(claim.citations.order_by("id"))
    data |= {
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(citations):
        data |= {
            f"citations-{i}-id": c.pk,
            f"citations-{i}-claim": claim.pk,
            f"citations-{i}-source": c.source_id,
            f"citations-{i}-quote": c.quote,
            f"citations-{i}-start": c.start,
            f"citations-{i}-relation": c.relation,
            f"citations-{i}-rank": c.rank,
        }
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment(debug=False)  # as served: no debug pages, the test host allowed
    settings.DATABASES["default"]["TEST"]["NAME"] = "factbase_bench_desk"
    old = setup_databases(verbosity=0, interactive=False, aliases={"default": False})
    try:
        call_command("import_seeds", stdout=StringIO(), stderr=StringIO())
        checker = UserFactory.create(username="checker", is_staff=True)
        checker.groups.set([Group.objects.get(name="fact-checker")])
        client = Client()
        client.force_login(checker)
        claim = (
            Claim.objects.annotate(n=Count("citations")).order_by("-n", "id").first()
        )  # the most-cited claim: the heaviest claim page
        if claim is None:
            raise SystemExit("The seeds gave no claim.")
        page = f"/admin/claims/claim/{claim.pk}/change/"
        print(
            f"database: PostgreSQL {cast(PostgreSQL, connection).pg_version // 10000}; "
            f"{Claim.objects.count()} claims; claim page: #{claim.pk}, "
            f"{claim.citations.count()} citations; {args.runs} runs each"
        )
        print("| page | median ms | slowest ms | queries |")
        print("|---|---:|---:|---:|")
        pages = [
            ("admin home (overview, queue)", lambda c: c.get("/admin/")),
            ("review queue", lambda c: c.get("/admin/claims/claim/?needs_review=yes")),
            ("claim list, newest first", lambda c: c.get("/admin/claims/claim/")),
            ("search: Corbyn", lambda c: c.get("/admin/claims/claim/?q=Corbyn")),
            ("search: anti-semitism", lambda c: c.get("/admin/claims/claim/?q=anti-semitism")),
            ("my claims", lambda c: c.get("/admin/claims/claim/?assigned=me")),
            ("claim page", lambda c: c.get(page)),
            ("claim page: Save (unchanged)", lambda c: c.post(page, claim_post(claim))),
            (
                "next claim of the queue",
                lambda c: c.get(
                    f"/admin/claims/claim/{claim.pk}/step/next/"
                    "?_changelist_filters=needs_review%3Dyes"
                ),
            ),
            ("history of the claim", lambda c: c.get(f"/admin/claims/claim/{claim.pk}/history/")),
            ("notifications", lambda c: c.get("/admin/claims/notification/")),
        ]
        for label, request in pages:
            measure(client, label, request, args.runs)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
