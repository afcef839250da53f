"""Importing raw scraped pages: read and check a file, extract, store through the services.

One document is imported in one transaction: it lands whole or not at all. What an import made
is remembered per source (`ImportedObject`, keyed by the source's body hash and the passage), so
importing a source again recognises every passage it saw before and makes nothing for it: a claim
a journalist deleted stays deleted, a merged one stays merged, a deleted suggestion is not made
again, and a second run over the same pages adds nothing at all, history included. Only passages
seen for the first time are matched against stored claims and stored.

Several documents may be imported at once (`import_seeds --jobs`, the API). The costly reads
(stored claims that may match a new passage) run in parallel; the writes of a document run under
one import lock, after a second look for what documents committed in the meantime made, so
concurrent documents still find each other's claims and never make the same entity twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from django.db import connection
from django.db.models import Q

from claims.models import (
    Citation,
    Claim,
    ClaimOrigin,
    ImportedDocument,
    ImportedKind,
    ImportedObject,
)
from claims.organisation_lexicon import known_organisations
from claims.selectors import same_fact_claims, similar_claims_many
from claims.services import (
    RelationSuggestion,
    citations_create_many,
    claims_create_many,
    relations_suggest_many,
)
from factbase.db import all_or_nothing
from factbase.json_insert import insert_as_json
from newstext import lexicon
from newstext.matching import ClaimRef, FactKey, MatchCandidate, Suggestion
from newstext.names import ORGANISATION, PERSON, NamedEntity
from newstext.pipeline import (
    DocumentExtraction,
    ExtractedClaim,
    ExtractedItem,
    extract_document,
    match_documents,
)
from sources.models import Entity, Source, body_sha256
from sources.services import EntityLookup, entity_get_or_create, sources_create_many

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
# Stored claims considered per extracted claim when matching a new document against the
# database: those with the same fact (subject and predicate), and the closest by wording.
STORED_CANDIDATES_PER_CLAIM = 10
# The control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) a text's line
# layout does not use; one regular expression rather than a category look-up per character.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_STORED = "\x00stored"  # the pseudo-document of claims already in the database
# pg_advisory_xact_lock key held while a document's writes run (any 64-bit number; this one is
# the first eight bytes of sha256("factbase import")).
IMPORT_LOCK = int.from_bytes(hashlib.sha256(b"factbase import").digest()[:8], "big", signed=True)


class DocumentRejected(Exception):
    """A file that cannot be imported; the message says why, for the operator."""


def content_sha256(text: str) -> str:
    """The hash that identifies a document's content (the decoded text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def already_imported(text: str) -> bool:
    """Whether a document with exactly this content was imported before."""
    return ImportedDocument.objects.filter(content_sha256=content_sha256(text)).exists()


def read_document(path: Path) -> str:
    """The text of a seed file, or DocumentRejected saying what is wrong with it."""
    if not path.is_file():
        raise DocumentRejected("not a readable file")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRejected(
            f"larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB limit ({size} bytes)"
        )
    data = path.read_bytes()
    if not data.strip():
        raise DocumentRejected("empty")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise DocumentRejected(f"contains NUL bytes (first at offset {offset}): binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentRejected(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start} is invalid"
        ) from error
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(text) // 100):
        raise DocumentRejected(f"contains {controls} control characters: binary data")
    return text


@dataclass
class ImportStats:
    """What importing one document created (or, in a dry run, would create)."""

    documents: int = 0
    skipped: int = 0
    sources: int = 0
    entities: int = 0
    claims: int = 0
    citations: int = 0
    merges: int = 0
    suggestions: int = 0
    errors: int = 0

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "documents",
        "skipped",
        "sources",
        "entities",
        "claims",
        "citations",
        "merges",
        "suggestions",
        "errors",
    )

    def add(self, other: ImportStats) -> None:
        for column in self.COLUMNS:
            setattr(self, column, getattr(self, column) + getattr(other, column))

    def row(self) -> list[int]:
        return [getattr(self, column) for column in self.COLUMNS]


