"""One raw page in, items with candidate claims out: the seed import and the API share this.

`extract_document(raw_text, filename=...)` runs, for one page: page -> items (newstext.parsing) ->
sentences -> quotes and their speakers -> check-worthy statements -> claims with anchored
citations, and groups the same claim across the page's items. `match_documents([...])` groups
claims across several pages. Everything returned is a frozen dataclass of plain values.

Claims of an item:
- one per attributed quotation, per paragraph of it (a statement quoted over nine paragraphs
  gives nine claims, each citing its own paragraph): claimant = speaker = who said it. A short
  fragment (fewer than FRAGMENT_MAX_WORDS words, a scare quote like "purge") cites the fragment
  but takes its containing sentence as the claim text, since a bare word is not checkable;
- one per check-worthy sentence (statements.CHECKWORTHY_THRESHOLD) that is not already inside an
  attributed quote: claimant = the item's signatory, else the subject of a speech, else the
  publisher; speaker None. A sentence wholly inside an unattributed quote has no claimant.
Every citation satisfies item.body[start:end] == quote.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import lexicon
from .attribution import Attribution, ReportedClause, attribute_quotes, reported_clauses
from .matching import ClaimRef, FactKey, MatchCandidate, MatchResult, fact_key, match_claims
from .metadata import ARTICLE, INTERVIEW, LETTER, PRESS_RELEASE, SPEECH, STATEMENT
from .names import ORGANISATION, PERSON, NamedEntity
from .pages import ItemOrigin
from .parsing import ParsedItem, ParsedPage, SkippedSegment, parse_page
from .quote_clauses import mask_quotes, quote_clause
from .quotes import Quote, find_quotes
from .sentences import Span, sentence_at, split_sentences
from .speakers import OrganisationReads, SpeakerRegistry
from .statements import CHECKWORTHY_THRESHOLD, score_sentence

__all__ = [
    "CLAIM_TEXT_MAX_CHARS",
    "FRAGMENT_MAX_WORDS",
    "DocumentExtraction",
    "ExtractedCitation",
    "ExtractedClaim",
    "ExtractedItem",
    "extract_document",
    "extract_item",
    "match_documents",
]

FRAGMENT_MAX_WORDS = 6
# The most words a sentence may hold besides a quote's reported clause for the clause's claim to
# stand for the whole sentence: a speaker's name and title and a reporting verb.
ATTRIBUTION_MAX_WORDS = 8
# The longest claim text the store accepts (claims.models.CLAIM_TEXT_MAX_CHARS, asserted equal in
# the tests): a longer quote is split at sentence boundaries, a longer sentence is left out.
CLAIM_TEXT_MAX_CHARS = 5_000
# Trimmed from the ends of a claim's span: whitespace of any kind (a line separator too), and the
# comma or colon a quote ends on before its attribution ("It is a sad day," said ...). The rest is
# the source's text as written.
_TRIM_END = ",;:"
_MARK_CHARS = "“”\"‘’' .,;:!?"
_QUOTE_MARK_RE = re.compile(r"[“”\"]")
_REPORTING_RE = re.compile(
    r"\b(?:{})\b".format("|".join(sorted(lexicon.REPORTING_VERBS, key=len, reverse=True)))
)
# Kinds of item in which an organisation speaks for itself: unattributed quotes are its own.
_OWN_VOICE_KINDS = frozenset({STATEMENT, PRESS_RELEASE, SPEECH, INTERVIEW, LETTER})
# Kinds of item about one person, whom a role description no one else holds refers to.
_ABOUT_ONE_PERSON_KINDS = frozenset({SPEECH, INTERVIEW})


@dataclass(frozen=True, slots=True)
class ExtractedCitation:
    start: int
    end: int
    quote: str
    relation: str = "states"
    speaker: NamedEntity | None = None
    # No speaker, but the text names one by a name the item cannot resolve ("Trump said" in an
    # item that never writes "Donald Trump"): the name as written, for the desk to identify.
    speaker_as_written: str = ""
    # That name is the surname of two of the item's people: it names neither for certain.
    speaker_shared: bool = False


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """A candidate claim. `citations` anchor it in the item body (most claims have one; a
    sentence holding several scare quotes of one speaker has one per quote)."""

    text: str
    claimant: NamedEntity | None
    check_worthiness: float
    citations: tuple[ExtractedCitation, ...]
    source: str  # "quote" | "statement"
    origin: str = "extracted"
    fact: FactKey | None = None
    attribution_rule: str = ""

    @property
    def citation(self) -> ExtractedCitation:
        """The main citation (the longest when a claim has several)."""
        return self.citations[0]

    # Shortcuts to the main citation, for callers that store one citation per claim.
    @property
    def start(self) -> int:
        return self.citations[0].start

    @property
    def end(self) -> int:
        return self.citations[0].end

    @property
    def quote(self) -> str:
        return self.citations[0].quote

    @property
    def relation(self) -> str:
        return self.citations[0].relation

    @property
    def speaker(self) -> NamedEntity | None:
        return self.citations[0].speaker


@dataclass(frozen=True, slots=True)
class ExtractedItem:
    index: int
    title: str
    body: str
    kind: str
    publisher: NamedEntity | None
    published: dt.date | None
    authors: tuple[str, ...]
    origin: ItemOrigin
    claims: tuple[ExtractedClaim, ...]
    speakers: tuple[NamedEntity, ...]
    unattributed_quotes: int = 0
    language: str = "en"
    # What reading the item took from the known organisations it was given (not part of what
    # was extracted: two equal items may have read different names).
    organisation_reads: OrganisationReads = field(
        default=OrganisationReads(), compare=False, repr=False
    )


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    filename: str
    layout: str
    publisher: NamedEntity | None
    items: tuple[ExtractedItem, ...]
    skipped: tuple[SkippedSegment, ...]
    matches: MatchResult

    def claim(self, ref: ClaimRef) -> ExtractedClaim:
        return self.items[ref.item].claims[ref.claim]

    def depends_on_known(self, before: Sequence[NamedEntity], after: Sequence[NamedEntity]) -> bool:
        """Whether extracting the page again with the organisations `after` known instead of
        `before` (those it was extracted with) could give anything else: only when one of the
        names its reading looked up, or an organisation whose aliases it listed, changed."""
        reads = OrganisationReads()
        for item in self.items:
            reads |= item.organisation_reads
        return reads.affected_by(before, after)


def extract_document(
    raw_text: str,
    *,
    filename: str,
    known_entities: Sequence[NamedEntity] = (),
) -> DocumentExtraction:
    """Run the whole pipeline on one raw page. Raises TypeError if raw_text is not a str and
    ValueError for an empty filename; never raises on any str page."""
    if not isinstance(raw_text, str):
        raise TypeError(f"raw_text must be str, not {type(raw_text).__name__}")
    if not filename or not filename.strip():
        raise ValueError("filename is required (it is stored as the items' origin)")
    page: ParsedPage = parse_page(raw_text, filename=filename)
    publisher = _publisher_speaker(page)
    items = tuple(
        extract_item(item, publisher=publisher, known_entities=known_entities)
        for item in page.items
    )
    partial = DocumentExtraction(
        filename,
        page.layout,
        _ref(publisher),
        items,
        page.skipped,
        MatchResult(),
    )
    return DocumentExtraction(
        filename, page.layout, _ref(publisher), items, page.skipped, match_documents([partial])
    )


def match_documents(
    documents: Sequence[DocumentExtraction], *, known: Sequence[MatchCandidate] = ()
) -> MatchResult:
    """Group the same claim across all items of `documents` and `known` claims (ones stored
    earlier, which the importer passes so that a new page can join an existing claim)."""
    candidates = list(known)
    aliases: dict[str, str] = {}
    for document in documents:
        for item in document.items:
            for speaker in item.speakers:
                for alias in speaker.aliases:
                    if " " not in alias and speaker.kind == ORGANISATION:
                        aliases[alias.casefold()] = speaker.name.casefold()
            for index, claim in enumerate(item.claims):
                ref = ClaimRef(document.filename, item.index, index)
                candidates.append(MatchCandidate(ref, claim.text, claim.fact))
    return match_claims(candidates, aliases=aliases)


def extract_item(
    item: ParsedItem,
    *,
    publisher: NamedEntity | None = None,
    known_entities: Sequence[NamedEntity] = (),
) -> ExtractedItem:
    """Claims of one parsed item."""
    body = item.body
    registry = SpeakerRegistry(known_entities=known_entities, publisher=publisher)
    registry.observe(body, title=item.title)
    sentences = split_sentences(body)
    sentence_ends = [span.end for span in sentences]
    quotes = find_quotes(body)
    narrator = _narrator(item, publisher, registry)
    if item.kind in _ABOUT_ONE_PERSON_KINDS and narrator is not None and narrator.kind == PERSON:
        registry.subject = narrator
    own_voice = item.kind in _OWN_VOICE_KINDS or (
        publisher is not None and _self_published(item, publisher)
    )
    attributions = attribute_quotes(
        body,
        quotes,
        registry,
        sentences=sentences,
        default_speaker=narrator if own_voice else None,
    )
    published_year = item.published.year if item.published else None
    reported = reported_clauses(body, sentences, registry, quotes)
    masked = mask_quotes(body, quotes)
    clauses: dict[Quote, tuple[int, int]] = {}
    for attribution in attributions:
        if attribution.quote.depth == 0:
            found = quote_clause(body, masked, sentences, attribution.quote)
            if found is not None:
                clauses[attribution.quote] = found
    claims: list[ExtractedClaim] = []
    for attribution in attributions:
        # An unattributed quote is still a claim (with no claimant), so the desk sees it.
        if attribution.quote.depth == 0 or attribution.speaker is not None:
            claims.extend(
                _quote_claims(
                    body,
                    attribution,
                    sentences,
                    sentence_ends,
                    registry,
                    published_year,
                    reported,
                    clauses.get(attribution.quote),
                )
            )
    covered = [
        (part.start, part.end)
        for a in attributions
        if a.quote.depth == 0
        for part in a.quote.parts
        if len(part.text.split()) >= FRAGMENT_MAX_WORDS
    ]
    # A sentence that is a quote's reported clause and its attribution (`Lee said the plan was
    # "dead"`) is claimed as that clause; one saying more besides (`Lee, who has run the depot
    # since 1990, said ...`) is claimed whole as well.
    cited_clauses = {(c.start, c.end) for c in claims if len(c.citations) > 1}
    for start, end in cited_clauses:
        sentence = sentence_at(sentences, start)
        if sentence is not None:
            outside = body[sentence.start : start] + " " + body[end : sentence.end]
            if len(outside.split()) <= ATTRIBUTION_MAX_WORDS:
                covered.append((start, end))
    next_clause = 0
    for span in sentences:
        score = score_sentence(span.text)
        while next_clause < len(reported) and reported[next_clause].start < span.start:
            next_clause += 1
        clause_here = next_clause < len(reported) and reported[next_clause].start < span.end
        # Reported speech holding a quotation is a claim whatever its score, as the quote is.
        quoting = clause_here and _QUOTE_MARK_RE.search(
            body, reported[next_clause].start, reported[next_clause].end
        )
        if (score.score < CHECKWORTHY_THRESHOLD and not quoting) or _mostly_quoted(
            body, span, covered
        ):
            continue
        if clause_here:
            # Reported speech: the claim is the reported clause, the claimant who said it.
            clause = reported[next_clause]
            start, end = _trimmed(body, clause.start, clause.end)
            if 0 < end - start <= CLAIM_TEXT_MAX_CHARS:
                text = body[start:end]
                claims.append(
                    _claim(
                        body,
                        start,
                        end,
                        text,
                        clause.speaker,
                        clause.speaker,
                        score.score,
                        "statement",
                        registry,
                        published_year,
                        text,
                        rule="reported",
                    )
                )
            continue
        claimant = _statement_claimant(body, span, attributions, narrator)
        start, end = _trimmed(body, span.start, span.end)
        if end - start > CLAIM_TEXT_MAX_CHARS or end <= start:
            continue  # one "sentence" longer than a claim may be: scraping debris, not a claim
        claims.append(
            _claim(
                body,
                start,
                end,
                body[start:end],
                claimant,
                None,
                score.score,
                "statement",
                registry,
                published_year,
                span.text,
            )
        )
    claims = sorted(_dedupe(claims), key=lambda c: (c.citation.start, c.citation.end))
    speakers = registry.speakers()
    claims = [_with_aliases(claim, speakers) for claim in claims]
    return ExtractedItem(
        index=item.origin.index,
        title=item.title,
        body=body,
        kind=item.kind,
        publisher=_ref(publisher),
        published=item.published,
        authors=item.authors,
        origin=item.origin,
        claims=tuple(claims),
        speakers=registry.speakers(),
        unattributed_quotes=sum(1 for a in attributions if a.speaker is None),
        language=item.language,
        organisation_reads=registry.organisation_reads(),
    )


def _statement_claimant(
    body: str, span: Span, attributions: Sequence[Attribution], narrator: NamedEntity | None
) -> NamedEntity | None:
    """Who states a sentence of the item: the speaker of a quote it holds; nobody if it holds
    an unattributed quote or reports someone's words we could not attribute; else the narrator."""
    overlapping = [
        a
        for a in attributions
        if a.quote.depth == 0
        and any(p.start < span.end and span.start < p.end for p in a.quote.parts)
    ]
    # An unattributed scare quote ("his alleged “paramours”") does not make a sentence whose
    # quotation someone is credited with anyone else's.
    # Nor does a quote completing someone's claim inside the sentence (`Lee's claim that the
    # plan is "dead" is wrong`): the sentence about the claim is not theirs.
    speakers = {
        a.speaker
        for a in overlapping
        if a.rule != "claim_of"
        and (a.speaker is not None or len(a.quote.text.split()) >= FRAGMENT_MAX_WORDS)
    }
    if len(speakers) == 1 and None not in speakers:
        return next(iter(speakers))
    if overlapping or _REPORTING_RE.search(body, span.start, span.end):
        return None
    return narrator


