"""How alike two claims are in what they state: weighted overlap of their distinctive terms.

A claim's text becomes `Wording`: for each of its sentences and clauses, the set of terms it uses,
each with a weight. Terms are word stems (Snowball's English stemmer, through PyStemmer: the
one PostgreSQL's `english` configuration uses, so the database's full-text lexemes are the same
terms), with function words dropped. Weights say how much sharing a term means:

- figures (years, amounts, counts) weigh most: two claims stating 1,200 share something specific;
- names weigh more than ordinary words: acronyms ("NEC", "IHRA"), runs of capitalised words
  ("Jeremy Corbyn"); a run of three or more capitalised words is also known by its initials, so
  "International Holocaust Remembrance Alliance" and "IHRA" are one term;
- words so common in news that sharing them says little ("year", "people", "minister") weigh a
  fraction (`lexicon.COMMON_NEWS_WORDS`).

Two claims are compared unit by unit (sentence or clause): the score of a pair of units is the
weighted Dice coefficient (twice the shared weight over the sum of both weights), and a claim
pair scores its best unit pair. A unit pair counts only when both units carry at least
MIN_UNIT_WEIGHT and share at least MIN_SHARED_WEIGHT, so a short fragment can never score high by
being contained in a longer text (plain word-overlap ratios score it 1.0), and never when the
units state different figures ("rose 40%" and "rose 42%" are two claims).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz

from .lexicon import COMMON_NEWS_WORDS, NEGATIONS, STOPWORDS
from .names import initials

__all__ = [
    "MIN_SHARED_WEIGHT",
    "MIN_UNIT_WEIGHT",
    "Similarity",
    "Wording",
    "claim_similarity",
    "distinctive_words",
    "lookup_score",
    "negations_in",
    "normal_form",
    "term_of",
    "wording",
]

MIN_UNIT_WEIGHT = 5.0
MIN_SHARED_WEIGHT = 4.5
MIN_SHARED_TERMS = 3
# Units compared per claim: a long quote is compared on its first sentences and clauses only,
# which keeps one comparison bounded whatever the claim's length.
MAX_UNITS = 40
FIGURE_WEIGHT = 3.0
SMALL_FIGURE_WEIGHT = 1.5
ACRONYM_WEIGHT = 2.5
NAME_WEIGHT = 2.0
WORD_WEIGHT = 1.0
COMMON_WORD_WEIGHT = 0.5
COMMON_TERM_FACTOR = 0.25
# Texts up to this long are also looked at whole (a short query, a slogan): see `lookup_score`.
SHORT_TEXT_CHARS = 300
NEAR_IDENTICAL_RATIO = 95.0
# A short query found whole in a claim scores at most this; a typo'd short text at most this.
COVERAGE_FACTOR = 0.85
TYPO_RATIO = 85.0
TYPO_FACTOR = 0.9
# Distinct words whose normal form, term and case are kept per cache (a few hundred bytes each).
WORDS_KEPT = 16384

_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?|\d(?:[\d,.]*\d)?")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_CLAUSE_END_RE = re.compile(r"[,;:]\s+|\s+[-–—]\s+|\s*[—–]\s*")
_CONNECTORS = frozenset(["of", "for", "the", "and", "&", "on", "in", "de", "du", "von", "van"])
_STEMMER = Stemmer.Stemmer("english")
_IGNORED = STOPWORDS | NEGATIONS
_POSSESSIVE_RE = re.compile(r"['’]s$|['’]$")


def _strip_possessive(word: str) -> str:
    """ "Labour's" -> "Labour"; words without an apostrophe are returned as they are."""
    return _POSSESSIVE_RE.sub("", word) if ("'" in word or "’" in word) else word


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence or clause: its terms with their weights, its total weight and its figures."""

    terms: Mapping[str, float]
    weight: float
    figures: frozenset[str]


@dataclass(frozen=True, slots=True)
class Wording:
    """A claim's text as comparable units, plus its normal form for near-identity checks."""

    units: tuple[Unit, ...]
    normal: str
    # Every term of the text with its weight, also from sentences too light to be units.
    all_terms: Mapping[str, float]

    @property
    def terms(self) -> Mapping[str, float]:
        """Every term of the claim with its weight."""
        return self.all_terms


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def normal_form(text: str, aliases: Mapping[str, str] | None = None) -> str:
    """The text's words in order, casefolded, with every name in one form: a run of three or more
    capitalised words and an acronym or alias for it become its initials ("The Jewish Labour
    Movement's 2,000 members" and "JLM's 2000 members" -> "jlm 2000 members", "the" aside)."""
    tokens = _WORD_RE.findall(text)
    if not aliases:
        return _plain_normal_form(tokens)
    words: list[str] = []
    for run, token in _runs(tokens):
        if run:
            words.append(_initials(run))
            continue
        folded = _strip_possessive(token.casefold()).replace("’", "'")
        if folded[0].isdigit():
            words.append(folded.replace(",", "").rstrip("."))
        elif folded in aliases:
            words.append(_alias_term(aliases[folded]))
        else:
            words.append(folded.replace("'", ""))
    return " ".join(words)


