"""Anchoring a quoted passage in a source body by character offsets.

Offsets are Python string indices (Unicode code points), the same unit PostgreSQL's substr()
uses for text, so `body[start:end] == quote` holds on both sides.
"""

from dataclasses import dataclass

CONTEXT_CHARS = 32
_SHOWN_CHARS = 20


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


def context_around(body: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage, kept to re-anchor it if the body changes."""
    return body[max(0, start - CONTEXT_CHARS) : start], body[end : end + CONTEXT_CHARS]


def occurrences(body: str, quote: str) -> list[int]:
    """Every start offset at which `quote` occurs in `body` (overlapping ones included)."""
    found, index = [], body.find(quote)
    while quote and index != -1:
        found.append(index)
        index = body.find(quote, index + 1)
    return found


def anchor_error(body: str, start: int, end: int, quote: str) -> str | None:
    """Why `quote` does not anchor at body[start:end], or None when it does.

    The message says where the texts first differ, so a journalist can see the typo, the
    different quote mark or the shifted offset.
    """
    if not 0 <= start < end:
        return f"Offsets must satisfy 0 <= start < end (got start={start}, end={end})."
    if end > len(body):
        return f"End offset {end} is past the end of the source text ({len(body)} characters)."
    passage = body[start:end]
    if passage == quote:
        return None
    at = next(
        (i for i, (a, b) in enumerate(zip(passage, quote, strict=False)) if a != b),
        min(len(passage), len(quote)),
    )
    message = (
        f"The quote differs from the source text at offset {start + at}: "
        f"the source has {_excerpt(passage, at)!r}, the quote has {_excerpt(quote, at)!r}."
    )
    elsewhere = occurrences(body, quote)
    if len(elsewhere) == 1:
        message += f" The quote appears at offsets {elsewhere[0]}–{elsewhere[0] + len(quote)}."
    elif elsewhere:
        message += f" The quote appears {len(elsewhere)} times in the source."
    return message


def locate(body: str, quote: str) -> Anchor:
    """Find the one place `quote` occurs in `body`; ValueError says why it cannot be anchored."""
    if not quote.strip():
        raise ValueError("The quote is empty.")
    found = occurrences(body, quote)
    if not found:
        raise ValueError(
            "The quote does not occur in the source text (check quote marks and spacing)."
        )
    if len(found) > 1:
        raise ValueError(
            f"The quote occurs {len(found)} times in the source (at offsets "
            f"{', '.join(map(str, found[:5]))}); give the start offset or a longer quote."
        )
    return anchor_at(body, found[0], found[0] + len(quote))


def anchor_at(body: str, start: int, end: int) -> Anchor:
    prefix, suffix = context_around(body, start, end)
    return Anchor(start=start, end=end, prefix=prefix, suffix=suffix)


def _excerpt(text: str, at: int) -> str:
    return text[at : at + _SHOWN_CHARS] or "(end of text)"
