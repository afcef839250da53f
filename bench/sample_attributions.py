"""Print a seeded sample of an imported database's citations, for judging attribution by hand.

Run: DATABASE_URL=postgresql://user@host:5432/db .venv/bin/python bench/sample_attributions.py \\
         [--attributed 60] [--unattributed 20] [--seed 8] [--context 300] [--passages quotes]

Any database the importer has filled will do (e.g. `manage.py import_seeds DIR` into a scratch
database). By default quotes are sampled: citations whose passage holds a quotation mark
(`--passages quoted`: mostly reported speech quoting some words) or sits right inside quotation
marks (`direct`: a direct quote, stored without its marks); `other` samples the rest and `all`
every citation. A citation is
*attributed* when it has a speaker: its own, or else its claim's claimant. From each group the
sample is drawn with a fixed seed over the citations in id order, so the same database and seed
give the same sample. Each item prints the claim's text, who the importer says is speaking (and
the name as written, when it kept one), the passage marked with ⟦ ⟧ inside ±--context characters
of its source, and two mechanical checks a reader should not have to do by eye:

- anchor: the source's text at the citation's offsets is the stored passage;
- verbatim: the claim's text occurs word for word in the source (a claim merged from another
  source says so instead).

It ends with the same two checks over every quote citation of the database, and with the person
entities whose cited sources also name someone else with the same surname and a different given
name (a bare surname matched to the wrong person fuses two people into one entity): candidates
to look at, not verdicts.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstext.lexicon import words  # noqa: E402

QUOTE_MARK = '["“”]'
FULL_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
# Words before a surname that are not given names: "Mr Brown" is not a namesake of Gordon Brown.
TITLES = words(
    """
    Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Baron Baroness Earl Duke Prince
    Princess King Queen President Premier Chancellor Minister Secretary Senator Governor Mayor
    Judge Justice General Colonel Major Captain Sergeant Inspector Superintendent Chief Bishop
    Archbishop Cardinal Pope Father Rabbi Imam Sheikh Rev Reverend Saint St
    """
)


@dataclass(frozen=True)
class Item:
    citation: int
    claim: int
    claim_text: str
    passage: str
    start: int
    end: int
    source: int
    title: str
    body: str
    speaker: str
    speaker_kind: str
    speaker_aliases: list[str]
    claimant: str
    as_written: str
    claim_sources: list[int]


SAMPLE_ROWS = """
    SELECT ci.id, cl.id, cl.text, ci.quote, ci.start, ci."end", s.id, s.title, s.body,
           COALESCE(sp.name, ''), COALESCE(sp.kind, ''), COALESCE(sp.aliases, '{}'),
           COALESCE(cm.name, ''), ci.speaker_as_written,
           ARRAY(SELECT DISTINCT o.source_id FROM claims_citation o WHERE o.claim_id = cl.id)
    FROM claims_citation ci
    JOIN claims_claim cl ON cl.id = ci.claim_id
    JOIN sources_source s ON s.id = ci.source_id
    LEFT JOIN sources_entity sp ON sp.id = COALESCE(ci.speaker_id, cl.claimant_id)
    LEFT JOIN sources_entity cm ON cm.id = cl.claimant_id
    WHERE ci.id = ANY(%s)
    ORDER BY ci.id
