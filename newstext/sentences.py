"""Sentence spans with exact offsets, by a linear rule-based splitter.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quote marks or brackets after it)
followed by white space and a capital letter, a digit or an opening mark; or at the end of a line
(a paragraph never runs into the next). A full stop does not end a sentence after an abbreviated
title or word ("Sen.", "Mr.", "Jan.", "approx."), a single initial ("John F. Kennedy") or a
dotted acronym ("U.S.", "a.m."). Every character of a line belongs to exactly one sentence and
`text[span.start:span.end] == span.text` always holds.

pysbd, used before, was replaced: it searched each sentence back in its input (quadratic) and
compiled hundreds of regular expressions per call, which made it the slowest step of the whole
pipeline (about 10 ms per paragraph); this splitter is one regular-expression scan per line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import lexicon

__all__ = ["Span", "sentence_at", "sentence_ends", "split_sentences"]

_END_RE = re.compile(r"(?:[.!?…]+|(?<=[.!?])[\"'”’)\]]+)[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# Words whose full stop is an abbreviation's: titles, months, common short forms.
# A month's full name ends a sentence like any word ("... in October. “It has to.”"); only its
# short form ("Oct.") is an abbreviation.
_ABBREVIATED_MONTHS = frozenset(m for m in lexicon.MONTHS if len(m) <= 4) - {"may", "june", "july"}
_ABBREVIATIONS = (
    lexicon.ABBREVIATED_TITLES
    | _ABBREVIATED_MONTHS
    | lexicon.words(
        """
        no nos vol vols fig figs approx est inc ltd co corp dept univ assn bros vs etc al cf
        ave blvd rd mt ft jr sr st op ed eds p pp para
        """
    )
    # Titles written before names that the speaker lists do not need as roles: plurals
    # ("Sens. Ted Cruz and Marco Rubio"), clergy, ranks and offices.
    | lexicon.words("sens reps govs gens messrs msgr fr brig ret pfc spc ald treas secy")
)
_WORD_BEFORE_RE = re.compile(r"([\w.'’-]+)$")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: text == source[start:end], trimmed of surrounding whitespace."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    """Sentences of `text`, in order, never overlapping, each anchored exactly."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        line_end = pos + len(line)
        previous = line_start
        for match in _END_RE.finditer(text, line_start, line_end):
            if _is_abbreviation(text, line_start, match.start(), match.group(0)):
                continue
            span = _trimmed(text, previous, match.end())
            if span:
                spans.append(span)
            previous = match.end()
        span = _trimmed(text, previous, line_end)
        if span:
            spans.append(span)
        pos = line_end + 1
    return spans


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just past each sentence end inside `text[start:end]` (one line), by the same rule
    as `split_sentences`: followed by white space and a capital, digit or opening mark."""
    line_start = text.rfind("\n", 0, start) + 1
    return [
        match.end()
        for match in _END_RE.finditer(text, start, end)
        if not _is_abbreviation(text, line_start, match.start(), match.group(0))
    ]


def sentence_at(spans: Sequence[Span], position: int) -> Span | None:
    """The sentence containing `position` (or the last one starting before it)."""
    index = bisect.bisect_right(spans, position, key=lambda span: span.start) - 1
    return spans[index] if index >= 0 else None


def _is_abbreviation(text: str, line_start: int, at: int, mark: str) -> bool:
    if not mark.startswith("."):
        return False
    before = _WORD_BEFORE_RE.search(text, max(line_start, at - 40), at)
    if before is None:
        return False
    word = before.group(1)
    folded = word.casefold().strip("'’")
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word.strip("."):
        return True  # "U.S.", "a.m.", "Ph.D"
    return folded in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = len(piece) - len(piece.lstrip())
    s = start + left
    return Span(s, s + len(stripped), stripped)