def _quote_claims(
    body: str,
    attribution: Attribution,
    sentences: Sequence[Span],
    sentence_ends: Sequence[int],
    registry: SpeakerRegistry,
    published_year: int | None,
    reported: Sequence[ReportedClause] = (),
    quote_clause: tuple[int, int] | None = None,
) -> list[ExtractedClaim]:
    """One claim per paragraph of a quote (per piece of at most CLAIM_TEXT_MAX_CHARS, cut at
    sentence ends, for a longer one). Claim text is the quoted span itself, or the reported
    clause holding it (`Lee said the plan was "dead"`: the plan was "dead", claimed by Lee,
    unless the quote is someone else's; `quote_clause`, from newstext.quote_clauses, when the
    clause's speaker is the quote's), or for a fragment too short to check, the sentence around
    it. The quoted span is always cited; a reported clause is cited too, first."""
    out = []
    speaker = attribution.speaker
    for index, part in enumerate(attribution.quote.parts):
        for start, end in _pieces(body, part.start, part.end, sentences, sentence_ends):
            words = len(body[start:end].split())
            text_start, text_end = start, end
            clause = None
            quoted_by_another = False
            containing = next((c for c in reported if c.start <= start and end <= c.end), None)
            # `Trump's claim that Clinton is playing the "woman's card" touched off a debate`:
            # the sentence around the quote is the reporter's; only the claim's own clause,
            # when it has one, is the claimant's.
            claim_of = attribution.rule == "claim_of"
            if containing is not None and speaker not in (None, containing.speaker):
                # Someone's words quoted inside another's reported speech (`JLM said
                # he referred to 'Jewish voters'`): the sentence is the reporter's, so
                # the quote's speaker claims the quote alone.
                quoted_by_another = True
            elif words < FRAGMENT_MAX_WORDS and not claim_of:
                clause = containing
            cited_clause = None
            if clause is not None:
                text_start, text_end = cited_clause = _trimmed(body, clause.start, clause.end)
            elif (
                quote_clause is not None
                and index == 0
                and not quoted_by_another
                and quote_clause[0] < start < quote_clause[1]
                and quote_clause[1] - quote_clause[0] <= CLAIM_TEXT_MAX_CHARS
            ):
                text_start, text_end = cited_clause = quote_clause
            elif words < FRAGMENT_MAX_WORDS and not quoted_by_another and not claim_of:
                sentence = sentence_at(sentences, start)
                if sentence and sentence.start <= start and sentence.end >= end:
                    text_start, text_end = _trimmed(body, sentence.start, sentence.end)
            if text_end - text_start > CLAIM_TEXT_MAX_CHARS:
                text_start, text_end = start, end
            text = body[text_start:text_end]
            claimant = clause.speaker if clause is not None else speaker
            claim = _claim(
                body,
                start,
                end,
                text,
                claimant,
                speaker,
                _span_score(body, text_start, text_end, sentences, sentence_ends),
                "quote",
                registry,
                published_year,
                text,
                rule="reported" if clause is not None and speaker is None else attribution.rule,
                written=(attribution.written, attribution.written_shared)
                if speaker is None
                else ("", False),
            )
            if cited_clause is not None:
                whole = replace(claim.citation, start=text_start, end=text_end, quote=text)
                claim = replace(claim, citations=(whole, claim.citation))
            out.append(claim)
    return out