def _plain_normal_form(tokens: list[str]) -> str:
    """`normal_form` without aliases, the form every stored claim is compared in: a run is looked
    for only from a capitalised word, and every other word's form is kept by word (hundreds of
    candidates are worded per imported document, so no list of runs is built first)."""
    words: list[str] = []
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        if token[0].isupper():
            significant, j = _run_at(tokens, i)
            if len(significant) >= 3:
                words.append(_initials(significant))
                i = j
                continue
        words.append(_normal_word(token))
        i += 1
    return " ".join(words)


# Without aliases a word's normal form depends on the word alone: kept by word, as its term is
# (`_plain_token_term`), since stored claims are worded without aliases, about a hundred new
# ones per imported document at a newsroom's size.
@lru_cache(maxsize=WORDS_KEPT)
def _normal_word(token: str) -> str:
    folded = _strip_possessive(token.casefold()).replace("’", "'")
    if folded[0].isdigit():
        return folded.replace(",", "").rstrip(".")
    return folded.replace("'", "")


def _runs(tokens: list[str]) -> list[tuple[list[str] | None, str]]:
    """Tokens in order, with each run of three or more capitalised words (connectors such as
    "of" and "the" allowed inside) as one (run, "") entry."""
    out: list[tuple[list[str] | None, str]] = []
    i = 0
    while i < len(tokens):
        significant, j = _run_at(tokens, i) if tokens[i][0].isupper() else ([], i)
        if len(significant) >= 3:
            out.append((significant, ""))
            i = j
            continue
        out.append((None, tokens[i]))
        i += 1
    return out


def _run_at(tokens: list[str], i: int) -> tuple[list[str], int]:
    significant: list[str] = []
    j = i
    while j < len(tokens):
        token = tokens[j]
        connector = token.casefold() in _CONNECTORS
        if _is_titlecase(token) and not connector:
            significant.append(token)
        elif not (connector and (significant or _is_titlecase(token))):
            break
        j += 1
    while j > i and tokens[j - 1].casefold() in _CONNECTORS:
        j -= 1  # a run never ends on a connector
    return significant, j


def _alias_term(name: str) -> str:
    words = [w for w in name.split() if w.casefold() not in _CONNECTORS]
    return _initials(words) if len(words) >= 3 else " ".join(w.casefold() for w in words)


def wording(text: str, aliases: Mapping[str, str] | None = None) -> Wording:
    """`text` as weighted terms per sentence and clause (see the module docstring). `aliases`
    maps a casefolded one-word alias to the name it stands for ("jlm" -> "jewish labour
    movement")."""
    units: list[Unit] = []
    everything: dict[str, float] = {}
    for sentence in _SENTENCE_END_RE.split(text.strip()):
        # Names never run across a comma ("Tony Blair, Gordon Brown"): terms are read per clause.
        clauses = [_terms(clause, aliases) for clause in _CLAUSE_END_RE.split(sentence)]
        # A clause's terms are never empty strings, so a sentence of one clause has its terms.
        sentence_terms = clauses[0] if len(clauses) == 1 else _merged(clauses)
        for term, weight in sentence_terms.items():
            if everything.get(term, 0.0) < weight:
                everything[term] = weight
        if len(units) >= MAX_UNITS:
            continue
        for terms in (
            [sentence_terms, *_joined_short(clauses)] if len(clauses) > 1 else [sentence_terms]
        ):
            unit = _unit(terms)
            if unit is not None and all(unit.terms != seen.terms for seen in units[-4:]):
                units.append(unit)
    return Wording(tuple(units[:MAX_UNITS]), normal_form(text, aliases), everything)


def _merged(clauses: list[dict[str, float]]) -> dict[str, float]:
    """The clauses' terms, each with its greatest weight."""
    out: dict[str, float] = {}
    for terms in clauses:
        for term, weight in terms.items():
            if out.get(term, 0.0) < weight:
                out[term] = weight
    return out


def _joined_short(clauses: list[dict[str, float]]) -> list[dict[str, float]]:
    """Clauses too light to compare on their own join the clause before them."""
    out: list[dict[str, float]] = []
    for terms in clauses:
        if out and sum(terms.values()) < MIN_UNIT_WEIGHT:
            out[-1] = {**out[-1], **terms}
        else:
            out.append(dict(terms))
    return out