def is_name_alias(alias: str, name: str, kind: str = ORGANISATION) -> bool:
    """Whether `alias` names the entity rather than describing it, and may be stored on it.

    "JLM", "Poale Zion" and "The Labour Party" are an organisation's names; "A JLM spokesman" or
    "The Labour leader" are descriptions the text used once, and would match the wrong entity
    later. A person's alias must be a full name: a surname alone ("Kelly") or after a title
    ("Ms Kelly", "Sen. Kelly") names whoever the article was about, not one person everywhere.
    """
    first, _, rest = alias.partition(" ")
    if kind == PERSON:
        folded = first.casefold().rstrip(".")
        return bool(rest) and not (
            folded in lexicon.HONORIFICS
            or folded in lexicon.ABBREVIATED_TITLES
            or folded in lexicon.ROLE_WORDS
        )
    if first.casefold() in {"a", "an"}:
        return False
    if first.casefold() == "the" and rest:
        return rest.casefold() in name.casefold()
    return True


def known_entities() -> tuple[NamedEntity, ...]:
    """The organisations stored so far, with their aliases: what the text pipeline may know
    about organisations a page names without defining them (read again only when they change,
    see `claims.organisation_lexicon`)."""
    return known_organisations()


ENTITIES_FIXTURE = "entities.json"


class EntitiesRejected(ValueError):
    """An entities fixture that cannot be loaded; the message says what is wrong with it."""


# What entities fixtures made is remembered (ImportedObject) under this one pseudo source hash,
# keyed by each entity's kind and name: loading a fixture again, or a fixture that grew, leaves
# alone every entity it loaded before, so one a journalist deleted, renamed or edited stays so.
FIXTURE_SHA256 = hashlib.sha256(b"factbase entities fixture").hexdigest()


# The longest key an ImportedObject row holds.
_KEY_MAX_LENGTH = ImportedObject._meta.get_field("key").max_length or 0


def _entity_key(kind: str, name: str) -> str:
    """How an entity is named in its ImportedObject row (a long name ends in its hash)."""
    key = f"{kind}:{name.casefold()}"
    if len(key) <= _KEY_MAX_LENGTH:
        return key
    return f"{key[:130]}#{hashlib.sha256(key.encode()).hexdigest()}"


