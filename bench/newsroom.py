"""The benchmark newsroom: a synthetic archive the size of a real newsroom's, loaded with COPY.

Run (into a migrated, empty database; --claims sets the size, the rest follows it):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/newsroom.py \\
        --claims 1000000

At --claims N it loads N claims, N/5 sources, N/50 entities (20,000 at a million), one citation
per claim whose quote is the exact slice of its source body at its offsets, plus a second
citation in another source for 5% of claims (the same statement reported twice), authors,
publishers, suggested claim relations, merged duplicates, reviews and publications, and the
history the database would have recorded for all of it (the tracked models' insert and update
event rows and the event feed). The same seed gives the same newsroom.

Text follows a Zipfian word distribution (the rank-r word is about 1/r as frequent as the
commonest), so full-text search meets common words with huge posting lists and rare ones with
few, as in real archives. Some characters are outside ASCII, so offsets are checked in
characters, not bytes.

How: Python writes the rows as COPY text files, then one transaction loads them with the
database's triggers off (session_replication_role = replica), with the secondary indexes of the
loaded tables dropped and rebuilt afterwards, and computes what the triggers would have derived
set-wise: the claims' search documents (the database's own function), history and the event
feed. CHECK and unique constraints stay on; foreign keys (checked by triggers) are verified
afterwards with anti-joins (`verify`). Needs a role allowed to set session_replication_role
(a superuser, as in development and the benchmark).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.anchoring import context_around  # noqa: E402  (plain module, no Django)
from newstext import metadata  # noqa: E402  (the kinds' values, no Django)
from newstext.names import ORGANISATION, PERSON  # noqa: E402

EPOCH = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600
DESK_USERS = 24

# The commonest English words, in frequency order: the head of the Zipf distribution, so
# stop words and very common terms are as frequent as in news text.
COMMON = (  # noqa: SIM905 - easier to read as prose
    "the of and to a in that is was he for it with as his on be at by i this had not are but "
    "from or have an they which one you were her all she there would their we him been has "
    "when who will more no if out so said what up its about into than them can only other new "
    "some could time these two may then do first any my now such like our over man me even "
    "most made after also did many before must through back years where much your way well "
    "down should because each just those people how too little state good very make world "
    "still own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take "
    "three government minister party public report million percent police week council money "
    "health school plan policy spending cut rise election vote law court tax price housing"
).split()
SYLLABLES = (  # noqa: SIM905 - easier to read as prose
    "ba be bi bo bu ca ce co cu da de di do du fa fe fi fo ga ge go gu ha he hi ho la le li lo "
    "lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to "
    "tu va ve vi vo wa we wi ya yo za ze zo bra cre dri fro gla ple pro sta stre tri "
    "an en in on un ar er ir or ur al el il ol ul ast est ist ost ent ant ing ion"
).split()
FIRST_NAMES = (  # noqa: SIM905 - easier to read as prose
    "Ann Alan Amira Ben Bea Carl Chloé Dara David Eve Ella Femi Frank Grace Gareth Hana Harry "
    "Ian Isla Jack Jo José Karen Kofi Lara Liam Maya Mark Nadia Neil Olga Omar Paul Priya "
    "Quinn Rosa Rhys Sara Sean Tariq Tess Uma Vera Victor Wendy Will Xavier Yara Yusuf Zoë "
    "Zainab Agnieszka Björn Céline Dominik Émile Łukasz Siân Søren Renée"
).split()
ORG_SUFFIXES = (
    "Council",
    "Party",
    "Institute",
    "Trust",
    "Union",
    "Foundation",
    "Group",
    "Agency",
    "Association",
    "Ministry",
    "Times",
    "Herald",
    "Post",
    "News",
)
TAGS = [f"topic-{n:02d}" for n in range(50)]
SOURCE_KINDS = (
    [metadata.ARTICLE] * 80
    + [metadata.PRESS_RELEASE] * 6
    + [metadata.STATEMENT] * 4
    + [metadata.SPEECH] * 3
    + [metadata.INTERVIEW] * 3
    + [metadata.REPORT] * 2
    + [metadata.WEB_PAGE, metadata.LETTER]
)
VERDICTS = ["accurate", "mostly_accurate", "mixed", "misleading", "inaccurate", "unproven"]
UNITS = ["%", " per cent", " million", " billion", " people", " jobs", " homes", " years"]


def copy_text(value: object) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        value = "{" + ",".join('"' + item.replace('"', '\\"') + '"' for item in value) + "}"
    elif isinstance(value, dict):
        value = json.dumps(value)
    else:
        value = str(value)
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class CopyFile:
    """Rows of one table written to a temporary file in COPY text format."""

    def __init__(self, directory: str, table: str, columns: list[str]) -> None:
        self.table, self.columns, self.rows = table, columns, 0
        self.path = Path(directory) / f"{table}.copy"
        self._file = self.path.open("w", encoding="utf-8")

    def write(self, *fields: object) -> None:
        self._file.write("\t".join(map(copy_text, fields)) + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()

    def load(self, cursor: psycopg.Cursor, table: str | None = None) -> None:
        columns = ", ".join(f'"{column}"' for column in self.columns)
        statement = f"COPY {table or self.table} ({columns}) FROM STDIN"
        with cursor.copy(statement) as copy, self.path.open("rb") as data:
            while chunk := data.read(1 << 20):
                copy.write(chunk)


class Words:
    """A Zipfian vocabulary: `take(n)` draws n words, the rank-r word with weight 1/r."""

    def __init__(self, rng: random.Random, size: int = 60_000) -> None:
        vocabulary = list(COMMON)
        seen = set(vocabulary)
        while len(vocabulary) < size:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
            if word not in seen:
                seen.add(word)
                vocabulary.append(word)
        self.vocabulary = vocabulary
        self._cumulative = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))
        self._rng = rng
        self._buffer: list[str] = []
        self._next = 0

    def take(self, count: int) -> list[str]:
        if self._next + count > len(self._buffer):
            self._buffer = self._rng.choices(
                self.vocabulary, cum_weights=self._cumulative, k=max(count, 200_000)
            )
            self._next = 0
        self._next += count
        return self._buffer[self._next - count : self._next]


class Zipf:
    """Picks an index in range(size) with weight 1/(rank+1)**exponent: a few claimants and
    publishers account for much of an archive, most appear rarely."""

    def __init__(self, rng: random.Random, size: int, exponent: float = 1.0) -> None:
        self._rng = rng
        self._cumulative = list(
            itertools.accumulate(1 / (rank**exponent) for rank in range(1, size + 1))
        )

    def pick(self) -> int:
        return bisect.bisect(self._cumulative, self._rng.random() * self._cumulative[-1])


def sentence(words: Words, count: int) -> str:
    taken = words.take(count)
    return taken[0].capitalize() + " " + " ".join(taken[1:]) + "."


def claim_sentence(words: Words, rng: random.Random) -> str:
    """A check-worthy statement: words around a quantity and a year."""
    before, after = words.take(rng.randint(4, 10)), words.take(rng.randint(2, 6))
    number = rng.choice(
        (
            f"{rng.randint(2, 99)}",
            f"{rng.randint(1, 99)}.{rng.randint(1, 9)}",
            f"£{rng.randint(1, 900)}",
            f"{rng.randint(1, 40) * 1000:,}",
        )
    )
    year = rng.randint(1990, 2025)
    quantity = f"{number}{rng.choice(UNITS)}"
    # Some are quoted fragments, starting mid-sentence (listed last in the review queue).
    first = before[0] if rng.random() < 0.08 else before[0].capitalize()
    return f"{first} {' '.join(before[1:])} {quantity} {' '.join(after)} in {year}."


def person_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
        name = f"{rng.choice(FIRST_NAMES)} {surname}"
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def organisation_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, acronym) pairs."""
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < count:
        parts = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
            for _ in range(rng.choice((1, 2)))
        ]
        name = " ".join([*parts, rng.choice(ORG_SUFFIXES)])
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append((name, "".join(part[0] for part in name.split())))
    return names