def _unit(terms: dict[str, float]) -> Unit | None:
    weight = sum(terms.values())
    if weight < MIN_UNIT_WEIGHT:
        return None
    figures = frozenset(t for t in terms if t[0].isdigit())
    return Unit(terms, weight, figures)


def _terms(text: str, aliases: Mapping[str, str] | None) -> dict[str, float]:
    tokens = _WORD_RE.findall(text)
    out: dict[str, float] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token[0].isupper():
            # Most words: their term is kept by word when there are no aliases.
            term = _token_term(token, aliases) if aliases else _plain_token_term(token)
            if term is not None and term[0] and out.get(term[0], 0.0) < term[1]:
                out[term[0]] = term[1]
            i += 1
            continue
        significant, j = _run_at(tokens, i)
        if len(significant) >= 3:
            out[_initials(significant)] = ACRONYM_WEIGHT
            i = j
            continue
        if len(significant) == 2 and i > 0:
            # A two-word name is one term: "Jeremy Corbyn", "Labour Party".
            _add(out, " ".join(w.casefold() for w in significant), NAME_WEIGHT)
            i = j
            continue
        _add_token(out, tokens[i], aliases)
        i += 1
    return out


def _add_token(out: dict[str, float], token: str, aliases: Mapping[str, str] | None) -> None:
    term = _token_term(token, aliases) if aliases else _plain_token_term(token)
    if term is not None:
        _add(out, *term)


@lru_cache(maxsize=WORDS_KEPT)
def _plain_token_term(token: str) -> tuple[str, float] | None:
    return _token_term(token, None)


def _token_term(token: str, aliases: Mapping[str, str] | None) -> tuple[str, float] | None:
    """A word's term and weight (None for a word that counts for nothing)."""
    token = _strip_possessive(token) or token
    if token[0].isdigit():
        figure = token.replace(",", "").rstrip(".")
        return figure, FIGURE_WEIGHT if len(figure) >= 3 else SMALL_FIGURE_WEIGHT
    if 2 <= len(token) <= 7 and token.isupper() and token.isalpha():
        alias = aliases.get(token.casefold()) if aliases else None
        return _alias_term(alias) if alias else token.casefold(), ACRONYM_WEIGHT
    folded = token.casefold()
    if folded in _IGNORED or len(folded) < 2:
        return None
    if aliases and folded in aliases:
        return _alias_term(aliases[folded]), NAME_WEIGHT
    weight = COMMON_WORD_WEIGHT if folded in COMMON_NEWS_WORDS else WORD_WEIGHT
    return _stem(folded.replace("’", "'")), weight


def _word_term(word: str) -> str:
    folded = _strip_possessive(word.casefold()).replace("’", "'")
    return _stem(folded)


def _add(out: dict[str, float], term: str, weight: float) -> None:
    if term and out.get(term, 0.0) < weight:
        out[term] = weight


@lru_cache(maxsize=WORDS_KEPT)
def _is_titlecase(token: str) -> bool:
    return token[0].isupper() and any(c.islower() for c in token[1:])


def _initials(words: list[str]) -> str:
    return initials(" ".join(words)).casefold()


@dataclass(frozen=True, slots=True)
class Similarity:
    """How alike two claims are, and the terms their best-matching units share."""

    score: float
    shared: tuple[str, ...] = ()

    def reason(self) -> str:
        return f"shared terms: {', '.join(self.shared)}" if self.shared else "no shared terms"


NO_SIMILARITY = Similarity(0.0)


def claim_similarity(a: Wording, b: Wording, *, common: frozenset[str] = frozenset()) -> Similarity:
    """The best weighted Dice score over the two claims' unit pairs, in [0, 1]. A unit pair
    counts only when it shares at least MIN_SHARED_WEIGHT, including a name or figure and at
    least MIN_SHARED_TERMS terms in all, and does not state different figures: ordinary words
    shared by chance ("women", "work", "election") never link two claims on their own.

    `common` holds terms known to be frequent where the claims come from (many stored claims
    use them): they count at COMMON_TERM_FACTOR of their weight and never as a name."""
    best = NO_SIMILARITY
    # What the whole claims share bounds what any pair of their units can share: most pairs
    # of candidates stop here, before the unit-by-unit comparison.
    small_all, large_all = sorted((a.all_terms, b.all_terms), key=len)
    shared_all = [_damped(t, w, common) for t, w in small_all.items() if t in large_all]
    if (
        len(shared_all) < MIN_SHARED_TERMS
        or sum(shared_all) < MIN_SHARED_WEIGHT
        or max(shared_all) < NAME_WEIGHT
    ):
        return best
    for x in a.units:
        x_weight = _damped_total(x, common)
        for y in b.units:
            if x.figures and y.figures and x.figures != y.figures:
                continue
            small, large = (x, y) if len(x.terms) <= len(y.terms) else (y, x)
            shared = [t for t in small.terms if t in large.terms]
            if len(shared) < MIN_SHARED_TERMS:
                continue
            weights = [_damped(t, small.terms[t], common) for t in shared]
            if sum(weights) < MIN_SHARED_WEIGHT or max(weights) < NAME_WEIGHT:
                continue
            score = 2 * sum(weights) / (x_weight + _damped_total(y, common))
            if score > best.score:
                ranked = sorted(zip(weights, shared, strict=True), key=lambda pair: -pair[0])
                best = Similarity(min(score, 1.0), tuple(term for _w, term in ranked))
    return best


