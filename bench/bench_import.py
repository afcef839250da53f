"""Benchmark the seed import: the five seeds, then synthetic listing pages of growing size.

Run: .venv/bin/python bench/bench_import.py [--posts 50 200 800]
Uses a throw-away database (factbase_bench) on the configured server, created and dropped here.
"""

import argparse
import os
import random
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
from django.db import connection  # noqa: E402
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from claims.importing import import_document  # noqa: E402
from newstext.pipeline import extract_document  # noqa: E402

PEOPLE = ["Ann Lee", "Tom Brown", "Priya Shah", "Owen Jones", "Maria Lopez", "Sam Green"]
TOPICS = ["rents", "bus fares", "school places", "library hours", "waiting lists", "council tax"]


def synthetic_listing(posts: int, seed: int = 1) -> str:
    """A listing page of `posts` posts, each with a headline, quotes and numbers."""
    rng = random.Random(seed)
    blocks = []
    for n in range(posts):
        person, topic = rng.choice(PEOPLE), rng.choice(TOPICS)
        year, pct = rng.randint(1995, 2022), rng.randint(2, 80)
        blocks.append(
            f"Update {n}: {topic} rose {pct}% since {year}\n\n"
            f"The Riverside Tenants Union said {topic} had risen by {pct}% since {year}.\n\n"
            f"“We counted over {rng.randint(100, 900)} households affected,” said {person}. "
            f"“That is three times as many as in {year}.”\n\n"
            "Read more Share\n"
        )
    return "\n".join(blocks)


def timed(label: str, text: str) -> None:
    started = time.perf_counter()
    extraction = extract_document(text, filename=label)
    extracted = time.perf_counter() - started
    stats = import_document(text, filename=label)
    total = time.perf_counter() - started
    print(
        f"| {label} | {len(text):,} | {len(extraction.items)} | {stats.claims} | "
        f"{stats.citations} | {extracted:.2f} | {total:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, nargs="*", default=[50, 200, 800])
    args = parser.parse_args()
    settings.DATABASES["default"]["TEST"]["NAME"] = "factbase_bench"
    old = setup_databases(verbosity=0, interactive=False, aliases={"default": False})
    try:
        print(f"database: PostgreSQL {cast(PostgreSQL, connection).pg_version // 10000}")
        print("| document | characters | items | claims | citations | extract s | total s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            timed(path.name, path.read_text(encoding="utf-8"))
        for posts in args.posts:
            timed(f"synthetic listing, {posts} posts", synthetic_listing(posts, seed=posts))
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
