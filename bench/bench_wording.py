"""The CPU of working out stored claims' wordings, as the importer's similar-claims lookup does
for each candidate it has not seen, and of folding the known organisations' aliases, per
document.

Reads claim texts and organisations from DATABASE_URL (read only; any database with the
schema, the benchmark newsroom for realistic figures), words --warm claims to fill the
process's caches as a running import would, then times --timed claims it has not seen.
--code DIR measures the text pipeline of another checkout (its `newstext/`), for an A/B
against this one:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom_1000000 \\
        .venv/bin/python bench/bench_wording.py [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--warm", type=int, default=4000)
    parser.add_argument("--timed", type=int, default=8000)
    parser.add_argument("--documents", type=int, default=80)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    import psycopg

    from newstext.names import ORGANISATION, NamedEntity
    from newstext.similarity import wording
    from newstext.speakers import organisation_aliases

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        texts = [
            text
            for (text,) in connection.execute(
                "SELECT text FROM claims_claim WHERE id %% 97 = 3 ORDER BY id LIMIT %s",
                [args.warm + args.timed],
            )
        ]
        organisations = tuple(
            NamedEntity(name, ORGANISATION, tuple(aliases or ()))
            for name, aliases in connection.execute(
                "SELECT name, aliases FROM sources_entity WHERE kind = %s ORDER BY name, id",
                [ORGANISATION],
            )
        )
    for text in texts[: args.warm]:
        wording(text)
    started = time.process_time()
    for text in texts[args.warm :]:
        wording(text)
    per_text = (time.process_time() - started) / max(1, len(texts) - args.warm)
    started = time.process_time()
    for _ in range(args.documents):
        organisation_aliases(organisations)
    per_document = (time.process_time() - started) / args.documents
    print(
        f"{args.code}: wording of an unseen stored claim {per_text * 1000:.3f} ms; "
        f"organisation aliases ({len(organisations)} organisations, the same set each "
        f"document) {per_document * 1000:.3f} ms a document; load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
