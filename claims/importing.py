"""Importing raw scraped pages: read and check a file, extract, store through the services.

One document is imported in one transaction: it lands whole or not at all. Re-importing a
document finds what it stored last time (sources by body hash, entities by name or alias,
claims through their citations) and writes nothing new, so it adds no history either.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from django.db import transaction

from claims.models import Citation, Claim, ClaimOrigin
from claims.selectors import similar_claims
from claims.services import citation_create, claim_create, relation_suggest
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
from sources.models import Entity, Source
from sources.services import entity_get_or_create, source_create, source_find_by_body

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
# Stored claims considered per extracted claim when matching a new document against the
# database: those with the same fact (subject and predicate), and the closest by wording.
STORED_CANDIDATES_PER_CLAIM = 10
_STORED = "\x00stored"  # the pseudo-document of claims already in the database


class DocumentRejected(Exception):
    """A file that cannot be imported; the message says why, for the operator."""


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
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f"
    )
    if controls > max(8, len(text) // 100):
        raise DocumentRejected(f"contains {controls} control characters: binary data")
    return text


@dataclass
class ImportStats:
    """What importing one document created (or, in a dry run, would create)."""

    documents: int = 0
    sources: int = 0
    entities: int = 0
    claims: int = 0
    citations: int = 0
    merges: int = 0
    suggestions: int = 0
    errors: int = 0

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "documents",
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
    about organisations a page names without defining them."""
    rows = Entity.objects.filter(kind=ORGANISATION).values_list("name", "aliases")
    return tuple(NamedEntity(name, ORGANISATION, tuple(aliases or ())) for name, aliases in rows)


ENTITIES_FIXTURE = "entities.json"


class EntitiesRejected(ValueError):
    """An entities fixture that cannot be loaded; the message says what is wrong with it."""


def load_entities(path: Path) -> int:
    """Store the people and organisations an entities fixture lists (a JSON array of
    `{"name": ..., "kind": "person" | "organisation", "aliases": [...]}`), merging aliases into
    entities already stored; all or nothing. Returns how many entities it created."""
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
    with transaction.atomic():
        for record in records:
            _entity, new = entity_get_or_create(
                name=record["name"].strip(), kind=record["kind"], aliases=record.get("aliases", [])
            )
            created += new
    return created


class _DryRunRollback(Exception):
    """Raised at the end of a dry run so its transaction rolls back."""


def import_document(text: str, *, filename: str, dry_run: bool = False) -> ImportStats:
    """Extract and store one document in one transaction; in a dry run, roll it back."""
    stats = ImportStats(documents=1)
    try:
        with transaction.atomic():
            extraction = extract_document(text, filename=filename, known_entities=known_entities())
            _DocumentImport(extraction, stats).run()
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return stats


@dataclass(frozen=True)
class ImportedPage:
    """What one page became: its sources and their claims (new, merged or found again)."""

    sources: list[Source]
    claims: list[Claim]
    stats: ImportStats


@transaction.atomic
def import_page(text: str, *, origin: str, url: str = "") -> ImportedPage:
    """Import one posted page (the API's `sources/?extract=true`), as the command imports a file."""
    stats = ImportStats(documents=1)
    extraction = extract_document(text, filename=origin, known_entities=known_entities())
    page = _DocumentImport(extraction, stats, url=url)
    page.run()
    claims = list({claim.pk: claim for claim in page.claims.values()}.values())
    return ImportedPage(sources=list(page.sources.values()), claims=claims, stats=stats)


