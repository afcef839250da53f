"""Sentence spans with exact offsets, using pysbd.

pysbd 0.3.4 with `char_span=True` finds each sentence by searching its text back in the input
(`re.finditer(re.escape(sent) + r"\\s*")`), so a span is only right when pysbd returned the text
unchanged. It can drop characters it does not handle (seen with control characters and some
non-Latin scripts), and the search is quadratic in the number of sentences (20,000 short sentences
took over a minute). So this wrapper:

- splits the text into lines first and feeds pysbd one line at a time, in windows of at most
  `MAX_PYSBD_CHARS` cut at a space;
- keeps only pysbd's *end* offsets that it can verify (text[start:end] == sentence, in order) as
  boundaries, and builds the spans itself between them, so every character of a line belongs to
  exactly one sentence and `text[span.start:span.end] == span.text` always holds;
- falls back to a simple regex boundary finder if pysbd raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pysbd

__all__ = ["MAX_PYSBD_CHARS", "Span", "sentence_at", "split_sentences"]

MAX_PYSBD_CHARS = 2000
_FALLBACK_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: text == source[start:end], trimmed of surrounding whitespace."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    """Sentences of `text`, in order, never overlapping, each anchored exactly."""
    spans: list[Span] = []
    for line_start, line_end in _lines(text):
        for start, end in _windows(text, line_start, line_end):
            bounds = _boundaries(text[start:end])
            previous = 0
            for boundary in [*bounds, end - start]:
                span = _trimmed(text, start + previous, start + boundary)
                if span:
                    spans.append(span)
                previous = boundary
    return spans


def sentence_at(spans: Sequence[Span], position: int) -> Span | None:
    """The sentence containing `position` (or the last one starting before it)."""
    index = bisect.bisect_right([span.start for span in spans], position) - 1
    return spans[index] if index >= 0 else None


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a long line into windows of at most MAX_PYSBD_CHARS, preferring a sentence end or a
    space near the limit, so pysbd's quadratic span search stays bounded."""
    out = []
    while end - start > MAX_PYSBD_CHARS:
        limit = start + MAX_PYSBD_CHARS
        half = start + MAX_PYSBD_CHARS // 2
        cut = text.rfind(". ", half, limit) + 2
        if cut < half:
            cut = text.rfind(" ", half, limit) + 1
        if cut <= half:
            cut = limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _boundaries(chunk: str) -> list[int]:
    """End offsets (exclusive, relative to chunk) of pysbd sentences that anchor exactly."""
    if not chunk.strip():
        return []
    try:
        segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
        found = segmenter.segment(chunk)
    except Exception:  # pysbd is regex-heavy; any failure falls back to a plain splitter
        return [m.end() for m in _FALLBACK_END_RE.finditer(chunk)]
    bounds: list[int] = []
    cursor = 0
    for item in found:
        start, end = getattr(item, "start", -1), getattr(item, "end", -1)
        if start >= cursor and end > start and chunk[start:end] == item.sent:
            bounds.append(end)
            cursor = end
    return [b for b in bounds if b < len(chunk)]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    left = len(piece) - len(piece.lstrip())
    s = start + left
    return Span(s, s + len(stripped), stripped)