def _damped(term: str, weight: float, common: frozenset[str]) -> float:
    return weight * COMMON_TERM_FACTOR if term in common else weight


def _damped_total(unit: Unit, common: frozenset[str]) -> float:
    if not common:
        return unit.weight
    return sum(_damped(t, w, common) for t, w in unit.terms.items())


def lookup_score(
    query: Wording, candidate: Wording, *, common: frozenset[str] = frozenset()
) -> Similarity:
    """How well a stored claim answers "has this been said before?" for `query`: the same wording
    (reworded trivially), the same fact in other words (`claim_similarity`), or, for a query too
    short to compare sentence by sentence, every one of its terms found in the claim, or the
    same short text with a typo. The best of these; 0 when none holds."""
    best = claim_similarity(query, candidate, common=common)
    same_figures = _figures(query.normal) == _figures(candidate.normal)
    same_negations = negations_in(query.normal) == negations_in(candidate.normal)
    if same_figures and same_negations and query.normal and candidate.normal:
        ratio = fuzz.token_sort_ratio(query.normal, candidate.normal)
        if ratio >= NEAR_IDENTICAL_RATIO and ratio / 100 > best.score:
            best = Similarity(ratio / 100, ("same wording",))
        if len(query.normal) <= SHORT_TEXT_CHARS and len(candidate.normal) <= SHORT_TEXT_CHARS:
            typo = fuzz.ratio(query.normal, candidate.normal)
            if typo >= TYPO_RATIO and typo / 100 * TYPO_FACTOR > best.score:
                best = Similarity(typo / 100 * TYPO_FACTOR, ("similar spelling",))
    if not query.units and query.all_terms:
        weights = {t: _damped(t, w, common) for t, w in query.all_terms.items()}
        found = [t for t in weights if t in candidate.all_terms]
        coverage = sum(weights[t] for t in found) / sum(weights.values())
        query_figures = {t for t in weights if t[0].isdigit()}
        if len(found) >= 2 and query_figures <= set(found):
            score = coverage * COVERAGE_FACTOR
            if score > best.score:
                best = Similarity(score, tuple(found))
    return best


# A query's normal form is compared with each of its candidates' (hundreds per document), and a
# stored claim's with each query it is a candidate for: both answers are kept by text.
@lru_cache(maxsize=8192)
def _figures(normal: str) -> frozenset[str]:
    return frozenset(word for word in normal.split() if word[0].isdigit())


@lru_cache(maxsize=8192)
def negations_in(normal: str) -> frozenset[str]:
    """The negating words of a normal form ("not", "never", "won't")."""
    return frozenset(word for word in normal.split() if word in NEGATIONS or word.endswith("n't"))


def term_of(word: str) -> str:
    """The term a single word counts as (its stem; figures without separators; acronyms
    casefolded): to tell `claim_similarity` which of a text's words are common."""
    folded = _strip_possessive(word.casefold())
    if folded[:1].isdigit():
        return folded.replace(",", "").rstrip(".")
    if word.isupper():
        return folded
    return _word_term(folded)


def distinctive_words(text: str, *, limit: int) -> list[str]:
    """The words of `text` that say most about it, heaviest first (figures, names, then longer
    words): the ones worth looking up in an index of stored claims."""
    seen: dict[str, tuple[float, int]] = {}
    for match in _WORD_RE.finditer(text):
        token = match.group(0)
        folded = _strip_possessive(token.casefold())
        if folded in STOPWORDS or folded in NEGATIONS or len(folded) < 2:
            continue
        if token[0].isdigit():
            weight = FIGURE_WEIGHT
            folded = folded.replace(",", "").rstrip(".")
        elif token.isupper() and len(token) <= 7:
            weight = ACRONYM_WEIGHT
        elif _is_titlecase(token) and match.start() > 0:
            weight = NAME_WEIGHT
        elif folded in COMMON_NEWS_WORDS:
            weight = COMMON_WORD_WEIGHT
        else:
            weight = WORD_WEIGHT
        previous = seen.get(folded)
        if previous is None or previous[0] < weight:
            seen[folded] = (weight, len(folded))
    ranked = sorted(seen.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return [word for word, _ in ranked[:limit]]
