"""Import throughput in documents per second: ordinary news articles into an empty database and
into a large one, with `import_seeds --jobs N`.

Run (the server in DATABASE_URL is used for throw-away databases, created and dropped here):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_import_throughput.py --texts DIR --docs 300 --jobs 1 2 \\
        [--database NAME] [--large-template NAME]

DIR holds plain-text articles (*.txt), e.g. the PolNeAR train texts; the first --docs of them
in name order are imported. Each measurement starts from a fresh database: an empty migrated one,
or a copy of --large-template (a database loaded by bench/ 's archive generator). The figure is
wall-clock time of the whole `manage.py import_seeds` process, Django start-up included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(database_url("postgres"), autocommit=True)


def fresh_database(name: str, template: str | None) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            connection.execute(f'CREATE DATABASE "{name}"')
    if not template:
        manage(name, "migrate", "--verbosity", "0")


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(name: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )


def claim_count(name: str) -> int:
    with psycopg.connect(database_url(name)) as connection:
        return connection.execute("SELECT count(*) FROM claims_claim").fetchone()[0]


def measure(
    texts: list[Path], *, database: str, jobs: int | None, template: str | None
) -> tuple[float, int]:
    """Seconds to import `texts` into a fresh database, and the claims it held before."""
    fresh_database(database, template)
    try:
        before = claim_count(database)
        with tempfile.TemporaryDirectory() as directory:
            for path in texts:
                (Path(directory) / path.name).symlink_to(path)
            args = ["import_seeds", directory]
            if jobs is not None:
                args += ["--jobs", str(jobs)]
            started = time.perf_counter()
            manage(database, *args)
            elapsed = time.perf_counter() - started
        return elapsed, before
    finally:
        drop_database(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="*",
        default=[1, 2],
        help="--jobs values to measure; 0 runs the command without --jobs.",
    )
    parser.add_argument(
        "--database",
        default="factbase_import_bench",
        help="Name of the throw-away database (dropped and re-created for each run).",
    )
    parser.add_argument("--large-template", help="A loaded database to copy for each run.")
    args = parser.parse_args()
    texts = sorted(args.texts.glob("*.txt"))[: args.docs]
    if not texts:
        parser.error(f"no *.txt files in {args.texts}")
    targets = [("empty", None)]
    if args.large_template:
        targets.append(("large", args.large_template))
    print("| database | claims before | jobs | documents | seconds | docs/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, template in targets:
        for jobs in args.jobs:
            elapsed, before = measure(
                texts, database=args.database, jobs=jobs or None, template=template
            )
            print(
                f"| {label} | {before:,} | {jobs or '-'} | {len(texts)} | {elapsed:.1f} | "
                f"{len(texts) / elapsed:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
