"""One claim, many sources: grouping the same checkable claim across items.

Two methods, applied to every pair of claims from different items:

1. Fact keys. A claim that dates an event or relationship of its subject ("affiliated to Labour
   since 1920", "2020 marks our 100th anniversary of affiliation", "sever ties to Labour after 99
   years", "founded in 1906", "I was elected in 2015", "launched in 2019"; the predicates are
   PREDICATES) is normalised to (subject, predicate, year). The key only helps matching: the
   claim's text stays the passage as written. The year is
   - explicit: "since 1920", "in 1920";
   - anchored: a relative expression resolved with a reference year stated in the same sentence
     ("2020 marks our 100th anniversary" -> 1920);
   - dated: a relative expression resolved with the item's stated publication date ("98 years
     ago", published 2018 -> 1920; "our 98th year" -> 1921, the first year being year one);
   - unresolved: a relative expression with no reference year in the text (no guessing).
   Same subject and predicate, then:
   - both years explicit or anchored and equal -> merge (score 1.0) for a fact a subject has once
     (MERGING_PREDICATES: founded, affiliated); for the others a suggestion, FACT_DATED_SCORE;
   - equal but either dated or approximate ("almost a century") -> suggestion, FACT_DATED_SCORE;
   - one year within one of the other (ordinal/cardinal slips, "after 99 years" in the 100th
     year) -> suggestion, FACT_NEAR_SCORE;
   - one unresolved -> suggestion, FACT_UNRESOLVED_SCORE (never a merge); both unresolved -> no
     link (two offsets from unknown dates say nothing about each other);
   Claims of the same item merge only when both years are explicit or anchored (one page
   repeating itself is not a second source, so it gets no suggestions).
   - years further apart -> no link.
2. Wording (`similarity`), between claims found through terms that few claims of the batch
   share (at most MAX_TERM_CLAIMS), or with the same words in the same order:
   - near-identical: the normal forms (casefolded words, names and their initials as one) score
     token_sort_ratio >= TEXT_MERGE_THRESHOLD, both have at least MIN_TOKENS words, and they
     state the same figures and the same negations -> merge across items; within one item a
     suggestion at SAME_ITEM_RESTATEMENT_SCORE (a page repeating itself is one source);
   - otherwise, across items, `claim_similarity` >= TEXT_SUGGEST_THRESHOLD -> suggestion scored
     similarity * TEXT_SUGGEST_FACTOR (kept below the merge level), its reason naming the terms
     the two claims share. Terms used by more than COMMON_TERM_SHARE of a large batch count
     little ("Labour" in a batch of politics stories).

Merges are closed transitively (union-find) into groups; suggestions between claims that ended up
in the same group are dropped, and the best suggestion per pair is kept.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .similarity import WORD_WEIGHT, claim_similarity, negations_in, normal_form, wording

__all__ = [
    "FACT_DATED_SCORE",
    "FACT_NEAR_SCORE",
    "FACT_UNRESOLVED_SCORE",
    "MIN_TOKENS",
    "TEXT_MERGE_THRESHOLD",
    "TEXT_SUGGEST_FACTOR",
    "TEXT_SUGGEST_THRESHOLD",
    "ClaimGroup",
    "ClaimRef",
    "FactKey",
    "MatchCandidate",
    "MatchResult",
    "Suggestion",
    "fact_key",
    "match_claims",
]

TEXT_MERGE_THRESHOLD = 95.0
TEXT_SUGGEST_THRESHOLD = 0.5
TEXT_SUGGEST_FACTOR = 0.9
SAME_ITEM_RESTATEMENT_SCORE = 0.96
MIN_TOKENS = 6
MAX_TERM_CLAIMS = 50
COMMON_TERM_MIN_CLAIMS = 20
COMMON_TERM_SHARE = 0.01
FACT_DATED_SCORE = 0.85
FACT_NEAR_SCORE = 0.7
FACT_UNRESOLVED_SCORE = 0.6

_FIGURE_RE = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}  # fmt: skip
PREDICATES: dict[str, re.Pattern[str]] = {
    "affiliated": re.compile(
        r"\baffiliat(?:ed|ion)\b|\baffiliate\s+since\b|"
        r"\b(?:sever|cut|break)\w*\s+(?:its\s+|their\s+)?ties\b|"
        r"\bties\s+(?:to\s+be\s+|being\s+|were\s+|are\s+|be\s+)?(?:severed|cut|broken)\b|"
        r"\brelationship\b[^.]{0,80}\bwith\b",
        re.I,
    ),
    "founded": re.compile(r"\b(?:founded|established|formed|set\s+up)\b", re.I),
    "elected": re.compile(
        r"\b(?:was|were|been|be|is|first)\s+(?:re-?)?elected\b|\bwon\s+(?:the\s+)?(?:seat|election)\b",
        re.I,
    ),
    "appointed": re.compile(r"\bappointed\b", re.I),
    "resigned": re.compile(r"\bresigned\b|\b(?:stood|stepped)\s+down\b", re.I),
    "joined": re.compile(r"\bjoined\b", re.I),
    "launched": re.compile(r"\blaunched\b", re.I),
    "closed": re.compile(r"\bclosed\b|\bshut\s+down\b", re.I),
    "merged": re.compile(r"\bmerged\s+with\b", re.I),
}
# Facts a subject has once (it was founded in one year; it has been affiliated since one year):
# the same subject, predicate and certain year are the same fact, and merge. For the others
# ("joined", "launched", "appointed") the same key may be two facts with different objects
# (joined the board, joined the campaign), so it is only ever a suggestion.
MERGING_PREDICATES = frozenset(["affiliated", "founded"])
_FIRST_PERSON_SINGULAR_RE = re.compile(r"\b(?:I|my|me)\b")
# An explicit year dates the relationship only when tied to it: "since 1920" anywhere in the
# claim, or "in 1920" shortly after the predicate ("affiliated to Labour in 1920").
_EXPLICIT_NEAR = 40
_YEAR = r"(1[6-9]\d\d|20\d\d)"
_N = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_SINCE_RE = re.compile(rf"\bsince\s+{_YEAR}\b", re.I)
_IN_RE = re.compile(rf"\b(?:in|from)\s+{_YEAR}\b", re.I)
_ANCHORED_RE = re.compile(
    rf"\b{_YEAR}\s+(?:marks|is|was|will\s+be|sees)\s+(?:our|its|their|the)\s+"
    rf"(\d{{1,3}})(?:st|nd|rd|th)\s+(?:anniversary|year)\b",
    re.I,
)
# (pattern, offset in years from the reference year, approximate?)
_RELATIVE: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(rf"\b{_N}\s+years\s+ago\b", re.I), "n", False),
    (re.compile(rf"\bafter\s+{_N}\s+years\b", re.I), "n", False),
    (re.compile(rf"\bfor\s+(?:the\s+(?:past|last)\s+)?{_N}\s+years\b", re.I), "n", False),
    (re.compile(rf"\b{_N}\s+years\s+of\s+(?:affiliation|unbroken)\b", re.I), "n", False),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:unbroken\s+)?year\s+of\b", re.I), "n-1", False),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", re.I), "n", False),
    (re.compile(r"\bcentenary\b[^.]{0,60}\bnext\s+year\b", re.I), "99", False),
    (re.compile(r"\bcentenary\b", re.I), "100", False),
    (
        re.compile(r"\b(?:almost|nearly|over|more\s+than|about|around)\s+a\s+century\b", re.I),
        "100",
        True,
    ),
)


@dataclass(frozen=True, slots=True)
class FactKey:
    subject: str
    predicate: str
    year: int | None
    resolved_by: str  # explicit | anchored | dated | unresolved
    approximate: bool = False
    offset_years: int | None = None

    def label(self) -> str:
        year = self.year if self.year is not None else f"now-{self.offset_years}"
        return f"{self.subject}|{self.predicate}|{year}"

    def serialise(self) -> str:
        """A one-line form to store with a claim; `FactKey.parse` reads it back.

        It starts with "subject|predicate|" so stored keys of one fact share a prefix.
        """
        year = "" if self.year is None else str(self.year)
        offset = "" if self.offset_years is None else str(self.offset_years)
        approximate = "approx" if self.approximate else ""
        return "|".join([self.subject, self.predicate, year, self.resolved_by, approximate, offset])

    @classmethod
    def parse(cls, text: str) -> FactKey | None:
        """The key `serialise` wrote, or None for an empty or malformed one."""
        parts = text.split("|")
        if len(parts) != 6:
            return None
        subject, predicate, year, resolved_by, approximate, offset = parts
        try:
            return cls(
                subject,
                predicate,
                int(year) if year else None,
                resolved_by,
                approximate == "approx",
                int(offset) if offset else None,
            )
        except ValueError:
            return None


@dataclass(frozen=True, slots=True, order=True)
class ClaimRef:
    """Which claim: the document, the item's index in it, the claim's index in the item."""

    document: str
    item: int
    claim: int


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    ref: ClaimRef
    text: str
    fact: FactKey | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    members: tuple[ClaimRef, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    a: ClaimRef
    b: ClaimRef
    score: float
    method: str
    reason: str


@dataclass(frozen=True, slots=True)
class MatchResult:
    groups: tuple[ClaimGroup, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def group_of(self, ref: ClaimRef) -> ClaimGroup | None:
        return next((g for g in self.groups if ref in g.members), None)


def fact_key(
    text: str,
    *,
    organisations: Sequence[str | tuple[int, str]],
    claimant: str | None = None,
    claimant_is_organisation: bool = False,
    main_organisation: str | None = None,
    published_year: int | None = None,
) -> FactKey | None:
    """The (subject, predicate, year) of a dated-relationship claim, or None.

    `organisations` are the organisations the text mentions, in order: canonical names, or
    (offset, canonical name) pairs, which let the subject be the one named nearest before the
    predicate ("the Jewish Socialist Labour Party's (Poale Zion, now JLM) formal affiliation").
    """
    if not text or len(text) > 5000:
        return None
    predicate = next((name for name, rx in PREDICATES.items() if rx.search(text)), None)
    if predicate is None:
        return None
    mentions = [(o, -1) if isinstance(o, str) else (o[1], o[0]) for o in organisations]
    found = list(PREDICATES[predicate].finditer(text))
    subject = _subject(
        text,
        mentions,
        (found[0].start(), found[-1].end()),
        claimant,
        claimant_is_organisation,
        main_organisation,
    )
    if subject is None:
        return None
    explicit = _explicit_year(text, PREDICATES[predicate])
    if explicit is not None:
        return FactKey(subject, predicate, explicit, "explicit")
    anchored = _ANCHORED_RE.search(text)
    if anchored:
        year = int(anchored.group(1)) - int(anchored.group(2))
        return FactKey(subject, predicate, year, "anchored", offset_years=int(anchored.group(2)))
    for pattern, offset_rule, approximate in _RELATIVE:
        match = pattern.search(text)
        if not match:
            continue
        offset = _offset(match, offset_rule)
        if offset is None:
            continue
        if published_year is None:
            return FactKey(subject, predicate, None, "unresolved", approximate, offset)
        return FactKey(subject, predicate, published_year - offset, "dated", approximate, offset)
    return None


def _explicit_year(text: str, predicate: re.Pattern[str]) -> int | None:
    since = _SINCE_RE.search(text)
    if since:
        return int(since.group(1))
    for match in predicate.finditer(text):
        near = _IN_RE.search(text, match.end(), match.end() + _EXPLICIT_NEAR)
        if near:
            return int(near.group(1))
    return None


def _offset(match: re.Match[str], rule: str) -> int | None:
    if rule.isdigit():
        return int(rule)
    raw = match.group(1).casefold()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if n is None:
        return None
    return n - 1 if rule == "n-1" else n


def _subject(
    text: str,
    mentions: Sequence[tuple[str, int]],
    predicate_span: tuple[int, int],
    claimant: str | None,
    claimant_is_organisation: bool,
    main_organisation: str | None,
) -> str | None:
    """Whose relationship it is: not its other side ("affiliated to Labour", "Labour's
    affiliate"); "our"/"we" is the claimant organisation (or, for a person speaking for one, the
    item's organisation); then the organisation named nearest before the predicate; then one
    named at no known position; then "the group"/"it" before the predicate is the item's main
    organisation. Otherwise None: a fact key is only made when its subject is clear."""
    predicate_start, predicate_end = predicate_span
    objects = [
        m.group(1).casefold()
        for m in re.finditer(
            r"\b(?:affiliat\w*|ties|relationship[^.]{0,100}?)\s+(?:to|with)\s+(?:the\s+)?"
            r"([A-Z]\w*(?:\s+[A-Z]\w*)*)",
            text,
        )
    ] + [
        m.group(1).casefold()
        for m in re.finditer(r"\b([A-Z]\w*)['’]s\s+(?:\w+\s+){0,2}affiliate\b", text)
    ]

    def is_object(name: str) -> bool:
        folded = name.casefold()
        return any(folded == o or folded.startswith(o + " ") for o in objects)

    if claimant and not claimant_is_organisation and _FIRST_PERSON_SINGULAR_RE.search(text):
        return claimant  # "I was elected in 2015", said by that person
    first_person = re.search(r"\b(?:our|we|us)\b", text, re.I)
    if first_person and claimant and claimant_is_organisation:
        return claimant
    if first_person and main_organisation and not is_object(main_organisation):
        return main_organisation
    before = [
        (at, name) for name, at in mentions if 0 <= at < predicate_end and not is_object(name)
    ]
    if before:
        return max(before)[1]
    # Organisations named only after the predicate are its object or another clause's subject
    # ("set up since Labour won power"): never the subject. Names without a position may be.
    unplaced = [name for name, at in mentions if at < 0 and not is_object(name)]
    if unplaced:
        return main_organisation if main_organisation in unplaced else unplaced[0]
    head = text[:predicate_start]
    if re.search(r"\b(?:the\s+organisation|the\s+group|the\s+movement|it|its)\b", head, re.I):
        return main_organisation
    return None


def numbers_in(text: str) -> frozenset[str]:
    """The figures a text states ("40%", "1,200", "3.5" -> {"40", "1200", "3.5"})."""
    return frozenset(match.replace(",", "") for match in _FIGURE_RE.findall(text))


def match_claims(
    candidates: Sequence[MatchCandidate], *, aliases: Mapping[str, str] | None = None
) -> MatchResult:
    """Group the same claim across items (see the module docstring)."""
    n = len(candidates)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    methods: dict[tuple[int, int], str] = {}
    suggestions: dict[tuple[int, int], Suggestion] = {}

    def merge(i: int, j: int, method: str) -> None:
        methods[(i, j)] = method
        parent[find(i)] = find(j)

    def suggest(i: int, j: int, score: float, method: str, reason: str) -> None:
        key = (min(i, j), max(i, j))
        current = suggestions.get(key)
        if current is None or current.score < score:
            a, b = candidates[key[0]].ref, candidates[key[1]].ref
            suggestions[key] = Suggestion(a, b, round(score, 3), method, reason)

    _match_facts(candidates, merge, suggest)
    _match_text(candidates, aliases, merge, suggest)

    clusters: dict[int, list[int]] = {}
    for i in range(n):
        clusters.setdefault(find(i), []).append(i)
    groups = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        used = sorted({m for (i, j), m in methods.items() if i in members or j in members})
        groups.append(ClaimGroup(tuple(sorted(candidates[i].ref for i in members)), tuple(used)))
    # One suggestion per pair of groups (or lone claims): the best scoring.
    best: dict[tuple[int, int], Suggestion] = {}
    for (i, j), suggestion in sorted(suggestions.items()):
        a, b = sorted((find(i), find(j)))
        if a == b:
            continue
        if (a, b) not in best or best[(a, b)].score < suggestion.score:
            best[(a, b)] = suggestion
    kept = tuple(sorted(best.values(), key=lambda s: (s.a, s.b)))
    groups.sort(key=lambda g: g.members)
    return MatchResult(tuple(groups), kept)


def _same_item(a: MatchCandidate, b: MatchCandidate) -> bool:
    return (a.ref.document, a.ref.item) == (b.ref.document, b.ref.item)


def _match_facts(candidates: Sequence[MatchCandidate], merge, suggest) -> None:
    keyed = [(i, c) for i, c in enumerate(candidates) if c.fact is not None]
    for x, (i, a) in enumerate(keyed):
        for j, b in keyed[x + 1 :]:
            fa, fb = a.fact, b.fact
            if fa is None or fb is None:
                continue
            if (fa.subject, fa.predicate) != (fb.subject, fb.predicate):
                continue
            same_item = _same_item(a, b)
            reason = f"{fa.label()} ~ {fb.label()}"
            if fa.year is None and fb.year is None:
                continue  # two offsets from unknown dates say nothing about each other
            if fa.year is None or fb.year is None:
                if same_item:
                    continue  # one page repeating itself is not a second source
                suggest(i, j, FACT_UNRESOLVED_SCORE, "fact_key", reason + " (no reference year)")
                continue
            gap = abs(fa.year - fb.year)
            confident = {fa.resolved_by, fb.resolved_by} <= {"explicit", "anchored"}
            merges = fa.predicate in MERGING_PREDICATES
            if gap == 0 and confident and merges and not (fa.approximate or fb.approximate):
                merge(i, j, "fact_key")
            elif same_item:
                continue
            elif gap == 0:
                suggest(i, j, FACT_DATED_SCORE, "fact_key", reason)
            elif gap == 1 or (gap <= 10 and (fa.approximate or fb.approximate)):
                suggest(i, j, FACT_NEAR_SCORE, "fact_key", reason)


def _match_text(
    candidates: Sequence[MatchCandidate],
    aliases: Mapping[str, str] | None,
    merge,
    suggest,
) -> None:
    """Merge near-identical claims and suggest claims stating the same thing in other words.

    Pairs are found through an index of terms shared by few claims (at most MAX_TERM_CLAIMS of
    this batch), so the work grows with the number of claims, not with its square."""
    normals = [normal_form(c.text, aliases) for c in candidates]
    figures = [numbers_in(c.text) for c in candidates]
    negations = [negations_in(normal) for normal in normals]
    pairs: set[tuple[int, int]] = set()
    # The same words in the same order are a pair however few and common they are.
    same_words: dict[str, list[int]] = defaultdict(list)
    for i, normal in enumerate(normals):
        same_words[normal].append(i)
    for members in same_words.values():
        pairs.update(itertools.pairwise(members))  # a chain: merges close transitively
    # Claims of one item are only compared for the same words (above): the wording of each
    # claim is worked out only when the batch spans several items.
    items = {(c.ref.document, c.ref.item) for c in candidates}
    wordings = [wording(c.text, aliases) for c in candidates] if len(items) > 1 else []
    postings: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(wordings):
        for term, weight in w.terms.items():
            if weight >= WORD_WEIGHT:
                postings[term].append(i)
    # Terms used by a sizeable share of a large batch say little about any pair of its claims.
    common = frozenset(
        term
        for term, members in postings.items()
        if len(members) >= COMMON_TERM_MIN_CLAIMS
        and len(members) > COMMON_TERM_SHARE * len(wordings)
    )
    for members in postings.values():
        if len(members) > MAX_TERM_CLAIMS:
            continue  # shared by too many claims to say anything about a pair
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((i, j))
    for i, j in sorted(pairs):
        a, b = candidates[i], candidates[j]
        same_item = _same_item(a, b)
        near_identical = (
            len(normals[i].split()) >= MIN_TOKENS
            and len(normals[j].split()) >= MIN_TOKENS
            and figures[i] == figures[j]
            and negations[i] == negations[j]
            and fuzz.token_sort_ratio(normals[i], normals[j]) >= TEXT_MERGE_THRESHOLD
        )
        if near_identical:
            if same_item:
                # One page saying the same thing twice: one source, so not merged, but the desk
                # should see the pair.
                suggest(i, j, SAME_ITEM_RESTATEMENT_SCORE, "text", "restated in the same item")
            else:
                merge(i, j, "text")
            continue
        if same_item or not wordings:
            continue
        similarity = claim_similarity(wordings[i], wordings[j], common=common)
        if similarity.score >= TEXT_SUGGEST_THRESHOLD:
            suggest(i, j, similarity.score * TEXT_SUGGEST_FACTOR, "text", similarity.reason())
