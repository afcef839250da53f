"""Direct quotations: where they are, with exact offsets.

Quote marks are read left to right with a stack, one paragraph (line) at a time. Curly marks say
which way they face; a straight double quote faces by context (after a space or an opening bracket
it opens, after a word or punctuation it closes); a closing single mark between two letters is an
apostrophe. Single quotes never run past their paragraph.

Continued quotations follow the print conventions:
- a double quote still open at the end of its paragraph continues when the next paragraph opens
  with a quote mark; or, when it opened its paragraph, until a later paragraph ends with a closing
  mark (a statement printed as one quote over several paragraphs); otherwise it ends with its
  paragraph;
- an opening double mark right after a sentence end, while a double quote is open, reopens that
  quote rather than nesting a new one: copy that runs paragraphs together keeps each paragraph's
  reopening mark and never closes the one before (`said: "A. "B." Narration`);
- a double quote still open at the end of its paragraph (and not continued), with another double
  mark opened inside it after a sentence end, ends at the first such sentence end: the page left
  it open and went on to narration (`were "only 10% of it. Dr Rowe said after "upheaval".`).
Stray closing marks are ignored. Every quote keeps one part per paragraph (or reopening), and
`body[part.start:part.end] == part.text` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .sentences import sentence_ends

__all__ = ["Quote", "QuotePart", "find_quotes", "paragraphs"]

_OPEN_D, _CLOSE_D, _OPEN_S, _CLOSE_S = "open_d", "close_d", "open_s", "close_s"
_MARKS = "“”\"‘’'"
_MARK_RE = re.compile(r"[“”\"‘’']")
# How far a multi-paragraph quote that opened its paragraph may run looking for its end.
MAX_QUOTE_PARAGRAPHS = 30


@dataclass(frozen=True, slots=True)
class QuotePart:
    """One paragraph's share of a quote: body[start:end] == text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation. `start`/`end` span its words inside the outer marks (trimmed); `open_at` and
    `close_at` are the marks' offsets (close_at == -1 when the page never closed it)."""

    start: int
    end: int
    text: str
    open_at: int
    close_at: int
    depth: int
    parts: tuple[QuotePart, ...]