def load_entities(path: Path) -> int:
    """Store the people and organisations an entities fixture lists (a JSON array of
    `{"name": ..., "kind": "person" | "organisation", "aliases": [...]}`), merging aliases into
    entities already stored; all or nothing. An entity a fixture loaded before is left as it
    is (see FIXTURE_SHA256). Returns how many entities it created."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EntitiesRejected(f"cannot read it as JSON: {error}") from error
    if not isinstance(records, list):
        raise EntitiesRejected("expected a JSON array of entities")
    kinds = {PERSON, ORGANISATION}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise EntitiesRejected(f"entity {number}: expected an object")
        name, kind, aliases = record.get("name"), record.get("kind"), record.get("aliases", [])
        if not isinstance(name, str) or not name.strip():
            raise EntitiesRejected(f"entity {number}: 'name' must be a non-empty string")
        if kind not in kinds:
            raise EntitiesRejected(
                f"entity {number} ({name}): 'kind' must be one of {sorted(kinds)}"
            )
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise EntitiesRejected(f"entity {number} ({name}): 'aliases' must be a list of strings")
    created = 0
    with all_or_nothing():
        _lock_imports()
        recorded = set(
            ImportedObject.objects.filter(
                source_sha256=FIXTURE_SHA256, kind=ImportedKind.ENTITY
            ).values_list("key", flat=True)
        )
        made: list[ImportedObject] = []
        for record in records:
            name = record["name"].strip()
            key = _entity_key(record["kind"], name)
            if key in recorded:
                continue  # loaded before: kept as a journalist left it, or deleted
            entity, new = entity_get_or_create(
                name=name, kind=record["kind"], aliases=record.get("aliases", [])
            )
            created += new
            recorded.add(key)
            made.append(
                ImportedObject(
                    source_sha256=FIXTURE_SHA256, kind=ImportedKind.ENTITY, key=key, entity=entity
                )
            )
        ImportedObject.objects.bulk_create(made)
    return created


class _DryRunRollback(Exception):
    """Raised at the end of a dry run so its transaction rolls back."""


def import_document(
    text: str,
    *,
    filename: str,
    dry_run: bool = False,
    remember: bool = True,
    wait_turn: Callable[[], None] | None = None,
) -> ImportStats:
    """Extract and store one document in one transaction; in a dry run, roll it back.

    With `remember`, the document's content is recorded as imported (`already_imported`), in the
    same transaction.
    With `wait_turn` (documents imported side by side), the document waits for it before it
    writes, then writes as if imported alone after the documents before it: it is extracted
    again if they changed any of the organisations its extraction looked up.
    """
    known = known_entities()
    while True:
        stats = ImportStats(documents=1)
        extraction = extract_document(text, filename=filename, known_entities=known)
        try:
            with all_or_nothing():
                turn = _Turn(wait_turn, known, extraction)
                _DocumentImport(extraction, stats, turn=turn).run()
                if remember:
                    # Kept as it is when imported before (`--again`).
                    document = ImportedDocument(
                        content_sha256=content_sha256(text), name=filename[:500]
                    )
                    ImportedDocument.objects.bulk_create([document], ignore_conflicts=True)
                if dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        except _OrganisationsChanged as changed:
            # Rolled back; the turn is still this document's, so nothing imports meanwhile.
            known, wait_turn = changed.now, None
            continue
        return stats


@dataclass(frozen=True)
class _Turn:
    """Where a document imported side by side with others waits before writing
    (`wait`), the organisations its extraction knew, and the extraction."""

    wait: Callable[[], None] | None
    known: tuple[NamedEntity, ...]
    extraction: DocumentExtraction

    def take(self) -> bool:
        """Wait for the turn, if there is one to wait for, and take the import lock in it
        (True); raise `_OrganisationsChanged` if documents written before changed organisations
        the extraction looked up (extracted again, it could find other speakers). A change to
        organisations the page never names leaves the extraction as it is: extracting it again
        would give the same."""
        if self.wait is None:
            return False
        self.wait()
        _lock_imports()
        now = known_entities()
        if (
            now is not self.known
            and now != self.known
            and self.extraction.depends_on_known(self.known, now)
        ):
            raise _OrganisationsChanged(now)
        return True


class _OrganisationsChanged(Exception):
    def __init__(self, now: tuple[NamedEntity, ...]) -> None:
        super().__init__("the organisations changed since the document was extracted")
        self.now = now


@dataclass(frozen=True)
class ImportedPage:
    """What one page became: its sources and their claims (new, merged or found again)."""

    sources: list[Source]
    claims: list[Claim]
    stats: ImportStats


def import_page(text: str, *, origin: str, url: str = "") -> ImportedPage:
    """Import one posted page (the API's `sources/?extract=true`), as the command imports a file."""
    stats = ImportStats(documents=1)
    extraction = extract_document(text, filename=origin, known_entities=known_entities())
    with all_or_nothing():
        page = _DocumentImport(extraction, stats, url=url)
        page.run()
    claims = list({claim.pk: claim for claim in page.claims.values()}.values())
    return ImportedPage(sources=list(page.sources.values()), claims=claims, stats=stats)


def _passage_key(start: int, end: int) -> str:
    return f"{start}-{end}"


def _lock_imports() -> None:
    """Wait for, then hold until the transaction ends, the lock under which documents write."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _reserve_ids(claims: list[Claim]) -> None:
    """Give unsaved claims the ids the table's sequence hands out next (one statement)."""
    if not claims:
        return
    table, column = Claim._meta.db_table, Claim._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, len(claims)],
        )
        for claim, (pk,) in zip(claims, cursor.fetchall(), strict=True):
            claim.pk = pk