def _pieces(
    body: str, start: int, end: int, sentences: Sequence[Span], sentence_ends: Sequence[int]
) -> list[tuple[int, int]]:
    """`body[start:end]` trimmed, as one span, or cut at sentence ends into spans of at most
    CLAIM_TEXT_MAX_CHARS when it is longer; a sentence longer than that on its own is left out."""
    start, end = _trimmed(body, start, end)
    if end <= start:
        return []
    if end - start <= CLAIM_TEXT_MAX_CHARS:
        return [(start, end)]
    first = bisect_right(sentence_ends, start)
    cuts = [s.end for s in sentences[first : bisect_left(sentence_ends, end)]]
    pieces: list[tuple[int, int]] = []
    lo = start
    previous = start
    for cut in [*cuts, end]:
        if cut - lo > CLAIM_TEXT_MAX_CHARS and previous > lo:
            pieces.append(_trimmed(body, lo, previous))
            lo = previous
        previous = cut
    pieces.append(_trimmed(body, lo, end))
    return [(s, e) for s, e in pieces if 0 < e - s <= CLAIM_TEXT_MAX_CHARS]


def _span_score(
    body: str, start: int, end: int, sentences: Sequence[Span], sentence_ends: Sequence[int]
) -> float:
    """A span's check-worthiness is that of its most check-worthy sentence (the item's own
    sentences, clipped to the span: no second sentence split)."""
    best = 0.0
    seen = False
    for span in sentences[bisect_right(sentence_ends, start) :]:
        if span.start >= end:
            break
        seen = True
        piece = body[max(span.start, start) : min(span.end, end)]
        best = max(best, score_sentence(piece).score)
    return best if seen else score_sentence(body[start:end]).score


