"""Benchmark the text pipeline alone (no database): throughput on ordinary articles and time on
pages up to the API's 200,000-character cap.

Run:
    .venv/bin/python bench/bench_extraction.py CORPUS_DIR [CORPUS_DIR ...] [--limit N]
        [--sizes 25000 50000 100000 200000] [--profile OUT.prof]

Each CORPUS_DIR holds plain-text news articles (*.txt, searched recursively). The script reports
documents per second over the articles, the slowest article, and then, for each size, the time of
one long page built from the same articles in two shapes: "prose" (articles run together as
paragraphs of one page) and "listing" (the articles as posts separated by "Read more" lines).

Every figure is given twice: wall-clock time, and the CPU time of this process
(`time.process_time()`). On a shared, loaded machine the wall-clock figures grow with the load;
documents per CPU-second is what one idle core gives.
`--profile` writes a cProfile of the article pass (open it with `python -m pstats OUT.prof`).
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstext import extract_document  # noqa: E402


def load(dirs: list[Path], limit: int | None) -> list[tuple[str, str]]:
    files = sorted(path for d in dirs for path in d.rglob("*.txt"))
    if limit:
        files = files[:limit]
    return [(str(path), path.read_text(encoding="utf-8", errors="replace")) for path in files]


def long_page(articles: list[tuple[str, str]], size: int, *, shape: str) -> str:
    """A page of about `size` characters made of whole articles."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        text = articles[index % len(articles)][1].strip()
        index += 1
        if shape == "prose":
            # One article: drop each piece's headline line so the page reads as one long story.
            text = text.split("\n", 1)[-1].strip() if parts else text
            parts.append(text)
        else:
            parts.append(text + "\n\nRead more Share")
        total += len(text) + 2
    return "\n\n".join(parts)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sizes", type=int, nargs="*", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()

    articles = load(args.corpus, args.limit)
    if not articles:
        parser.error("no *.txt files found")
    profiler = cProfile.Profile() if args.profile else None
    # (cpu seconds, wall seconds, name, characters) per article
    timings: list[tuple[float, float, str, int]] = []
    claims = 0
    started, started_cpu = time.perf_counter(), time.process_time()
    for name, text in articles:
        t0, c0 = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        extraction = extract_document(text, filename=name)
        if profiler:
            profiler.disable()
        timings.append((time.process_time() - c0, time.perf_counter() - t0, name, len(text)))
        claims += sum(len(item.claims) for item in extraction.items)
    elapsed = time.perf_counter() - started
    elapsed_cpu = time.process_time() - started_cpu
    if profiler:
        profiler.dump_stats(args.profile)
    chars = sum(size for *_rest, size in timings)
    worst = max(timings)
    print(f"articles: {len(articles)} ({chars:,} characters), {claims} claims")
    print(
        f"throughput: {len(articles) / elapsed:.1f} docs/s wall, "
        f"{len(articles) / elapsed_cpu:.1f} docs per CPU-second "
        f"({chars / elapsed_cpu / 1000:.0f} kchar per CPU-second)"
    )
    print(
        f"slowest article: {worst[0] * 1000:.0f} ms CPU ({worst[1] * 1000:.0f} ms wall), "
        f"{worst[3]:,} chars, {worst[2]}"
    )
    print()
    print("| page | characters | items | claims | CPU seconds | wall seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        for shape in ("prose", "listing"):
            page = long_page(articles, size, shape=shape)
            t0, c0 = time.perf_counter(), time.process_time()
            extraction = extract_document(page, filename=f"{shape}-{size}")
            cpu, wall = time.process_time() - c0, time.perf_counter() - t0
            n_claims = sum(len(item.claims) for item in extraction.items)
            row = [
                shape,
                f"{len(page):,}",
                len(extraction.items),
                n_claims,
                f"{cpu:.2f}",
                f"{wall:.2f}",
            ]
            print("| " + " | ".join(str(cell) for cell in row) + " |")


if __name__ == "__main__":
    main()