def _last_imported_id() -> int:
    return ImportedObject.objects.order_by("-id").values_list("id", flat=True).first() or 0


Passage = tuple[ClaimRef, ExtractedItem, ExtractedClaim]


class _DocumentImport:
    """Stores one extracted document: sources, entities, claims (merged), citations, and what
    it made (ImportedObject rows)."""

    def __init__(
        self,
        extraction: DocumentExtraction,
        stats: ImportStats,
        url: str = "",
        turn: _Turn | None = None,
    ) -> None:
        self.extraction = extraction
        self.turn = turn
        self.stats = stats
        self.url = url
        self.sha = {item.index: body_sha256(item.body) for item in extraction.items}
        self.hashes = set(self.sha.values())
        self.passages: list[Passage] = [
            (ClaimRef(extraction.filename, item.index, index), item, extracted)
            for item in extraction.items
            for index, extracted in enumerate(item.claims)
        ]
        self.entities: dict[tuple[str, str], Entity] = {}
        self.sources: dict[int, Source] = {}
        # The stored claim each passage became (or already was, on a re-run).
        self.claims: dict[ClaimRef, Claim] = {}
        self.group_of: dict[ClaimRef, tuple[ClaimRef, ...]] = {}
        # Passages whose claim (or source) a journalist deleted: never made again.
        self.dropped: set[ClaimRef] = set()
        # Passages seen for the first time: the only ones matched and stored.
        self.new: set[ClaimRef] = set()
        self.stored_sources: dict[str, Source] = {}
        self.records: dict[tuple[str, str, str], ImportedObject] = {}
        self.record_targets: dict[str, dict[int, object]] = {}
        self.candidates: dict[int, Claim] = {}
        self.created_claims: list[Claim] = []
        # Sources to create (with their authors), in one statement once all are known.
        self.new_sources: list[tuple[Source, list[Entity]]] = []
        # The passages of the stored sources that are cited: (claim, source, start, end).
        self.cited: set[tuple[int, int, int, int]] = set()

    def run(self) -> None:
        # Outside the lock, in parallel with other documents: what looks new, and the stored
        # claims it may match (the costly part).
        watermark = _last_imported_id()
        self._recognise()
        candidates = self._stored_candidates([p for p in self.passages if p[0] in self.new])
        if self.turn is None or not self.turn.take():
            _lock_imports()  # taken in the turn, once: every statement under it is serial
        # Under the lock, what earlier imports made is final: only what documents committed
        # since the first look is read again (imports write only under the lock). Their new
        # claims are candidates too; if one of them stored an item of this document, what this
        # document saw of its items is read again.
        made_since = self._imported_since(watermark)
        if any(record.source_sha256 in self.hashes for record in made_since):
            self._recognise()
        if self.new:
            candidates += self._candidates_made(made_since)
        self.entity_lookup = EntityLookup(self._named())
        self.confirmed = self._confirmed_speakers()
        own = {claim.pk for claim in self.claims.values()}
        candidates = [c for c in candidates if c.ref.claim not in own]
        for item in self.extraction.items:
            source = self._source_for(item)
            if source is not None:
                self.sources[item.index] = source
        sources_create_many(
            sources=[source for source, _authors in self.new_sources],
            authors=[authors for _source, authors in self.new_sources],
        )
        matches = match_documents([self.extraction], known=candidates)
        for group in matches.groups:
            members = tuple(ref for ref in group.members if ref not in self.dropped)
            if not any(ref in self.new for ref in members):
                continue  # settled when those passages were first imported
            for member in members:
                self.group_of[member] = members
            self._settle_group(members)
        self._store_claims()
        self._store_citations()
        # The new claims are written after their citations (see `_store_claims`).
        claims_create_many(claims=self.created_claims)
        self._suggest_all(matches.suggestions)
        insert_as_json(self.pending_records)

    # --- what earlier imports made ------------------------------------------------------------

    def _recognise(self) -> None:
        """Find the stored sources, what imports made for them, and the state of each passage:
        stored (its claim), dropped (deleted by a journalist) or new."""
        hashes = self.hashes
        self.stored_sources = {
            source.body_sha256: source for source in Source.objects.filter(body_sha256__in=hashes)
        }
        self.records = {
            (record.source_sha256, record.kind, record.key): record
            for record in ImportedObject.objects.filter(source_sha256__in=hashes)
        }
        self.pending_records: list[ImportedObject] = []
        self.pending_keys: set[tuple[str, str, str]] = set()
        anchors = list(
            Citation.objects.filter(
                source_id__in=[source.pk for source in self.stored_sources.values()]
            ).values_list("claim_id", "source_id", "start", "end")
        )
        self.cited = set(anchors)
        # Passages cited before imports were recorded (or cited by a journalist) stand for
        # themselves: their claim is the passage's claim.
        cited = {(source_id, start, end): claim_id for claim_id, source_id, start, end in anchors}
        found: dict[ClaimRef, int] = {}
        self.claims.clear()
        self.dropped.clear()
        self.new.clear()
        for ref, item, extracted in self.passages:
            sha = self.sha[item.index]
            source_record = self.records.get((sha, ImportedKind.SOURCE, ""))
            record = self.records.get((sha, ImportedKind.CLAIM, self._claim_key(extracted)))
            source = self.stored_sources.get(sha)
            if source_record is not None and source_record.source_id is None:
                self.dropped.add(ref)
            elif record is not None:
                if record.claim_id is None:
                    self.dropped.add(ref)
                else:
                    found[ref] = record.claim_id
            elif source is not None and (source.pk, extracted.start, extracted.end) in cited:
                found[ref] = cited[(source.pk, extracted.start, extracted.end)]
            else:
                self.new.add(ref)
        canonical = self._canonical_claims(set(found.values()))
        for ref, claim_id in found.items():
            self.claims[ref] = canonical[claim_id]
        entity_ids = {
            record.entity_id
            for record in self.records.values()
            if record.kind == ImportedKind.ENTITY and record.entity_id is not None
        }
        self.recorded_entities = Entity.objects.in_bulk(entity_ids) if entity_ids else {}

    @staticmethod
    def _canonical_claims(ids: set[int]) -> dict[int, Claim]:
        """The claim standing for each of `ids`: itself, or the claim a journalist merged it
        into (following merges of merges)."""
        claims = Claim.objects.in_bulk(ids) if ids else {}
        canonical = dict(claims)
        while True:
            merged_into = {c.duplicate_of_id for c in canonical.values() if c.duplicate_of_id}
            if not merged_into:
                return canonical
            targets = Claim.objects.in_bulk(merged_into)
            canonical = {
                pk: targets[claim.duplicate_of_id] if claim.duplicate_of_id else claim
                for pk, claim in canonical.items()
            }

    def _record(self, sha: str, kind: str, key: str, **target: object) -> None:
        """Remember what this import made or found, unless an earlier import did."""
        identity = (sha, kind, key)
        if identity in self.records or identity in self.pending_keys:
            return
        self.pending_keys.add(identity)
        self.pending_records.append(ImportedObject(source_sha256=sha, kind=kind, key=key, **target))

    @staticmethod
    def _claim_key(extracted: ExtractedClaim) -> str:
        return _passage_key(extracted.start, extracted.end)

    # --- entities and sources -------------------------------------------------------------

    def _named(self) -> list[tuple[str, str]]:
        """Every name (and organisation alias) the document may store an entity for."""
        refs: list[NamedEntity] = []
        for item in self.extraction.items:
            if item.publisher:
                refs.append(item.publisher)
            refs += [NamedEntity(name, PERSON) for name in item.authors]
        for _ref, _item, extracted in self.passages:
            if extracted.claimant:
                refs.append(extracted.claimant)
            refs += [cited.speaker for cited in extracted.citations if cited.speaker]
        names = []
        for ref in refs:
            names.append((ref.name, ref.kind))
            if ref.kind != PERSON:
                names += [(alias, ref.kind) for alias in ref.aliases]
        return names

    def _confirmed_speakers(self) -> dict[str, Entity]:
        """The people a journalist confirmed as the one a written name means ("Trump" as an
        alias of Donald Trump), for the unresolved speakers of this document's new passages:
        one query, and only a name that exactly one person has. A name two people of its own
        article share stays unresolved whatever the alias says."""
        written = {
            extracted.citation.speaker_as_written
            for ref, _item, extracted in self.passages
            if ref in self.new
            and extracted.claimant is None
            and extracted.citation.speaker_as_written
            and not extracted.citation.speaker_shared
        }
        if not written:
            return {}
        found: dict[str, list[Entity]] = {}
        for entity in Entity.objects.filter(kind=PERSON, aliases__overlap=sorted(written)):
            for alias in written.intersection(entity.aliases):
                found.setdefault(alias, []).append(entity)
        return {alias: people[0] for alias, people in found.items() if len(people) == 1}

    def _claimant(self, extracted: ExtractedClaim, sha: str) -> Entity | None:
        """The stored claimant of a new passage: the one it names, else the person a journalist
        confirmed its written name means, else nobody."""
        if extracted.claimant is not None:
            return self._entity(extracted.claimant, sha)
        cited = extracted.citation
        if cited.speaker_shared:
            return None
        return self.confirmed.get(cited.speaker_as_written)

    def _entity(self, ref: NamedEntity, sha: str) -> Entity | None:
        """The entity `ref` names, as this source's earlier import resolved it (None if a
        journalist deleted that entity since), else found or created by name or alias."""
        key = _entity_key(ref.kind, ref.name)
        record = self.records.get((sha, ImportedKind.ENTITY, key))
        if record is not None:
            return self.recorded_entities.get(record.entity_id)
        cache_key = (ref.name.casefold(), ref.kind)
        if cache_key not in self.entities:
            aliases = [alias for alias in ref.aliases if is_name_alias(alias, ref.name, ref.kind)]
            entity, created = self.entity_lookup.get_or_create(
                name=ref.name, kind=ref.kind, aliases=aliases
            )
            self.stats.entities += created
            self.entities[cache_key] = entity
        entity = self.entities[cache_key]
        self._record(sha, ImportedKind.ENTITY, key, entity=entity)
        return entity

    def _source_for(self, item: ExtractedItem) -> Source | None:
        """The item's source: stored, to be created (`new_sources`), or None when a journalist
        deleted it."""
        sha = self.sha[item.index]
        record = self.records.get((sha, ImportedKind.SOURCE, ""))
        if record is not None and record.source_id is None:
            return None
        source = self.stored_sources.get(sha)
        if source is None:
            self.stats.sources += 1
            source = Source(
                title=item.title[: Source._meta.get_field("title").max_length],
                body=item.body,
                kind=item.kind,
                publisher=self._entity(item.publisher, sha) if item.publisher else None,
                published_on=item.published,
                url=self.url,
                origin={
                    "file": self.extraction.filename,
                    "position": item.origin.index,
                    "start": item.origin.start,
                    "end": item.origin.end,
                },
            )
            authors = [
                author
                for name in item.authors
                if (author := self._entity(NamedEntity(name, PERSON), sha)) is not None
            ]
            self.new_sources.append((source, authors))
            self.stored_sources[sha] = source  # a page may hold the same item twice
        self._record(sha, ImportedKind.SOURCE, "", source=source)
        return source

    # --- claims -----------------------------------------------------------------------------

    def _stored_candidates(self, passages: list[Passage]) -> list[MatchCandidate]:
        """Stored claims that may be the same as one of these passages: same fact, or close
        wording (the full-text candidates the API's similar-claims endpoint uses). A few
        statements for the whole document, however many passages it has."""
        texts = [extracted.text for _, _, extracted in passages]
        same_fact = same_fact_claims(
            [
                f"{extracted.fact.subject}|{extracted.fact.predicate}|" if extracted.fact else None
                for _, _, extracted in passages
            ],
            limit=STORED_CANDIDATES_PER_CLAIM,
        )
        similar = similar_claims_many(texts, limit=STORED_CANDIDATES_PER_CLAIM)
        stored: dict[int, Claim] = {}
        for fact_claims, similar_ones in zip(same_fact, similar, strict=True):
            for claim in fact_claims:
                stored[claim.pk] = claim
            for found in similar_ones:
                stored[found.claim.pk] = found.claim
        return self._as_candidates(stored.values())

    def _imported_since(self, watermark: int) -> list[ImportedObject]:
        """What documents committed since `watermark` made that concerns this one (one
        statement): their claims, with the claim, and anything of this document's items."""
        return list(
            ImportedObject.objects.filter(
                Q(kind=ImportedKind.CLAIM, claim__isnull=False) | Q(source_sha256__in=self.hashes),
                pk__gt=watermark,
            )
            .select_related("claim")
            .order_by("pk")
        )

    def _candidates_made(self, made: list[ImportedObject]) -> list[MatchCandidate]:
        """The claims among `made` (documents committed since the stored-candidate reads, which
        ran before they were visible) that were not merged into another, in the claims' order."""
        claims = {
            record.claim_id: record.claim
            for record in made
            if record.kind == ImportedKind.CLAIM
            and record.claim is not None
            and record.claim.duplicate_of_id is None
        }
        ordered = sorted(claims.values(), key=lambda claim: (claim.created_at, claim.pk))
        return self._as_candidates(reversed(ordered))  # Claim's ordering: newest first

    def _as_candidates(self, claims: Iterable[Claim]) -> list[MatchCandidate]:
        candidates = []
        for claim in claims:
            self.candidates[claim.pk] = claim
            candidates.append(
                MatchCandidate(self._stored_ref(claim), claim.text, FactKey.parse(claim.fact_key))
            )
        return candidates

    @staticmethod
    def _stored_ref(claim: Claim) -> ClaimRef:
        # One pseudo-item for all stored claims: they were matched when they were imported.
        return ClaimRef(_STORED, 0, claim.pk)

    def _settle_group(self, members: tuple[ClaimRef, ...]) -> None:
        """Point every new member of a group at one claim: the oldest stored one, if any."""
        known = [
            self.claims.get(ref) or self.candidates[ref.claim]
            for ref in members
            if ref.document == _STORED or ref in self.claims
        ]
        if not known:
            return  # the first new member to be stored becomes the group's claim
        target = min(known, key=lambda claim: claim.pk)
        for ref in members:
            if ref in self.new and ref not in self.claims:
                self.claims[ref] = target
                self.stats.merges += 1

    def _store_claims(self) -> None:
        """Make the claims of new passages (one per group), with their ids, to be created in
        one statement once their citations are written.

        A claim's search document holds the titles of the sources citing it: written before
        its citations, each new claim was written again by the citations' insert (a whole new
        row version, every index of the claims table included), and left a dead one behind for
        the next documents' word counts to read. Written after them (the references are checked
        at commit), it is written once, whole."""
        created: list[Claim] = []
        for ref, item, extracted in self.passages:
            if ref not in self.new or item.index not in self.sources:
                continue
            if ref not in self.claims:
                claim = self._group_claim(ref)
                if claim is None:
                    sha = self.sha[item.index]
                    claim = Claim(
                        text=extracted.text,
                        claimant=self._claimant(extracted, sha),
                        origin=ClaimOrigin.EXTRACTED,
                        check_worthiness=round(extracted.check_worthiness, 3),
                        claimed_on=self.sources[item.index].published_on,
                        fact_key=extracted.fact.serialise() if extracted.fact else "",
                    )
                    created.append(claim)
                self.claims[ref] = claim
        _reserve_ids(created)
        self.created_claims = created
        self.stats.claims += len(created)
        for ref, item, extracted in self.passages:
            if ref in self.claims and item.index in self.sources:
                self._record(
                    self.sha[item.index],
                    ImportedKind.CLAIM,
                    self._claim_key(extracted),
                    claim=self.claims[ref],
                )

    def _store_citations(self) -> None:
        """Cite each passage for its claim, unless it is cited, or was and was deleted."""
        # Read with the stored sources (under the lock when another import stored one of them
        # since); a source made by this import has no citations but these.
        cited = set(self.cited)
        pending: list[tuple[str, str, Citation]] = []
        for ref, item, extracted in self.passages:
            source = self.sources.get(item.index)
            claim = self.claims.get(ref)
            if source is None or claim is None or ref not in self.new:
                continue
            sha = self.sha[item.index]
            for cited_passage in extracted.citations:
                key = f"{self._claim_key(extracted)}:{cited_passage.start}-{cited_passage.end}"
                anchor = (claim.pk, source.pk, cited_passage.start, cited_passage.end)
                if (sha, ImportedKind.CITATION, key) in self.records or anchor in cited:
                    continue
                cited.add(anchor)
                speaker = (
                    self._entity(cited_passage.speaker, sha) if cited_passage.speaker else None
                )
                citation = Citation(
                    claim=claim,
                    source=source,
                    quote=cited_passage.quote,
                    start=cited_passage.start,
                    end=cited_passage.end,
                    relation=cited_passage.relation,
                    speaker=speaker
                    if speaker is not None and speaker.pk != claim.claimant_id
                    else None,
                    speaker_as_written=cited_passage.speaker_as_written,
                )
                pending.append((sha, key, citation))
        citations_create_many(
            citations=[citation for _, _, citation in pending],
            made_here=[
                *self.created_claims,
                *(source for source, _authors in self.new_sources),
            ],
        )
        self.stats.citations += len(pending)
        for sha, key, citation in pending:
            self._record(sha, ImportedKind.CITATION, key, citation=citation)

    def _group_claim(self, ref: ClaimRef) -> Claim | None:
        """The claim already made for another new member of `ref`'s group, counted as a merge."""
        for member in self.group_of.get(ref, ()):
            if member != ref and member in self.claims:
                self.stats.merges += 1
                return self.claims[member]
        return None

    # --- suggestions ------------------------------------------------------------------------

    def _suggest_all(self, suggestions: Iterable[Suggestion]) -> None:
        """Suggest that two claims are the same, for each suggestion where one side is a new
        passage and neither the suggestion nor its claims were deleted since an earlier import
        made them; all in two statements."""
        pending: list[tuple[str, str, RelationSuggestion]] = []
        for suggestion in suggestions:
            new, other = suggestion.a, suggestion.b
            if new not in self.new:
                new, other = other, new
            if new not in self.new or other in self.dropped:
                continue
            from_claim, to_claim = self._claim_for(suggestion.a), self._claim_for(suggestion.b)
            if from_claim is None or to_claim is None or from_claim.pk == to_claim.pk:
                continue
            sha = self.sha[new.item]
            key = f"{self._endpoint_key(new)}~{self._endpoint(other)}"
            if (sha, ImportedKind.RELATION, key) in self.records:
                continue
            method = f"import: {suggestion.method} ({suggestion.reason})"[:100]
            pending.append(
                (sha, key, RelationSuggestion(from_claim, to_claim, suggestion.score, method))
            )
        made = relations_suggest_many(suggestions=[suggestion for _, _, suggestion in pending])
        for (sha, key, _suggestion), (relation, created) in zip(pending, made, strict=True):
            self.stats.suggestions += created
            self._record(sha, ImportedKind.RELATION, key, relation=relation)

    def _endpoint_key(self, ref: ClaimRef) -> str:
        return self._claim_key(self.extraction.claim(ref))

    def _endpoint(self, ref: ClaimRef) -> str:
        """A suggestion's other end, as a re-import will name it again."""
        if ref.document == _STORED:
            return f"claim {ref.claim}"
        return f"{self.sha[ref.item][:16]}:{self._endpoint_key(ref)}"

    def _claim_for(self, ref: ClaimRef) -> Claim | None:
        if ref.document == _STORED:
            return self.candidates.get(ref.claim)
        return self.claims.get(ref)