class Plan:
    """How many of each: everything follows the number of claims."""

    def __init__(self, claims: int) -> None:
        self.claims = claims
        self.sources = max(1, claims // 5)
        self.entities = max(40, claims // 50)
        self.organisations = max(10, self.entities // 5)
        self.persons = self.entities - self.organisations
        self.publishers = max(3, min(300, self.organisations // 4))
        self.authors = max(5, min(2000, self.persons // 8))


def write_newsroom(directory: str, plan: Plan, seed: int, log: Callable[[str], None]) -> dict:
    """Generate every row as COPY files in `directory`; returns them by table."""
    rng = random.Random(seed)
    words = Words(rng)
    files = {
        "entity": CopyFile(
            directory,
            "sources_entity",
            [
                "id",
                "name",
                "kind",
                "aliases",
                "description",
                "wikidata_id",
                "created_at",
                "updated_at",
            ],
        ),
        "source": CopyFile(
            directory,
            "sources_source",
            [
                "id",
                "kind",
                "title",
                "url",
                "publisher_id",
                "published_on",
                "language",
                "body",
                "body_sha256",
                "origin",
                "created_at",
                "updated_at",
            ],
        ),
        "author": CopyFile(directory, "sources_source_authors", ["id", "source_id", "entity_id"]),
        "claim": CopyFile(
            directory,
            "claims_claim",
            [
                "id",
                "text",
                "claimant_id",
                "claimed_on",
                "status",
                "verdict",
                "explanation",
                "reviewer_id",
                "reviewed_at",
                "review_url",
                "review_title",
                "tags",
                "origin",
                "check_worthiness",
                "fact_key",
                "version",
                "created_by_id",
                "assignee_id",
                "duplicate_of_id",
                "created_at",
                "updated_at",
            ],
        ),
        "citation": CopyFile(
            directory,
            "claims_citation",
            [
                "id",
                "claim_id",
                "source_id",
                "relation",
                "quote",
                "start",
                "end",
                "prefix",
                "suffix",
                "speaker_id",
                "rank",
                "note",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
        ),
        "relation": CopyFile(
            directory,
            "claims_claimrelation",
            [
                "id",
                "from_claim_id",
                "to_claim_id",
                "kind",
                "status",
                "score",
                "method",
                "decided_by_id",
                "decided_at",
                "created_at",
                "updated_at",
            ],
        ),
    }
    users = list(range(1, DESK_USERS + 1))  # desk user ids, remapped at load time

    # Entities: organisations first (publishers among them), then people (authors among them).
    started = time.perf_counter()
    organisations = organisation_names(rng, plan.organisations)
    persons = person_names(rng, plan.persons)
    entity_id = 0
    for name, acronym in organisations:
        entity_id += 1
        at = EPOCH + dt.timedelta(seconds=rng.randrange(3600 * 24 * 30))
        aliases = [acronym] if len(acronym) > 1 else []
        files["entity"].write(entity_id, name, ORGANISATION, aliases, "", "", at, at)
    for name in persons:
        entity_id += 1
        at = EPOCH + dt.timedelta(seconds=rng.randrange(3600 * 24 * 30))
        files["entity"].write(entity_id, name, PERSON, [], "", "", at, at)
    names = [name for name, _ in organisations] + persons
    publishers = Zipf(rng, plan.publishers)
    authors_first = plan.organisations + 1
    claimants = Zipf(rng, plan.entities, exponent=0.9)
    claimant_order = list(range(1, plan.entities + 1))
    rng.shuffle(claimant_order)  # popular claimants are people and organisations alike
    log(f"entities: {entity_id:,} in {time.perf_counter() - started:.1f} s")

    # Which source states each claim: a multinomial spread, as real sources hold 0 to many.
    claims_of: list[int] = [0] * plan.sources
    for _ in range(plan.claims):
        claims_of[rng.randrange(plan.sources)] += 1

    claim_id = citation_id = author_id = relation_id = 0
    texts: list[str] = []  # by claim id - 1, for restating claims in later sources
    hashes: set[str] = set()
    suggested: set[tuple[int, int]] = set()
    for index in range(plan.sources):
        source_id = index + 1
        created = EPOCH + dt.timedelta(seconds=SPAN_SECONDS * index / plan.sources)
        # Statements first stated here, and (5% of the time each) earlier claims restated.
        own = claims_of[index]
        restated = [rng.randrange(claim_id) for _ in range(own) if claim_id and rng.random() < 0.05]
        pieces: list[tuple[str, int | None, int | None]] = []  # (text, claim id, speaker)
        for _ in range(rng.randint(3, 8)):
            pieces.append((sentence(words, rng.randint(8, 24)), None, None))
        for number in range(own):
            text = claim_sentence(words, rng)
            texts.append(text)
            position = rng.randrange(len(pieces) + 1)
            pieces.insert(position, (text, claim_id + number + 1, None))
        for earlier in restated:
            pieces.insert(rng.randrange(len(pieces) + 1), (texts[earlier], earlier + 1, None))
        title = sentence(words, rng.randint(5, 11))[:-1]
        body_parts: list[str] = []
        length = 0
        anchors: list[tuple[int, int, int, int | None]] = []  # claim, start, end, speaker
        for position, (text, cited, _) in enumerate(pieces):
            separator = "" if position == 0 else ("\n\n" if position % 3 == 0 else " ")
            body_parts.append(separator)
            length += len(separator)
            speaker = None
            if cited is not None and rng.random() < 0.6:
                # Attributed as a quote: the claim is the quoted span, not the attribution.
                speaker = claimant_order[claimants.pick()]
                lead = f"{names[speaker - 1]} said: “"
                body_parts.append(lead)
                length += len(lead)
            if cited is not None:
                anchors.append((cited, length, length + len(text), speaker))
            body_parts.append(text)
            length += len(text)
            if speaker is not None:
                body_parts.append("”")
                length += 1
        body = "".join(body_parts)
        digest = hashlib.sha256(body.encode()).hexdigest()
        while digest in hashes:  # never in practice; the unique constraint must hold
            body += " " + sentence(words, 12)
            digest = hashlib.sha256(body.encode()).hexdigest()
        hashes.add(digest)
        published_on = (
            None if rng.random() < 0.1 else (created - dt.timedelta(days=rng.randint(0, 2))).date()
        )
        files["source"].write(
            source_id,
            rng.choice(SOURCE_KINDS),
            title,
            f"https://news.example/{created:%Y/%m}/{source_id}",
            publishers.pick() + 1,
            published_on,
            "en",
            body,
            digest,
            {"file": f"archive-{created:%Y-%m}.jsonl", "item": source_id},
            created,
            created,
        )
        author_count = rng.choices((0, 1, 2), weights=(20, 70, 10))[0]
        for author in rng.sample(range(plan.authors), author_count):
            author_id += 1
            files["author"].write(author_id, source_id, authors_first + author)

        for cited, start, end, speaker in anchors:
            quote = body[start:end]
            first = cited > claim_id  # stated here first: the claim is created with it
            if first:
                write_claim(
                    files["claim"],
                    rng,
                    cited,
                    quote,
                    claimant_order,
                    claimants,
                    speaker,
                    published_on,
                    created,
                    users,
                )
            prefix, suffix = context_around(body, start, end)
            citation_id += 1
            files["citation"].write(
                citation_id,
                cited,
                source_id,
                "states" if first else rng.choice(("states", "supports")),
                quote,
                start,
                end,
                prefix,
                suffix,
                None,
                "normal",
                "",
                None if rng.random() < 0.9 else rng.choice(users),
                created,
                created,
            )
            if not first and cited > 1 and rng.random() < 0.3:
                # A suggestion matching found when the claim was reported again.
                related = rng.randrange(1, cited)
                if (cited, related) not in suggested:
                    suggested.add((cited, related))
                    relation_id += 1
                    at = created + dt.timedelta(seconds=5)
                    files["relation"].write(
                        relation_id,
                        cited,
                        related,
                        "related",
                        "suggested",
                        round(rng.uniform(0.55, 0.9), 3),
                        "shared rare terms",
                        None,
                        None,
                        at,
                        at,
                    )
        claim_id += own
        if source_id % 20_000 == 0:
            log(
                f"sources: {source_id:,} / {plan.sources:,}, claims {claim_id:,} "
                f"({time.perf_counter() - started:.0f} s)"
            )
    for copy_file in files.values():
        copy_file.close()
    log(
        f"generated {claim_id:,} claims, {citation_id:,} citations, {plan.sources:,} sources, "
        f"{author_id:,} authors, {relation_id:,} relations in {time.perf_counter() - started:.0f} s"
    )
    return files


def write_claim(
    out: CopyFile,
    rng: random.Random,
    claim_id: int,
    text: str,
    claimant_order: list[int],
    claimants: Zipf,
    speaker: int | None,
    claimed_on: dt.date | None,
    created: dt.datetime,
    users: list[int],
) -> None:
    """One claim with its editorial state: most new, some in review, reviewed or published."""
    if speaker is not None:
        claimant = speaker
    elif rng.random() < 0.15:
        claimant = None
    else:
        claimant = claimant_order[claimants.pick()]
    roll = rng.random()
    status = (
        "new"
        if roll < 0.70
        else "in_review"
        if roll < 0.80
        else "reviewed"
        if roll < 0.92
        else "published"
    )
    reviewed = status in ("reviewed", "published")
    verdict = rng.choice(VERDICTS) if reviewed else "unrated"
    reviewed_at = created + dt.timedelta(hours=rng.randint(2, 24 * 14)) if reviewed else None
    version = {"new": 1, "in_review": 2, "reviewed": 2, "published": 3}[status]
    if reviewed_at is not None:
        updated = reviewed_at + dt.timedelta(hours=1) if status == "published" else reviewed_at
    else:
        updated = created + dt.timedelta(hours=1) if status == "in_review" else created
    origin = rng.choices(("extracted", "entered", "imported"), weights=(85, 10, 5))[0]
    duplicate_of = rng.randrange(1, claim_id) if claim_id > 1 and rng.random() < 0.005 else None
    out.write(
        claim_id,
        text,
        claimant,
        claimed_on,
        status,
        verdict,
        "The figures do not say that." if reviewed else "",
        rng.choice(users) if reviewed else None,
        reviewed_at,
        "",
        "",
        rng.sample(TAGS, rng.choice((1, 2))) if rng.random() < 0.2 else [],
        origin,
        round(rng.uniform(0.3, 1.0), 3) if origin == "extracted" else None,
        "",
        version,
        rng.choice(users) if origin == "entered" else None,
        rng.choice(users) if status != "new" else None,
        duplicate_of,
        created,
        updated,
    )


# A claim's search document, set-wise: what claims_claim_search_document(text, claimant, id)
# (migration 0007) computes row by row, from the claim (n), its claimant (e) and the titles of
# the sources citing it (t). verify() checks the two agree.
SEARCH_DOCUMENT = """
  setweight(to_tsvector('english', claims_search_normalise(n.text)), 'A')
  || setweight(to_tsvector('english', claims_search_normalise(coalesce(
       e.name || ' ' || array_to_string(e.aliases, ' '), ''))), 'B')
  || setweight(to_tsvector('english', claims_search_normalise(coalesce(t.titles, ''))), 'C')
"""

# Rows the tracked models' triggers would have written: one insert event per row, and for
# claims the updates of their review (in review; reviewed; reviewed then published).
HISTORY = r"""
INSERT INTO sources_entityevent (pgh_created_at, pgh_label, pgh_obj_id, id, name, kind, aliases,
    description, wikidata_id, created_at, updated_at)
SELECT created_at, 'insert', id, id, name, kind, aliases, description, wikidata_id, created_at,
       updated_at FROM sources_entity ORDER BY id;
INSERT INTO sources_sourceevent (pgh_created_at, pgh_label, pgh_obj_id, id, kind, title, url,
    publisher_id, published_on, language, body, body_sha256, origin, created_at, updated_at)
SELECT created_at, 'insert', id, id, kind, title, url, publisher_id, published_on, language, body,
       body_sha256, origin, created_at, updated_at FROM sources_source ORDER BY id;
INSERT INTO sources_sourceauthorevent (pgh_created_at, pgh_label, id, source_id, entity_id)
SELECT s.created_at, 'insert', a.id, a.source_id, a.entity_id
  FROM sources_source_authors a JOIN sources_source s ON s.id = a.source_id ORDER BY a.id;
INSERT INTO claims_citationevent (pgh_created_at, pgh_label, pgh_obj_id, id, claim_id, source_id,
    relation, quote, start, "end", prefix, suffix, speaker_id, rank, note, created_by_id,
    created_at, updated_at)
SELECT created_at, 'insert', id, id, claim_id, source_id, relation, quote, start, "end", prefix,
       suffix, speaker_id, rank, note, created_by_id, created_at, updated_at
  FROM claims_citation ORDER BY id;
INSERT INTO claims_claimrelationevent (pgh_created_at, pgh_label, pgh_obj_id, id, from_claim_id,
    to_claim_id, kind, status, score, method, decided_by_id, decided_at, created_at, updated_at)
SELECT created_at, 'insert', id, id, from_claim_id, to_claim_id, kind, status, score, method,
       decided_by_id, decided_at, created_at, updated_at FROM claims_claimrelation ORDER BY id;
INSERT INTO claims_claimevent (pgh_created_at, pgh_label, pgh_obj_id, id, text, claimant_id,
    claimed_on, status, verdict, explanation, reviewer_id, reviewed_at, review_url, review_title,
    tags, origin, check_worthiness, fact_key, version, created_by_id, assignee_id,
    duplicate_of_id, created_at, updated_at)
SELECT at, label, id, id, text, claimant_id, claimed_on, state, CASE WHEN step < 2 THEN 'unrated'
       ELSE verdict END, CASE WHEN step < 2 THEN '' ELSE explanation END,
       CASE WHEN step < 2 THEN NULL ELSE reviewer_id END,
       CASE WHEN step < 2 THEN NULL ELSE reviewed_at END, review_url, review_title, tags, origin,
       check_worthiness, fact_key, step + 1, created_by_id,
       CASE WHEN step = 0 THEN NULL ELSE assignee_id END,
       CASE WHEN step = 0 THEN NULL ELSE duplicate_of_id END, created_at, at
  FROM (
    SELECT c.*, 0 AS step, 'insert' AS label, 'new' AS state, c.created_at AS at
      FROM claims_claim c
    UNION ALL
    SELECT c.*, 1, 'update', 'in_review', c.created_at + interval '1 hour'
      FROM claims_claim c WHERE c.status = 'in_review'
    UNION ALL
    SELECT c.*, 1, 'update', 'reviewed', c.reviewed_at
      FROM claims_claim c WHERE c.status IN ('reviewed', 'published')
    UNION ALL
    SELECT c.*, 2, 'update', 'published', c.updated_at
      FROM claims_claim c WHERE c.status = 'published'
  ) steps
 ORDER BY at, id, step;
"""

# The event feed, in the order the changes happened.
FEED = r"""
INSERT INTO events_event (txid, occurred_at, resource, object_id, action, fields, version)
SELECT pg_current_xact_id(), at, resource, object_id, action, fields, version FROM (
  SELECT created_at AS at, 'entity' AS resource, id AS object_id, 'created' AS action,
         '{}'::varchar[] AS fields, NULL::integer AS version FROM sources_entity
  UNION ALL SELECT created_at, 'source', id, 'created', '{}', NULL FROM sources_source
  UNION ALL SELECT created_at, 'claim', id, 'created', '{}', 1 FROM claims_claim
  UNION ALL SELECT created_at, 'citation', id, 'created', '{}', NULL FROM claims_citation
  UNION ALL SELECT created_at, 'claim_relation', id, 'created', '{}', NULL FROM claims_claimrelation
  UNION ALL SELECT created_at + interval '1 hour', 'claim', id, 'updated', '{assignee_id,status}', 2
    FROM claims_claim WHERE status = 'in_review'
  UNION ALL SELECT reviewed_at, 'claim', id, 'updated',
         '{assignee_id,explanation,reviewed_at,reviewer_id,status,verdict}', 2
    FROM claims_claim WHERE status IN ('reviewed', 'published')
  UNION ALL SELECT updated_at, 'claim', id, 'published', '{status}', 3
    FROM claims_claim WHERE status = 'published'
) changes
ORDER BY at, resource, object_id;
"""

LOADED_TABLES = (
    "sources_entity",
    "sources_source",
    "sources_source_authors",
    "claims_claim",
    "claims_citation",
    "claims_claimrelation",
    "sources_entityevent",
    "sources_sourceevent",
    "sources_sourceauthorevent",
    "claims_claimevent",
    "claims_citationevent",
    "claims_claimrelationevent",
    "events_event",
)


def secondary_indexes(cursor: psycopg.Cursor) -> list[tuple[str, str]]:
    """(name, definition) of the loaded tables' indexes that back no constraint: dropped for the
    load and built once afterwards, which is much faster than maintaining them row by row."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
         WHERE i.indrelid = ANY(%s::regclass[])
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(LOADED_TABLES)],
    )
    return cursor.fetchall()


def desk_users(cursor: psycopg.Cursor) -> list[int]:
    """The newsroom's journalists (no usable password), created once."""
    cursor.execute(
        """
        INSERT INTO auth_user (username, password, first_name, last_name, email, is_staff,
                               is_active, is_superuser, date_joined)
        SELECT 'desk-' || lpad(n::text, 2, '0'), '!', '', '', '', true, true, false, %s
          FROM generate_series(1, %s) n
        ON CONFLICT (username) DO NOTHING
        """,
        [EPOCH, DESK_USERS],
    )
    cursor.execute(
        "SELECT id FROM auth_user WHERE username ~ '^desk-[0-9]{2}$' ORDER BY username LIMIT %s",
        [DESK_USERS],
    )
    return [row[0] for row in cursor.fetchall()]


def scalar(connection: psycopg.Connection, sql: str, params: Sequence[object] = ()) -> Any:
    """The one value `sql` selects (LookupError when it selects no row)."""
    row = connection.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(f"No row: {sql}")
    return row[0]


def load(
    connection: psycopg.Connection,
    claims: int,
    *,
    seed: int = 7,
    log: Callable[[str], None] = print,
) -> Plan:
    """Generate a newsroom of `claims` claims and load it into an empty, migrated database."""
    plan = Plan(claims)
    if scalar(
        connection,
        "SELECT (SELECT count(*) FROM claims_claim) + (SELECT count(*) FROM sources_source)"
        " + (SELECT count(*) FROM sources_entity)",
    ):
        raise SystemExit(
            "The database already holds claims, sources or entities: use an empty one."
        )
    with tempfile.TemporaryDirectory(prefix="newsroom-") as directory:
        files = write_newsroom(directory, plan, seed, log)
        with connection.transaction(), connection.cursor() as cursor:
            started = time.perf_counter()
            users = desk_users(cursor)
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            indexes = secondary_indexes(cursor)
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
            for key in ("entity", "source", "author", "citation", "relation"):
                files[key].load(cursor)
                log(
                    f"copied {files[key].rows:,} rows into {files[key].table} "
                    f"({time.perf_counter() - started:.0f} s)"
                )
            # Claims go through a staging table so that each row is written once, with its
            # search document (citations and sources are already there).
            cursor.execute(
                "CREATE TEMP TABLE newsroom_claims (LIKE claims_claim INCLUDING DEFAULTS)"
                " ON COMMIT DROP"
            )
            files["claim"].load(cursor, "newsroom_claims")
            columns = ", ".join(f'"{column}"' for column in files["claim"].columns)
            # Desk user ids 1..DESK_USERS in the files map to the real users' ids.
            remap = {
                column: f"(%(users)s::int[])[n.{column}]"
                for column in ("reviewer_id", "created_by_id", "assignee_id")
            }
            selected = ", ".join(
                remap.get(column, f'n."{column}"') for column in files["claim"].columns
            )
            cursor.execute(
                f"INSERT INTO claims_claim ({columns}, search_document, is_cited)"
                f" SELECT {selected}, {SEARCH_DOCUMENT}, t.claim_id IS NOT NULL"
                " FROM newsroom_claims n"
                " LEFT JOIN sources_entity e ON e.id = n.claimant_id"
                " LEFT JOIN (SELECT c.claim_id, string_agg(DISTINCT s.title, ' ') AS titles"
                "   FROM claims_citation c JOIN sources_source s ON s.id = c.source_id"
                "   GROUP BY c.claim_id) t ON t.claim_id = n.id"
                " ORDER BY n.id",
                {"users": users},
            )
            cursor.execute(
                "UPDATE claims_citation SET created_by_id = (%s::int[])[created_by_id]"
                " WHERE created_by_id IS NOT NULL",
                [users],
            )
            log(f"claims with search documents ({time.perf_counter() - started:.0f} s)")
            cursor.execute(HISTORY)
            log(f"history ({time.perf_counter() - started:.0f} s)")
            cursor.execute(FEED)
            log(f"event feed ({time.perf_counter() - started:.0f} s)")
            for _name, definition in indexes:
                cursor.execute(definition)
            log(f"{len(indexes)} indexes rebuilt ({time.perf_counter() - started:.0f} s)")
            for table in LOADED_TABLES:
                cursor.execute(
                    "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = %s::regclass"
                    " AND a.attidentity <> ''",
                    [table],
                )
                for (column,) in cursor.fetchall():
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, %s),"
                        f' coalesce((SELECT max("{column}") FROM {table}), 0) + 1, false)',
                        [table, column],
                    )
            cursor.execute("SET LOCAL session_replication_role = origin")
            for table in LOADED_TABLES:
                cursor.execute(f"ANALYZE {table}")
            log(f"loaded and analysed in {time.perf_counter() - started:.0f} s")
    return plan


# Each query counts rows that break an invariant; all must be zero.
CHECKS = {
    "citation quote is not the body slice at its offsets": """
        SELECT count(*) FROM claims_citation c JOIN sources_source s ON s.id = c.source_id
         WHERE substr(s.body, c.start + 1, c."end" - c.start) <> c.quote""",
    "citation context is not the text around it": """
        SELECT count(*) FROM claims_citation c JOIN sources_source s ON s.id = c.source_id
         WHERE c.prefix <> substr(s.body, greatest(c.start - 32, 0) + 1,
                                  c.start - greatest(c.start - 32, 0))
            OR c.suffix <> substr(s.body, c."end" + 1, 32)""",
    "citation of a missing claim or source": """
        SELECT count(*) FROM claims_citation c
         WHERE NOT EXISTS (SELECT 1 FROM claims_claim k WHERE k.id = c.claim_id)
            OR NOT EXISTS (SELECT 1 FROM sources_source s WHERE s.id = c.source_id)""",
    "claim of a missing claimant, duplicate or user": """
        SELECT count(*) FROM claims_claim k
         WHERE (k.claimant_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM sources_entity e WHERE e.id = k.claimant_id))
            OR (k.duplicate_of_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM claims_claim d WHERE d.id = k.duplicate_of_id))
            OR (k.reviewer_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM auth_user u WHERE u.id = k.reviewer_id))""",
    "source of a missing publisher or author": """
        SELECT (SELECT count(*) FROM sources_source s WHERE s.publisher_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM sources_entity e WHERE e.id = s.publisher_id))
             + (SELECT count(*) FROM sources_source_authors a
                 WHERE NOT EXISTS (SELECT 1 FROM sources_entity e WHERE e.id = a.entity_id))""",
    "claim without a citation": """
        SELECT count(*) FROM claims_claim k
         WHERE NOT EXISTS (SELECT 1 FROM claims_citation c WHERE c.claim_id = k.id)""",
    "claim whose search document is not the database's own (a sample)": """
        SELECT count(*) FROM claims_claim k WHERE mod(k.id, 997) = 0
           AND k.search_document IS DISTINCT FROM
               claims_claim_search_document(k.text, k.claimant_id, k.id)""",
    "claim whose citation flag is wrong": """
        SELECT count(*) FROM claims_claim k
         WHERE k.is_cited <> EXISTS (SELECT 1 FROM claims_citation c WHERE c.claim_id = k.id)""",
    "claim without its search document or history": """
        SELECT count(*) FROM claims_claim k
         WHERE k.search_document IS NULL
            OR NOT EXISTS (SELECT 1 FROM claims_claimevent e WHERE e.pgh_obj_id = k.id)""",
}


def verify(connection: psycopg.Connection) -> dict[str, int]:
    """Rows breaking each invariant (foreign keys were not checked during the load)."""
    return {problem: scalar(connection, query) for problem, query in CHECKS.items()}


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-verify", action="store_true", help="Skip the invariant checks.")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("Set DATABASE_URL to the migrated, empty database to load.")
    started = time.perf_counter()
    with psycopg.connect(url) as connection:
        plan = load(
            connection, args.claims, seed=args.seed, log=lambda line: print(line, flush=True)
        )
    with psycopg.connect(url, autocommit=True) as connection:
        # The visibility map, so index-only scans are possible from the start.
        connection.execute("VACUUM (ANALYZE) " + ", ".join(LOADED_TABLES))
        print(f"vacuumed ({time.perf_counter() - started:.0f} s)", flush=True)
        if not args.no_verify:
            problems = {k: v for k, v in verify(connection).items() if v}
            if problems:
                raise SystemExit(f"Invariants broken: {problems}")
            print("verified: offsets exact, references whole", flush=True)
    print(
        f"newsroom of {plan.claims:,} claims, {plan.sources:,} sources, {plan.entities:,} "
        f"entities loaded in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