# -- finding --------------------------------------------------------------------------------


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _classify(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "“":
        # `here,“ said Lee`: an opening mark typed where the closing one belongs, after the
        # quote's last character and before a space, closes the quote.
        if (prev.isalnum() or prev in ",.!?") and (nxt.isspace() or i + 1 == len(text)):
            return _CLOSE_D
        return _OPEN_D
    if ch == "”":
        return _CLOSE_D
    if ch == "‘":
        return None if nxt.isdigit() and not prev.isalnum() else _OPEN_S
    if ch in "’'":
        if prev.isalnum() and nxt.isalnum():
            return None  # apostrophe: don't, Party’s
        if ch == "'" and (prev.isspace() or prev in '([{—–-“"') and nxt.isalpha():
            return _OPEN_S
        return _CLOSE_S if not prev.isspace() else None
    # Straight double quote: faces by context.
    opens = prev.isspace() or prev in "([{—–-/“‘" or i == 0
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if opens and not nxt.isspace():
        return _OPEN_D
    if closes:
        return _CLOSE_D
    return "straight"


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, outer and nested, in order of their opening mark."""
    lines = paragraphs(text)
    quotes: list[Quote] = []
    stack: list[dict] = []
    index = 0
    while index < len(lines):
        p_start, p_end = lines[index]
        for match in _MARK_RE.finditer(text, p_start, p_end):
            i = match.start()
            kind = _classify(text, i)
            if kind is None:
                continue
            if kind == "straight":
                kind = _CLOSE_D if any(q["kind"] == "d" for q in stack) else _OPEN_D
            if kind == _OPEN_D:
                if (
                    stack
                    and stack[-1].get("continued_at") == index
                    and text[p_start:i].strip() == ""
                ):
                    stack[-1]["part_starts"][-1] = i + 1  # the continuation mark
                    continue
                outer = _find_open(stack, "d")
                if outer is not None and _after_sentence_end(text, i):
                    # `said: "A. "B."`: the paragraph mark of a run-together quote.
                    del stack[outer + 1 :]
                    stack[outer]["part_ends"].append(i)
                    stack[outer]["part_starts"].append(i + 1)
                    continue
                if outer is not None and stack[outer]["split_at"] is None:
                    stack[outer]["split_at"] = _narration_start(text, stack[outer], i, quotes)
                stack.append(_new(i, "d", index))
            elif kind == _OPEN_S:
                stack.append(_new(i, "s", index))
            elif kind == _CLOSE_D:
                target = _find_open(stack, "d")
                if target is None:
                    target = _find_open(stack, "s") if text[i] == "”" else None
                if target is not None:
                    _close(text, stack, target, i, quotes)
            elif kind == _CLOSE_S:
                target = _find_open(stack, "s")
                if target is not None:
                    _close(text, stack, target, i, quotes)
        index = _end_paragraph(text, lines, index, stack, quotes)
    for entry in stack:  # the text ended inside a quote: end it with its last paragraph
        _close(text, [entry], 0, -1, quotes, end=entry["part_ends_hint"])
    quotes.sort(key=lambda q: (q.open_at, -q.end))
    return quotes


def _new(at: int, kind: str, paragraph: int) -> dict:
    return {
        "at": at,
        "kind": kind,
        "part_starts": [at + 1],
        "part_ends": [],
        "paragraph": paragraph,
        "continued_at": None,
        "part_ends_hint": None,
        # Where the quote ends if its paragraph ends with it still open (see _narration_start).
        "split_at": None,
        "scanned_to": 0,
    }


def _find_open(stack: list[dict], kind: str) -> int | None:
    for pos in range(len(stack) - 1, -1, -1):
        if stack[pos]["kind"] == kind:
            return pos
    return None


def _close(
    text: str,
    stack: list[dict],
    pos: int,
    close_at: int,
    quotes: list[Quote],
    *,
    end: int | None = None,
) -> None:
    entry = stack[pos]
    del stack[pos:]  # quotes opened inside and never closed are dropped
    ends = [*entry["part_ends"], close_at if close_at >= 0 else end]
    parts = []
    for start, stop in zip(entry["part_starts"], ends, strict=False):
        if stop is None or stop <= start:
            continue
        piece = text[start:stop]
        left = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        if stripped:
            parts.append(QuotePart(start + left, start + left + len(stripped), stripped))
    if not parts:
        return
    depth = len(stack)
    first, last = parts[0], parts[-1]
    quotes.append(
        Quote(
            start=first.start,
            end=last.end,
            text=text[first.start : last.end],
            open_at=entry["at"],
            close_at=close_at,
            depth=depth,
            parts=tuple(parts),
        )
    )


def _end_paragraph(
    text: str, paragraphs: list[tuple[int, int]], index: int, stack: list[dict], quotes: list[Quote]
) -> int:
    """Decide what happens to quotes still open at the end of paragraph `index`."""
    _p_start, p_end = paragraphs[index]
    # Single quotes never cross a paragraph.
    while stack and stack[-1]["kind"] == "s":
        stack.pop()
    if not stack:
        return index + 1
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
    continues = following is not None and text[following[0]] in '“"'
    for pos, entry in enumerate(stack):
        if entry["split_at"] is not None and not continues:
            _close_before_narration(text, stack, pos, quotes)
            break
    if not stack:
        return index + 1
    outer = stack[0]
    del stack[1:]
    if following is not None and text[following[0]] in '“"':
        outer["part_ends"].append(p_end)
        outer["part_starts"].append(following[0])
        outer["continued_at"] = index + 1
        return index + 1
    opened_paragraph = paragraphs[outer["paragraph"]]
    opened_at_start = text[opened_paragraph[0] : outer["at"]].strip() == ""
    if opened_at_start and following is not None and outer["continued_at"] is None:
        closing = _closing_paragraph(text, paragraphs, index + 1)
        if closing is not None:
            outer["part_ends"].append(p_end)
            outer["part_starts"].append(following[0])
            outer["continued_at"] = -1  # runs on without marks until its closing paragraph
            return index + 1
    if outer["continued_at"] == -1 and following is not None:
        outer["part_ends"].append(p_end)
        outer["part_starts"].append(following[0])
        return index + 1
    # A quote the page never closed ends with its paragraph.
    _close(text, stack, 0, -1, quotes, end=p_end)
    return index + 1


def _closing_paragraph(text: str, paragraphs: list[tuple[int, int]], first: int) -> int | None:
    """The first paragraph from `first` on that ends with a closing double mark, provided no
    paragraph before it opens with a quote mark (that would be the other convention)."""
    for index in range(first, min(len(paragraphs), first + MAX_QUOTE_PARAGRAPHS)):
        start, end = paragraphs[index]
        if text[start] in '“"':
            return None
        if _closes_carried_quote(text, start, end):
            return index
    return None


def _closes_carried_quote(text: str, start: int, end: int) -> bool:
    """Does the paragraph text[start:end], read inside a quote carried over from before, end
    with the mark that closes that quote? A final mark that closes a quote opened in the same
    paragraph (`Narration. Lee said "it is done."`) does not."""
    tail = text[start:end].rstrip()
    if not tail.endswith(("”", '"')):
        return False
    depth = 1  # the carried quote
    last = None
    for match in _MARK_RE.finditer(text, start, start + len(tail)):
        if text[match.start()] not in '“”"':
            continue
        kind = _classify(text, match.start())
        if kind == "straight":
            kind = _CLOSE_D if depth else _OPEN_D
        if kind == _OPEN_D:
            depth += 1
        elif kind == _CLOSE_D and depth:
            depth -= 1
        last = (match.start(), depth)
    return last == (start + len(tail) - 1, 0)


def _after_sentence_end(text: str, i: int) -> bool:
    """Does the mark at `i` follow a sentence end ("weeks. |")?"""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and j < i - 1 and text[j] in ".!?…"


def _narration_start(text: str, entry: dict, mark: int, quotes: list[Quote]) -> int | None:
    """Where narration may begin inside `entry`, a double quote still open when another double
    mark opens at `mark`: the first sentence end between them, outside quotes closed in between
    (`were "only 10% of it. Dr Gibbons said after "tremendous change".`). Used only if the quote
    is still open when its paragraph ends and does not continue into the next (a quote closed
    later was real nesting). The first end, not the last: what precedes it is surely quoted, while
    the narration may be longer than one sentence."""
    # Text already scanned without finding an end is not scanned again (linear in the paragraph).
    start = max(entry["part_starts"][-1], entry["scanned_to"])
    entry["scanned_to"] = mark
    inner = [(q.open_at, q.close_at) for q in _closed_since(quotes, start)]
    ends = [
        end
        for end in sentence_ends(text, start, mark)
        if not any(open_at < end <= close_at for open_at, close_at in inner)
    ]
    return ends[0] if ends else None


def _close_before_narration(text: str, stack: list[dict], pos: int, quotes: list[Quote]) -> None:
    """Close the quote at stack[pos] at its narration start. The quotes opened after that point
    were read as nested in it; they stand in the narration, one level up."""
    entry = stack[pos]
    split_at = entry["split_at"]
    kept = sum(1 for start in entry["part_starts"] if start < split_at)
    entry["part_starts"] = entry["part_starts"][:kept]
    entry["part_ends"] = entry["part_ends"][: kept - 1]
    for n in range(len(quotes) - 1, -1, -1):
        quote = quotes[n]
        if quote.end < split_at:
            break
        if quote.open_at > split_at and quote.depth > pos:
            quotes[n] = replace(quote, depth=quote.depth - 1)
    _close(text, stack, pos, -1, quotes, end=split_at)


def _closed_since(quotes: list[Quote], start: int) -> list[Quote]:
    """The quotes closed after `start` (quotes are appended as they close, so from the end)."""
    n = len(quotes)
    while n > 0 and quotes[n - 1].end >= start:
        n -= 1
    return quotes[n:]
