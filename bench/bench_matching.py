"""Cross-source matching on a corpus: how many claims merge and how many pairs are suggested,
with a random sample of suggestions printed for checking by hand.

Run:
    .venv/bin/python bench/bench_matching.py CORPUS_DIR [--sample 40] [--seed 7]

Every *.txt file of CORPUS_DIR is extracted as a page and all pages are matched together, as if
imported one after another. Prints the time, the counts, suggestions by score band, and the
sample: score, reason, and the two claim texts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstext import extract_document, match_documents  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))
    docs = [extract_document(f.read_text(errors="replace"), filename=str(f)) for f in files]
    by_name = {doc.filename: doc for doc in docs}
    started = time.perf_counter()
    result = match_documents(docs)
    elapsed = time.perf_counter() - started
    claims = sum(len(item.claims) for doc in docs for item in doc.items)
    print(f"pages: {len(docs)}, claims: {claims}, matching: {elapsed:.1f} s")
    print(f"groups (merged): {len(result.groups)}, suggestions: {len(result.suggestions)}")
    bands = Counter(f"{int(s.score * 10) / 10:.1f}" for s in result.suggestions)
    print("suggestions by score:", dict(sorted(bands.items())))
    rng = random.Random(args.seed)
    sample = rng.sample(list(result.suggestions), min(args.sample, len(result.suggestions)))
    for number, suggestion in enumerate(sample, 1):
        a = by_name[suggestion.a.document].claim(suggestion.a).text
        b = by_name[suggestion.b.document].claim(suggestion.b).text
        print(f"\n{number}. {suggestion.score:.2f} {suggestion.reason}")
        print(f"   A: {a[:300]}\n   B: {b[:300]}")


if __name__ == "__main__":
    main()
