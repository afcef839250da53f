"""Score quote finding and attribution against a PolNeAR split, in-process (no database).

Run: .venv/bin/python bench/score_attribution.py SPLIT_DIR [--examples N]
     [--show wrong|unattributed|missed]

SPLIT_DIR holds `text/*.txt` and `attributions/*.ann` (brat standoff), as in the public PolNeAR
corpus (Newell et al., LREC 2018); keep the corpus outside the project. Each text is run through
`newstext.extract_document` as the importer would; the score follows the importer-side scorer:

- gold items: attributions whose content holds a quotation mark (direct quotes), first annotator
  of each article only;
- found: some citation overlaps at least half of the gold content's first 60 characters (or of
  the citation, if shorter), the first citation by position winning;
- speaker, where the gold source names someone (a capitalised token other than a pronoun,
  determiner or title): the claimant (name or alias) shares a name token with it -> right, shares
  none -> wrong, no claimant -> unattributed.

Prints one JSON line with the figures (and examples of each failure class with --examples).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstext import extract_document  # noqa: E402
from newstext.lexicon import words  # noqa: E402

QUOTE = re.compile(r"[\"“”]")
SKIP = words(
    """
    the a an he she they it we i you his her their its this that
    mr mrs ms dr sen rep gov president former secretary democratic republican
    of and in on for to who said says told campaign s
    """
)


@dataclass(frozen=True)
class Gold:
    article: str
    content: str
    source: str


def tokens(text: str) -> set[str]:
    return {
        t.lower()
        for t in re.findall(r"[A-Za-z][A-Za-z'’-]+", text or "")
        if t.lower() not in SKIP and t[0].isupper()
    }


def gold_quotes(split: Path) -> Iterator[Gold]:
    seen: set[str] = set()
    for ann in sorted((split / "attributions").glob("*.ann")):
        article = re.sub(r"_[0-9a-f]{4}\.ann$", "", ann.name)
        if article in seen:
            continue
        seen.add(article)
        spans: dict[str, str] = {}
        events: list[dict[str, str]] = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if parts[0].startswith("T") and len(parts) >= 3:
                spans[parts[0]] = parts[2]
            elif parts[0].startswith("E") and len(parts) >= 2:
                events.append(dict(r.split(":", 1) for r in parts[1].split() if ":" in r))
        for event in events:
            content = spans.get(event.get("Content", ""), "")
            if QUOTE.search(content):
                yield Gold(article, content, spans.get(event.get("Source", ""), ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--show", choices=["wrong", "unattributed", "missed"], action="append")
    args = parser.parse_args()

    golds = list(gold_quotes(args.split))
    articles = sorted(
        {g.article for g in golds} | {p.stem for p in (args.split / "text").glob("*.txt")}
    )
    started = time.perf_counter()
    extractions = {}
    for name in articles:
        path = args.split / "text" / f"{name}.txt"
        if path.exists():
            extractions[name] = extract_document(
                path.read_text(encoding="utf-8"), filename=path.name
            )
    elapsed = time.perf_counter() - started

    counts = dict.fromkeys(["gold", "found", "scorable", "right", "wrong", "unattributed"], 0)
    examples: dict[str, list[str]] = {"wrong": [], "unattributed": [], "missed": []}
    for gold in golds:
        counts["gold"] += 1
        probe = gold.content.strip().strip('“”"').strip()[:60]
        hit = None
        doc = extractions.get(gold.article)
        for item in doc.items if doc else ():
            pos = item.body.find(probe)
            if pos < 0:
                continue
            a, b = pos, pos + len(probe)
            cited = sorted(
                ((c, claim) for claim in item.claims for c in claim.citations),
                key=lambda pair: pair[0].start,
            )
            for citation, claim in cited:
                overlap = min(b, citation.end) - max(a, citation.start)
                if overlap > 0 and overlap >= 0.5 * min(b - a, citation.end - citation.start):
                    hit = claim
                    break
            if hit:
                break
        label = f"{gold.article[:45]}: {probe[:60]!r} gold {gold.source!r}"
        if hit is None:
            examples["missed"].append(label)
            continue
        counts["found"] += 1
        want = tokens(gold.source)
        if not want:
            continue
        counts["scorable"] += 1
        if hit.claimant is None:
            counts["unattributed"] += 1
            examples["unattributed"].append(f"{label} ({hit.attribution_rule or 'none'})")
            continue
        names: set[str] = set()
        for name in (hit.claimant.name, *hit.claimant.aliases):
            names |= tokens(name)
        if want & names:
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            examples["wrong"].append(f"{label} got {hit.claimant.name!r} ({hit.attribution_rule})")
    result = {
        "articles": len(extractions),
        "seconds": round(elapsed, 1),
        "gold_quotes": counts["gold"],
        "found": counts["found"],
        "recall": round(counts["found"] / max(counts["gold"], 1), 3),
        "speaker_scorable": counts["scorable"],
        "right": counts["right"],
        "wrong": counts["wrong"],
        "unattributed": counts["unattributed"],
        "speaker_accuracy": round(counts["right"] / max(counts["scorable"], 1), 3),
        "wrong_rate": round(counts["wrong"] / max(counts["right"] + counts["wrong"], 1), 3),
    }
    print(json.dumps(result))
    for kind in args.show or ():
        print(f"\n# {kind} ({len(examples[kind])})")
        for line in examples[kind][: args.examples or None]:
            print(line)


if __name__ == "__main__":
    main()
