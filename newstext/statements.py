"""Check-worthy sentences: statements of numbers, dates, quantities, durations, ranks and
comparisons, which a fact-checker can verify against a record.

Each sentence gets a raw score: the sum of the weights of the features it shows (each feature
counted once), minus penalties for opinion, questions, calls to action and very short fragments.
The raw score maps to [0, 1) by raw / (raw + SCORE_HALF_POINT), so one strong feature (a
percentage, a year, a duration: weight >= 0.5) reaches the threshold on its own, a weak one (an
ordinal, a comparison word, a number written as a word) needs another, and an opinion with no
checkable fact scores 0.

Constants (copy to docs/decisions.md):
- CHECKWORTHY_THRESHOLD = 0.5: sentences scoring at least this become claims.
- SCORE_HALF_POINT = 0.5: the raw score that maps to 0.5.
- FEATURE_WEIGHTS: per-feature weights, below.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import words
from .sentences import Span

__all__ = [
    "CHECKWORTHY_THRESHOLD",
    "FEATURE_WEIGHTS",
    "SCORE_HALF_POINT",
    "Checkworthiness",
    "checkworthy_sentences",
    "score_sentence",
]

CHECKWORTHY_THRESHOLD = 0.5
SCORE_HALF_POINT = 0.5

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion"
)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_UNIT = r"years?|months?|weeks?|days?|decades?|centur(?:y|ies)|hours?"

FEATURE_WEIGHTS: dict[str, float] = {
    "percentage": 1.0,
    "money": 1.0,
    "duration": 0.8,
    "year": 0.7,
    "date": 0.7,
    "number": 0.6,
    "quantity_word": 0.55,
    "number_word": 0.45,
    "comparison": 0.4,
    "ordinal": 0.35,
    "decision": 0.35,
    "time_reference": 0.3,
    "superlative": 0.3,
}
_PENALTIES: dict[str, float] = {
    "opinion": 0.3,
    "question": 0.5,
    "call_to_action": 0.8,
    "short": 0.3,
}

_FEATURES: dict[str, re.Pattern[str]] = {
    "percentage": re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s?%|\bper\s?cent\b|\bpercent\b", re.I),
    "money": re.compile(
        r"[£$€]\s?\d|\b\d+(?:\.\d+)?\s?(?:million|billion|bn)\b|\b\d+\s?(?:pounds|dollars|euros)\b",
        re.I,
    ),
    "duration": re.compile(
        rf"\bsince\s+(?:\d{{4}}|the\s+\d{{4}}s|{_MONTHS})\b|"
        rf"\b(?:\d+|{_NUMBER_WORDS}|a|an)\s+(?:{_UNIT})\s+(?:ago|old|later|running|earlier)\b|"
        rf"\b(?:for|over|after|in|past|last|within)\s+(?:the\s+)?(?:past\s+|last\s+)?"
        rf"(?:\d+|{_NUMBER_WORDS})\s+(?:{_UNIT})\b|"
        rf"\b(?:\d+|{_NUMBER_WORDS})[-\s](?:{_UNIT})\b|"
        r"\b(?:almost|nearly|over|more\s+than|about|around)\s+a\s+(?:century|decade)\b|"
        r"\bcentenary\b|\bbicentenary\b|\banniversary\b|\bunbroken\s+year\b",
        re.I,
    ),
    "year": re.compile(r"(?<![\d£$€.,])\b(?:1[6-9]\d\d|20\d\d)\b(?![\d%,.]\d)"),
    "date": re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b|"
        rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    ),
    "number": re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w%])"),
    "quantity_word": re.compile(
        r"\b(?:hundreds|thousands|millions|billions|dozens|scores)\s+of\b|\bdozens?\b", re.I
    ),
    "number_word": re.compile(rf"\b(?:{_NUMBER_WORDS})\b", re.I),
    "comparison": re.compile(
        r"\b(?:more|fewer|less|greater|higher|lower|larger|smaller|bigger|older|younger)\s+than\b|"
        r"\b(?:increased|decreased|rose|risen|fell|fallen|doubled|tripled|trebled|halved|"
        r"grown|swelled|declined)\b|\b\w+-fold\b|\btimes\s+(?:as|more|less)\b|"
        r"\brecord\s+(?:levels?|numbers?|high|low)\b|\bover\s+\d|\bunder\s+\d|\bunprecedented\b|"
        r"\b(?:as\s+many|as\s+much)\s+as\b",
        re.I,
    ),
    "ordinal": re.compile(
        r"\b\d+(?:st|nd|rd|th)\b|\b(?:first|second|third|fourth|fifth|tenth|hundredth)\b", re.I
    ),
    "superlative": re.compile(
        r"\b(?:most|least|largest|biggest|highest|lowest|only|oldest|newest|longest)\b", re.I
    ),
    # A recorded act of an institution: voted, adopted, approved, appointed ... (checkable
    # against minutes and records when it is also dated).
    "decision": re.compile(
        r"\b(?:decision|decided|vot(?:e|ed)\s+(?:to|for|against)|adopt(?:ed)?|approv(?:e|ed|al)|"
        r"reject(?:ed)?|pass(?:ed)?\s+(?:a|the)\s+(?:motion|bill|law)|appoint(?:ed)?|"
        r"suspend(?:ed)?|expell?(?:ed)?|resign(?:ed)?|commission(?:ed)?|announc(?:e|ed))\b",
        re.I,
    ),
    # When it happened, relative to the report: "last month", "on Tuesday", "yesterday".
    "time_reference": re.compile(
        rf"\b(?:last|this|next)\s+(?:week|month|year|summer|autumn|winter|spring|weekend|"
        rf"{_WEEKDAYS})\b|\b(?:yesterday|on\s+(?:{_WEEKDAYS}))\b",
        re.I,
    ),
}
_OPINION_RE = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|love|want|wish|guess|understand|"
    r"am|are)\b|\b(?:should|must|ought|shall)\b|\bin\s+my\s+(?:view|opinion)\b",
    re.I,
)
_CALL_TO_ACTION_RE = re.compile(
    r"^(?:please|click|read|check|see|listen|watch|join|you\s+can|missed|find\s+out|follow)\b",
    re.I,
)


_DIGIT_RE = re.compile(r"\d")
_TOKEN_RE = re.compile(r"\w+")
# Cheap tests that spare most sentences most of the regular expressions, without changing any
# score. Every match of a feature's pattern contains one of its words as a whole word (a maximal
# run of word characters, casefolded), or, for the features in _DIGIT_FEATURES, a digit; a
# sentence with neither cannot match, so the pattern is not run. The words are read off the
# patterns above: change both together (tests/extraction/test_statements.py checks them).
_DIGIT_FEATURES = frozenset(["percentage", "money", "year", "date", "number", "ordinal"])
_UNIT_WORDS = words(
    """year years month months week weeks day days decade decades century centuries hour hours
    """
)
_WEEKDAY_WORDS = frozenset(_WEEKDAYS.split("|"))
_FEATURE_WORDS: dict[str, frozenset[str]] = {
    "percentage": frozenset(["cent", "percent"]),
    "duration": _UNIT_WORDS | {"since", "centenary", "bicentenary", "anniversary"},
    "quantity_word": frozenset(
        ["hundreds", "thousands", "millions", "billions", "dozens", "scores", "dozen"]
    ),
    "number_word": frozenset(_NUMBER_WORDS.split("|")),
    "comparison": words(
        """than increased decreased rose risen fell fallen doubled tripled trebled halved grown
        swelled declined fold times record over under unprecedented many much"""
    ),
    "ordinal": frozenset(["first", "second", "third", "fourth", "fifth", "tenth", "hundredth"]),
    "superlative": words(
        """most least largest biggest highest lowest only oldest newest longest"""
    ),
    "decision": words(
        """decision decided vote voted adopt adopted approve approved approval reject rejected
        pass passed appoint appointed suspend suspended expel expell expeled expelled resign
        resigned commission commissioned announce announced"""
    ),
    "time_reference": _WEEKDAY_WORDS
    | {"week", "month", "year", "summer", "autumn", "winter", "spring", "weekend", "yesterday"},
}
# The two letters that match an ASCII letter case-insensitively but casefold to something else
# (dotted capital I, dotless i): a sentence holding one runs every pattern.
_CASE_EXCEPTIONS_RE = re.compile("[\u0130\u0131]")


def _candidate_features(sample: str) -> list[str]:
    """The features whose patterns may match `sample`: all of them but those the cheap tests
    rule out."""
    if _CASE_EXCEPTIONS_RE.search(sample):
        return list(_FEATURES)
    tokens = frozenset(word.casefold() for word in _TOKEN_RE.findall(sample))
    has_digit = _DIGIT_RE.search(sample) is not None
    out = []
    for name in _FEATURES:
        triggers = _FEATURE_WORDS.get(name)
        if name in _DIGIT_FEATURES:
            possible = has_digit or (triggers is not None and not triggers.isdisjoint(tokens))
        else:
            possible = triggers is None or not triggers.isdisjoint(tokens)
        if possible:
            out.append(name)
    return out


_DAY_OF_MONTH_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z]")


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    score: float
    features: tuple[str, ...]


@lru_cache(maxsize=4096)
def score_sentence(text: str) -> Checkworthiness:
    """Check-worthiness of one sentence, in [0, 1), with the features that scored."""
    if not text or not text.strip():
        return Checkworthiness(0.0, ())
    sample = text[:2000]  # features are local; a huge "sentence" is scored on its start
    features = [name for name in _candidate_features(sample) if _FEATURES[name].search(sample)]
    if "number" in features and _only_years(sample):
        features.remove("number")
    raw = sum(FEATURE_WEIGHTS[name] for name in features)
    if raw <= 0:
        return Checkworthiness(0.0, ())
    penalties = []
    if _OPINION_RE.search(sample):
        penalties.append("opinion")
    if sample.rstrip(" ”\"’'").endswith("?"):
        penalties.append("question")
    if _CALL_TO_ACTION_RE.match(sample.lstrip(" “\"‘'")):
        penalties.append("call_to_action")
    if len(sample.split()) < 5:
        penalties.append("short")
    raw -= sum(_PENALTIES[name] for name in penalties)
    if raw <= 0:
        return Checkworthiness(0.0, tuple(features))
    return Checkworthiness(round(raw / (raw + SCORE_HALF_POINT), 3), tuple(features))


def _only_years(text: str) -> bool:
    """Numbers that are all years or day-of-month don't count twice as quantities."""
    numbers = _FEATURES["number"].findall(text)
    years = set(_FEATURES["year"].findall(text))
    days = {m.group(1) for m in _DAY_OF_MONTH_RE.finditer(text)}
    return all(n in years or n in days for n in numbers)


def checkworthy_sentences(
    spans: Sequence[Span], *, threshold: float = CHECKWORTHY_THRESHOLD
) -> list[tuple[Span, Checkworthiness]]:
    """The sentences scoring at least `threshold`, with their scores."""
    out = []
    for span in spans:
        result = score_sentence(span.text)
        if result.score >= threshold:
            out.append((span, result))
    return out