def _claim(
    body: str,
    start: int,
    end: int,
    text: str,
    claimant: NamedEntity | None,
    speaker: NamedEntity | None,
    score: float,
    source: str,
    registry: SpeakerRegistry,
    published_year: int | None,
    fact_text: str,
    *,
    rule: str = "",
    written: tuple[str, bool] = ("", False),
) -> ExtractedClaim:
    orgs = [(start, name) for start, _end, name in registry.organisation_mentions(fact_text)]
    fact = fact_key(
        fact_text,
        organisations=orgs,
        claimant=claimant.name if claimant else None,
        claimant_is_organisation=bool(claimant and claimant.kind == ORGANISATION),
        main_organisation=registry.main_organisation,
        published_year=published_year,
    )
    citation = ExtractedCitation(
        start=start,
        end=end,
        quote=body[start:end],
        relation="states",
        speaker=_ref(speaker),
        speaker_as_written=written[0],
        speaker_shared=written[1],
    )
    return ExtractedClaim(
        text=text,
        claimant=_ref(claimant),
        check_worthiness=score,
        citations=(citation,),
        source=source,
        fact=fact,
        attribution_rule=rule,
    )


def _narrator(
    item: ParsedItem, publisher: NamedEntity | None, registry: SpeakerRegistry
) -> NamedEntity | None:
    """Who states an item's own sentences: its signatory, the person whose speech or interview
    it is, else its publisher."""
    for name in (
        item.signatory,
        item.title_person if item.kind in _ABOUT_ONE_PERSON_KINDS else None,
    ):
        if name:
            speaker = registry.resolve(name, position=len(item.body))
            if speaker is not None and speaker.kind == PERSON:
                return speaker
    return publisher


