"""Finding a pasted quote in a source body when its typography differs from the source.

A journalist pastes text from an email, a PDF or their notes: straight quotes where the source
has curly ones, a hyphen for an en dash, a line break for a space. The stored quote must equal
the body slice exactly, so the match is found leniently and the body's own text is used.
"""

import re

from claims.anchoring import occurrences

# Characters a journalist may type for one another; each set matches any of its members.
_EQUIVALENT = ['"“”„‟«»″', "'‘’‚‛`′", "-‐‑‒–—―"]


def _pattern(quote: str) -> re.Pattern[str]:
    parts: list[str] = []
    for char in quote.strip():
        if char.isspace():
            if parts[-1:] != [r"\s+"]:
                parts.append(r"\s+")
            continue
        group = next((chars for chars in _EQUIVALENT if char in chars), None)
        parts.append(f"[{re.escape(group)}]" if group else re.escape(char))
    return re.compile("".join(parts))


def find_quote(body: str, quote: str) -> list[tuple[int, int]]:
    """(start, end) of each place `quote` occurs: exactly if it does, otherwise leniently.

    Leniently means ignoring the difference between straight and curly quotes, between
    hyphens and dashes, and in the amount and kind of whitespace.
    """
    if not quote.strip():
        return []
    exact = occurrences(body, quote)
    if exact:
        return [(start, start + len(quote)) for start in exact]
    return [match.span() for match in _pattern(quote).finditer(body)]