class _DocumentImport:
    """Stores one extracted document: sources, entities, claims (merged), citations."""

    def __init__(self, extraction: DocumentExtraction, stats: ImportStats, url: str = "") -> None:
        self.extraction = extraction
        self.stats = stats
        self.url = url
        self.entities: dict[tuple[str, str], Entity] = {}
        self.sources: dict[int, Source] = {}
        # The stored claim each extracted claim became (or already was, on a re-run).
        self.claims: dict[ClaimRef, Claim] = {}
        self.group_of: dict[ClaimRef, tuple[ClaimRef, ...]] = {}

    def run(self) -> None:
        for item in self.extraction.items:
            self.sources[item.index] = self._source_for(item)
        refs = [
            (ClaimRef(self.extraction.filename, item.index, index), item, extracted)
            for item in self.extraction.items
            for index, extracted in enumerate(item.claims)
        ]
        for ref, item, extracted in refs:
            stored = self._already_stored(extracted, self.sources[item.index])
            if stored is not None:
                self.claims[ref] = stored
        matches = match_documents([self.extraction], known=self._stored_candidates(refs))
        for group in matches.groups:
            for member in group.members:
                self.group_of[member] = group.members
            self._settle_group(group.members)
        for ref, item, extracted in refs:
            self._store_claim(ref, item, extracted)
        for suggestion in matches.suggestions:
            self._suggest(suggestion)

    # --- entities and sources -------------------------------------------------------------

    def _entity(self, ref: NamedEntity) -> Entity:
        key = (ref.name.casefold(), ref.kind)
        if key not in self.entities:
            aliases = [alias for alias in ref.aliases if is_name_alias(alias, ref.name, ref.kind)]
            entity, created = entity_get_or_create(name=ref.name, kind=ref.kind, aliases=aliases)
            self.stats.entities += created
            self.entities[key] = entity
        return self.entities[key]

    def _source_for(self, item: ExtractedItem) -> Source:
        existing = source_find_by_body(item.body)
        if existing is not None:
            return existing
        self.stats.sources += 1
        return source_create(
            title=item.title[: Source._meta.get_field("title").max_length],
            body=item.body,
            kind=item.kind,
            publisher=self._entity(item.publisher) if item.publisher else None,
            authors=[self._entity(NamedEntity(name, PERSON)) for name in item.authors],
            published_on=item.published,
            url=self.url,
            origin={
                "file": self.extraction.filename,
                "position": item.origin.index,
                "start": item.origin.start,
                "end": item.origin.end,
            },
        )

    # --- claims -----------------------------------------------------------------------------

    @staticmethod
    def _already_stored(extracted: ExtractedClaim, source: Source) -> Claim | None:
        """The claim a previous import stored for this passage, if any."""
        citation = (
            Citation.objects.filter(source=source, start=extracted.start, end=extracted.end)
            .select_related("claim")
            .first()
        )
        if citation is None:
            return None
        claim = citation.claim
        # A journalist may have merged it since: the canonical claim stands for it now.
        while claim.duplicate_of_id is not None:
            claim = Claim.objects.get(pk=claim.duplicate_of_id)
        return claim

    def _stored_candidates(
        self, refs: list[tuple[ClaimRef, ExtractedItem, ExtractedClaim]]
    ) -> list[MatchCandidate]:
        """Stored claims that may be the same as one of this document's: same fact, or close
        wording (the full-text candidates the API's similar-claims endpoint uses)."""
        stored: dict[int, Claim] = {}
        for _, _, extracted in refs:
            if extracted.fact is not None:
                prefix = f"{extracted.fact.subject}|{extracted.fact.predicate}|"
                for claim in Claim.objects.filter(
                    fact_key__startswith=prefix, duplicate_of__isnull=True
                )[:STORED_CANDIDATES_PER_CLAIM]:
                    stored[claim.pk] = claim
            for similar in similar_claims(extracted.text, limit=STORED_CANDIDATES_PER_CLAIM):
                stored[similar.claim.pk] = similar.claim
        # A claim already standing for one of this document's passages (a re-run) is matched
        # as that passage, not a second time as a stored claim.
        own = {claim.pk for claim in self.claims.values()}
        return [
            MatchCandidate(self._stored_ref(claim), claim.text, FactKey.parse(claim.fact_key))
            for claim in stored.values()
            if claim.pk not in own
        ]

    @staticmethod
    def _stored_ref(claim: Claim) -> ClaimRef:
        # One pseudo-item for all stored claims: they were matched when they were imported.
        return ClaimRef(_STORED, 0, claim.pk)

    def _settle_group(self, members: tuple[ClaimRef, ...]) -> None:
        """Point every member of a group at one claim: the oldest stored one, if any."""
        known = [
            self.claims.get(ref) or Claim.objects.get(pk=ref.claim)
            for ref in members
            if ref.document == _STORED or ref in self.claims
        ]
        if not known:
            return  # the first member to be stored becomes the group's claim
        target = min(known, key=lambda claim: claim.pk)
        for ref in members:
            if ref.document != _STORED and ref not in self.claims:
                self.claims[ref] = target
                self.stats.merges += 1

    def _store_claim(self, ref: ClaimRef, item: ExtractedItem, extracted: ExtractedClaim) -> None:
        source = self.sources[item.index]
        claim = self.claims.get(ref)
        if claim is None:
            claim = self._group_claim(ref)
        if claim is None:
            claim = claim_create(
                text=extracted.text,
                claimant=self._entity(extracted.claimant) if extracted.claimant else None,
                origin=ClaimOrigin.EXTRACTED,
                check_worthiness=round(extracted.check_worthiness, 3),
                claimed_on=source.published_on,
                fact_key=extracted.fact.serialise() if extracted.fact else "",
            )
            self.stats.claims += 1
        self.claims[ref] = claim
        for cited in extracted.citations:
            if claim.citations.filter(source=source, start=cited.start, end=cited.end).exists():
                continue
            speaker = self._entity(cited.speaker) if cited.speaker else None
            citation_create(
                claim=claim,
                source=source,
                quote=cited.quote,
                start=cited.start,
                end=cited.end,
                relation=cited.relation,
                speaker=speaker
                if speaker is not None and speaker.pk != claim.claimant_id
                else None,
            )
            self.stats.citations += 1

    def _group_claim(self, ref: ClaimRef) -> Claim | None:
        """The claim already created for another new member of `ref`'s group, counted as a merge."""
        for member in self.group_of.get(ref, ()):
            if member != ref and member in self.claims:
                self.stats.merges += 1
                return self.claims[member]
        return None

    def _suggest(self, suggestion: Suggestion) -> None:
        a, b = self._claim_for(suggestion.a), self._claim_for(suggestion.b)
        if a is None or b is None or a.pk == b.pk:
            return
        _, created = relation_suggest(
            from_claim=a,
            to_claim=b,
            score=suggestion.score,
            method=f"import: {suggestion.method} ({suggestion.reason})"[:100],
        )
        self.stats.suggestions += created

    def _claim_for(self, ref: ClaimRef) -> Claim | None:
        if ref.document == _STORED:
            return Claim.objects.filter(pk=ref.claim).first()
        return self.claims.get(ref)