def _self_published(item: ParsedItem, publisher: NamedEntity) -> bool:
    """A listing page of an organisation's own posts (not a news outlet's article)."""
    return item.kind != ARTICLE and item.publisher is not None and publisher.kind == ORGANISATION


def _with_aliases(claim: ExtractedClaim, speakers: Sequence[NamedEntity]) -> ExtractedClaim:
    """Give the claimant and speakers the aliases the item used for them."""
    aliases = {(s.name, s.kind): s.aliases for s in speakers}

    def full(ref: NamedEntity | None) -> NamedEntity | None:
        if ref is None:
            return None
        return replace(ref, aliases=aliases.get((ref.name, ref.kind), ref.aliases))

    citations = tuple(replace(c, speaker=full(c.speaker)) for c in claim.citations)
    return replace(claim, claimant=full(claim.claimant), citations=citations)


def _publisher_speaker(page: ParsedPage) -> NamedEntity | None:
    if page.publisher is None:
        return None
    return NamedEntity(page.publisher.name, ORGANISATION, tuple(page.publisher.aliases))


def _ref(speaker: NamedEntity | None) -> NamedEntity | None:
    return speaker


def _mostly_quoted(body: str, span: Span, covered: Sequence[tuple[int, int]]) -> bool:
    """Is at least half of the sentence (less surrounding marks) inside attributed quote parts?
    Then the quote's own claim already states it."""
    start, end = span.start, span.end
    while start < end and body[start] in _MARK_CHARS:
        start += 1
    while end > start and body[end - 1] in _MARK_CHARS:
        end -= 1
    if end <= start:
        return True
    inside = sum(max(0, min(end, hi) - max(start, lo)) for lo, hi in covered)
    return inside * 2 >= end - start


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace, and without a comma, semicolon or colon at its
    end: still a verbatim slice of the body."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1] in _TRIM_END or body[end - 1].isspace()):
        end -= 1
    return start, end


