"""Import throughput in documents per second: ordinary news articles into an empty database and
into a large one, with `import_seeds --jobs N`.

Run (the server in DATABASE_URL is used for throw-away databases, created and dropped here):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_import_throughput.py --texts DIR --docs 300 --jobs 1 2 \\
        [--database NAME] [--large-template NAME | --fill-claims 100000]

DIR holds plain-text articles (*.txt), e.g. the PolNeAR train texts; the first --docs of them
in name order are imported. Each measurement starts from a fresh migrated database: an empty
one, or a copy of a large one: --large-template (a database loaded by an archive generator), or
--fill-claims N, which loads N claims written from the sentences of DIR's other articles (those
not imported: each sentence with a third of its words swapped for words drawn with the corpus's
own frequencies, so every claim is distinct and words are as common or rare as in the news).
The figure is wall-clock time of the whole `manage.py import_seeds` process, Django start-up
included; beside it the CPU time that process and its workers used (the database server's is
not counted), steadier than wall time when other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
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
    # A copy of a loaded database is brought to this code's schema too (its new indexes
    # built before the clock starts).
    manage(name, "migrate", "--verbosity", "0")


def database_exists(name: str) -> bool:
    with admin_connection() as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


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
        row = connection.execute("SELECT count(*) FROM claims_claim").fetchone()
        assert row is not None  # an aggregate answers one row
        return row[0]


def children_cpu() -> float:
    """CPU seconds used so far by this process's finished child processes and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    texts: list[Path], *, database: str, jobs: int | None, template: str | None
) -> tuple[float, float, int]:
    """Seconds to import `texts` into a fresh database, the import's CPU seconds (the command
    and its workers), and the claims the database held before."""
    fresh_database(database, template)
    try:
        before = claim_count(database)
        with tempfile.TemporaryDirectory() as directory:
            for path in texts:
                (Path(directory) / path.name).symlink_to(path)
            args = ["import_seeds", directory]
            if jobs is not None:
                args += ["--jobs", str(jobs)]
            started, cpu = time.perf_counter(), children_cpu()
            manage(database, *args)
            elapsed, cpu = time.perf_counter() - started, children_cpu() - cpu
        return elapsed, cpu, before
    finally:
        drop_database(database)


_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*\d|\d")


def claim_texts(corpus: list[Path], count: int, seed: int = 7) -> list[str]:
    """`count` distinct claim texts from the corpus's sentences (see the module docstring)."""
    sentences: list[str] = []
    for path in corpus:
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            sentences += [
                s.strip() for s in _SENTENCE_END.split(paragraph) if 40 <= len(s.strip()) <= 400
            ]
    words = [m.group(0) for sentence in sentences for m in _WORD.finditer(sentence)]
    if not sentences:
        raise SystemExit("no sentences to write claims from")
    rng = random.Random(seed)
    texts: set[str] = set()
    while len(texts) < count:
        sentence = rng.choice(sentences)
        tokens = _WORD.split(sentence)
        matches = _WORD.findall(sentence)
        swapped = [rng.choice(words) if rng.random() < 0.33 else w for w in matches]
        text = "".join(
            part + (swapped[i] if i < len(swapped) else "") for i, part in enumerate(tokens)
        )
        texts.add(text[:5000])
    return sorted(texts, key=lambda _t: rng.random())


def fill_database(name: str, corpus: list[Path], claims: int) -> None:
    """A migrated database `name` holding `claims` generated claims (2% merged into another)."""
    fresh_database(name, None)
    texts = claim_texts(corpus, claims)
    rng = random.Random(11)
    with psycopg.connect(database_url(name)) as connection:
        columns = (
            "text, status, verdict, explanation, tags, origin, check_worthiness, version, "
            "fact_key, review_title, review_url, created_at, updated_at"
        )
        with connection.cursor().copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for text in texts:
                state = ("new", "unrated", "", "{}", "extracted", round(rng.random(), 3), 1)
                copy.write_row((text, *state, "", "", "", "now", "now"))
        connection.execute(
            "UPDATE claims_claim SET duplicate_of_id = id - 1 WHERE id % 50 = 0 AND id > 1"
        )
    with psycopg.connect(database_url(name), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE claims_claim")


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
    parser.add_argument(
        "--fill-claims",
        type=int,
        help="Also measure a database of this many claims, written from the other articles.",
    )
    parser.add_argument(
        "--keep-filled",
        action="store_true",
        help="Keep (and reuse, if present) the filled database, DATABASE_filled.",
    )
    args = parser.parse_args()
    every = sorted(args.texts.glob("*.txt"))
    texts = every[: args.docs]
    if not texts:
        parser.error(f"no *.txt files in {args.texts}")
    targets: list[tuple[str, str | None]] = [("empty", None)]
    if args.large_template:
        targets.append(("large", args.large_template))
    filled = f"{args.database}_filled"
    if args.fill_claims:
        if not (args.keep_filled and database_exists(filled)):
            started = time.perf_counter()
            fill_database(filled, every[args.docs :], args.fill_claims)
            print(f"filled {filled} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        targets.append(("filled", filled))
    print("| database | claims before | jobs | documents | seconds | docs/s | CPU s (command) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, template in targets:
        for jobs in args.jobs:
            elapsed, cpu, before = measure(
                texts, database=args.database, jobs=jobs or None, template=template
            )
            print(
                f"| {label} | {before:,} | {jobs or '-'} | {len(texts)} | {elapsed:.1f} | "
                f"{len(texts) / elapsed:.1f} | {cpu:.1f} |",
                flush=True,
            )
    if args.fill_claims and not args.keep_filled:
        drop_database(filled)


if __name__ == "__main__":
    main()
