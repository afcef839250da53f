"""Cited passages shown inside their source text, as safe HTML with <mark>.

Plain functions over a body and character offsets, so the claim form, the source form and tests
share them. Everything from the body is escaped; only the markup added here is trusted.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) and whitespace,
# or at a blank line. Good enough to frame a quote; not a general sentence splitter.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n\s*\n")
CONTEXT_SENTENCES = 2
# However long the sentences, an excerpt never shows more than this much either side.
CONTEXT_MAX_CHARS = 400


@dataclass(frozen=True)
class Passage:
    """A highlighted span of a body, optionally linked (e.g. to the claim citing it)."""

    start: int
    end: int
    href: str = ""
    title: str = ""


def _mark(text: str, passages: Sequence[Passage]) -> str:
    first = passages[0]
    inner = format_html('<a href="{}">{}</a>', first.href, text) if first.href else escape(text)
    css = "fb-cite fb-overlap" if len(passages) > 1 else "fb-cite"
    title = "; ".join(p.title for p in passages if p.title)
    return format_html('<mark class="{}" title="{}">{}</mark>', css, title, inner)


def highlight(body: str, passages: Sequence[Passage]) -> SafeString:
    """The whole body with every passage marked; overlapping passages share one <mark>.

    Passages outside the body are ignored (an unanchored citation is reported elsewhere,
    never drawn in the wrong place).
    """
    valid = [p for p in passages if 0 <= p.start < p.end <= len(body)]
    cuts = sorted({0, len(body), *(p.start for p in valid), *(p.end for p in valid)})
    parts = []
    for a, b in pairwise(cuts):
        covering = [p for p in valid if p.start <= a and b <= p.end]
        parts.append(_mark(body[a:b], covering) if covering else escape(body[a:b]))
    return mark_safe("".join(parts))  # every part is escaped above


def context_bounds(
    body: str,
    start: int,
    end: int,
    *,
    sentences: int = CONTEXT_SENTENCES,
    max_chars: int = CONTEXT_MAX_CHARS,
) -> tuple[int, int]:
    """Offsets of the passage widened by `sentences` whole sentences either side (capped)."""
    window_start = max(0, start - max_chars)
    before = [m.end() for m in _SENTENCE_END.finditer(body, window_start, start)]
    # The last boundary before the quote begins the quote's own sentence.
    begin = before[-(sentences + 1)] if len(before) > sentences else window_start
    window_end = min(len(body), end + max_chars)
    # From the quote's last character, so a quote ending its sentence ("… a decade.") counts
    # that sentence end as its own, not as one of the sentences after it.
    after = [m.end() for m in _SENTENCE_END.finditer(body, max(start, end - 1), window_end)]
    finish = after[sentences] if len(after) > sentences else window_end
    return begin, finish


def excerpt(body: str, start: int, end: int, *, href: str = "", title: str = "") -> SafeString:
    """The passage marked inside a few sentences of its surrounding text, with ellipses."""
    if not 0 <= start < end <= len(body):
        return mark_safe("")
    begin, finish = context_bounds(body, start, end)
    text = body[begin:finish]
    lead = len(text) - len(text.lstrip())
    marked = highlight(
        text.strip(), [Passage(start - begin - lead, end - begin - lead, href=href, title=title)]
    )
    return format_html(
        "{}{}{}", "… " if begin > 0 else "", marked, " …" if finish < len(body) else ""
    )