def _dedupe(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """Claims of one item with the same text become one claim with all their citations when
    their claimants agree or one has none: a sentence with two quoted fragments (one of which
    may be unattributed), or a fragment inside a check-worthy sentence already claimed (the
    longer citation, the whole sentence, comes first). Each citation keeps its own speaker;
    claims of one text by two different claimants stay two claims."""
    merged: dict[tuple[str, NamedEntity | None], ExtractedClaim] = {}
    for claim in claims:
        key = (claim.text, claim.claimant)
        previous = merged.get(key)
        if previous is None and claim.claimant is None:
            # An unattributed copy joins the attributed claim of the same text, if exactly one.
            owners = [k for k in merged if k[0] == claim.text]
            if len(owners) == 1:
                key, previous = owners[0], merged[owners[0]]
        elif previous is None and (claim.text, None) in merged:
            previous = merged.pop((claim.text, None))
        if previous is None:
            merged[key] = claim
            continue
        citations = {(c.start, c.end): c for c in (*previous.citations, *claim.citations)}
        ordered = sorted(citations.values(), key=lambda c: (c.start - c.end, c.start))
        best = max(previous, claim, key=lambda c: (c.claimant is not None, c.check_worthiness))
        merged[key] = replace(
            best,
            citations=tuple(ordered),
            check_worthiness=max(previous.check_worthiness, claim.check_worthiness),
            fact=previous.fact or claim.fact,
        )
    return list(merged.values())