"""


# Direct quotes are stored without their marks, so a passage holding a mark is mostly reported
# speech with some words quoted; a passage right inside marks is a direct quote.
HOLDS_MARK = "ci.quote ~ %(mark)s"
INSIDE_MARKS = (
    "(ci.quote !~ %(mark)s AND (substr(s.body, ci.start, 1) ~ %(mark)s"
    ' OR substr(s.body, ci."end" + 1, 1) ~ %(mark)s))'
)
PASSAGES = {
    "quoted": HOLDS_MARK,
    "direct": INSIDE_MARKS,
    "quotes": f"({HOLDS_MARK} OR {INSIDE_MARKS})",
    "other": f"NOT ({HOLDS_MARK} OR {INSIDE_MARKS})",
    "all": "true",
}


def sampled_citations(
    connection: psycopg.Connection, *, attributed: bool, passages: str
) -> list[int]:
    """Ids of the citations of that kind of passage with (or without) a speaker, in id order."""
    test = "IS NOT NULL" if attributed else "IS NULL"
    rows = connection.execute(
        f"""
        SELECT ci.id FROM claims_citation ci JOIN claims_claim cl ON cl.id = ci.claim_id
        JOIN sources_source s ON s.id = ci.source_id
        WHERE {PASSAGES[passages]} AND COALESCE(ci.speaker_id, cl.claimant_id) {test}
        ORDER BY ci.id
        """,
        {"mark": QUOTE_MARK},
    ).fetchall()
    return [row[0] for row in rows]


def load(connection: psycopg.Connection, ids: list[int]) -> list[Item]:
    return [Item(*row) for row in connection.execute(SAMPLE_ROWS, (ids,)).fetchall()]


def checks(item: Item) -> str:
    anchored = item.body[item.start : item.end] == item.passage
    if item.claim_text in item.body:
        verbatim = "verbatim"
    elif len(item.claim_sources) > 1:
        verbatim = "text from another source of the merged claim"
    else:
        verbatim = "NOT A SPAN OF ITS SOURCE"
    return f"anchor {'ok' if anchored else 'BROKEN'}; claim text {verbatim}"


def show(number: int, item: Item, context: int) -> None:
    if item.speaker:
        aliases = f" (aliases {', '.join(item.speaker_aliases)})" if item.speaker_aliases else ""
        who = f"{item.speaker} [{item.speaker_kind}]{aliases}"
        if item.claimant != item.speaker:
            who += f"; claim's claimant {item.claimant or 'none'}"
    else:
        who = "nobody"
    if item.as_written:
        who += f"; as written {item.as_written!r}"
    before = item.body[max(0, item.start - context) : item.start]
    after = item.body[item.end : item.end + context]
    print(f"#{number} citation {item.citation}, claim {item.claim}, source {item.source}")
    print(f"   title: {item.title}")
    print(f"   speaker: {who}")
    print(f"   passage: {len(item.passage)} characters; {checks(item)}")
    print(f"   claim: {item.claim_text!r}")
    print(textwrap.indent(f"…{before}⟦{item.passage}⟧{after}…", "   | "))
    print()


def whole_database(connection: psycopg.Connection) -> None:
    """The anchor and verbatim checks over every quote citation."""
    broken, not_span, citations = connection.execute(
        """
        SELECT count(*) FILTER (WHERE substr(s.body, ci.start + 1, ci."end" - ci.start)
                                      <> ci.quote),
               count(*) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM claims_citation o JOIN sources_source os ON os.id = o.source_id
                   WHERE o.claim_id = cl.id AND strpos(os.body, cl.text) > 0)),
               count(*)
        FROM claims_citation ci
        JOIN claims_claim cl ON cl.id = ci.claim_id
        JOIN sources_source s ON s.id = ci.source_id
        WHERE ci.quote ~ %s
        """,
        (QUOTE_MARK,),
    ).fetchone() or (0, 0, 0)
    print(
        f"All {citations} quote citations: {broken} with a broken anchor, {not_span} whose "
        "claim's text is a span of none of its sources."
    )


def possible_fusions(connection: psycopg.Connection) -> None:
    """Person entities whose cited sources name another given name with the same surname."""
    rows = connection.execute(
        """
        SELECT DISTINCT e.name, s.id, s.body
        FROM sources_entity e
        JOIN claims_claim cl ON cl.claimant_id = e.id
        JOIN claims_citation ci ON ci.claim_id = cl.id
        JOIN sources_source s ON s.id = ci.source_id
        WHERE e.kind = 'person' AND e.name ~ '^[A-Z][a-z]+ [A-Z]'
        """
    ).fetchall()
    others: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for name, source, body in rows:
        given, surname = name.split(" ", 1)
        for match in FULL_NAME.finditer(body):
            if match.group(2) == surname and match.group(1) not in TITLES | {given}:
                others[name][match.group(0)].add(source)
    print("Person entities whose cited sources also name a namesake (check by hand):")
    for name in sorted(others):
        found = "; ".join(
            f"{other} in source {', '.join(map(str, sorted(sources)))}"
            for other, sources in sorted(others[name].items())
        )
        print(f"   {name}: {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attributed", type=int, default=60)
    parser.add_argument("--unattributed", type=int, default=20)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--context", type=int, default=300)
    parser.add_argument(
        "--passages",
        choices=sorted(PASSAGES),
        default="quotes",
        help="quoted: passages holding a quotation mark (reported speech quoting some words); "
        "direct: passages right inside quotation marks (direct quotes, stored without them); "
        "quotes: both (default); other: the rest; all: every citation",
    )
    arguments = parser.parse_args()
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        for attributed, wanted in ((True, arguments.attributed), (False, arguments.unattributed)):
            ids = sampled_citations(connection, attributed=attributed, passages=arguments.passages)
            chosen = random.Random(arguments.seed).sample(ids, min(wanted, len(ids)))
            label = "with a speaker" if attributed else "without a speaker"
            print(
                f"=== {len(chosen)} of {len(ids)} citations ({arguments.passages}) {label} "
                f"(seed {arguments.seed})"
            )
            print()
            by_id = {item.citation: item for item in load(connection, chosen)}
            for number, citation in enumerate(chosen, 1):
                show(number, by_id[citation], arguments.context)
        whole_database(connection)
        possible_fusions(connection)


if __name__ == "__main__":
    main()
