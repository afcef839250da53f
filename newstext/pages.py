"""Split a raw scraped page into items: one per post of a listing page, one for an article page.

A page is a *listing* when its separator lines ("Read more Share", "2 reactions Share",
"Continue reading →", "---") or post datelines ("Posted on 12 March 2019") cut it into at least two
post-shaped segments (a headline followed by body text). Otherwise it is an *article*: a single
item whose headline is the line the page prints twice (<title> and <h1>) or else the first
headline-like line, and whose body is every content line after the headline.

Header lines are not body: a masthead (the site's name as the first line, above the headline:
"Riverside Tenants Union" over "Press release: 3 March 2021"), kind labels ("Press release:
3 March 2021", "Statement | 12 June 2019") above or below the headline, menus, bylines and date
lines. A kind label that stands alone over a post's first paragraph is that post's headline.

Each item keeps its origin: its index among the page's items and the character span of the raw
page it came from (raw[start:end] runs from the headline to the last body line). Bodies are
rebuilt from the kept lines, joined by a single newline where the page had a single line break
and a blank line otherwise, so that paragraphs survive for quote and sentence detection.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .furniture import Line, LineKind, is_heading_like, is_name_like, mark_blocks, split_lines

__all__ = ["ItemOrigin", "PageItem", "SkippedSegment", "SplitPage", "split_page"]

Layout = Literal["listing", "article"]

# C0 controls other than tab (and DEL) are removed from bodies: PostgreSQL text cannot hold NUL,
# and the others are scraping debris.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Fallback title: the first sentence of a post that has no headline, cut at a word boundary.
_FALLBACK_TITLE_CHARS = 120
# An article headline searched for among the first lines only: later lines are body.
_HEAD_LINES = 15
# A headline is at most this many words; a longer line is running text.
_TITLE_MAX_WORDS = 25
# Furniture that, printed right under a name-like first line, marks that line as the site's
# masthead: a kind label ("Press release: 3 March 2021") or a menu ("Home | News | About").
_MASTHEAD_MARKERS = frozenset({LineKind.LABEL, LineKind.NAVIGATION})
# Furniture that may stand between a masthead and the headline.
_MASTHEAD_GAP = frozenset(
    {LineKind.BLANK, LineKind.LABEL, LineKind.NAVIGATION, LineKind.DATE, LineKind.KICKER}
)
# Last words that make a name-like first line an organisation's or outlet's name on their own.
_NAME_HEADS = frozenset(
    [
        "union",
        "council",
        "party",
        "movement",
        "association",
        "society",
        "trust",
        "federation",
        "foundation",
        "institute",
        "campaign",
        "group",
        "alliance",
        "network",
        "coalition",
        "league",
        "committee",
        "commission",
        "charity",
        "fund",
        "forum",
        "centre",
        "center",
        "club",
        "news",
        "times",
        "post",
        "herald",
        "chronicle",
        "gazette",
        "journal",
        "guardian",
        "telegraph",
        "mail",
        "express",
        "mirror",
        "observer",
        "standard",
        "tribune",
        "review",
        "bulletin",
        "echo",
        "courier",
        "argus",
        "advertiser",
        "magazine",
        "daily",
        "weekly",
    ]
)
# Header lines an item's own metadata is read from (the others are banner or site furniture).
_HEADER_KINDS = frozenset(
    {LineKind.BYLINE, LineKind.POSTED, LineKind.DATE, LineKind.KICKER, LineKind.LABEL}
)


@dataclass(frozen=True, slots=True)
class ItemOrigin:
    """Where an item came from: its index among the page's items and raw[start:end]."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PageItem:
    """One item of a page, before metadata: headline, body, header lines and origin."""

    title: str
    body: str
    origin: ItemOrigin
    layout: Layout
    # Byline, dateline ("Posted on ..."), date and kicker lines found in the item's header.
    header: tuple[tuple[LineKind, str], ...] = ()
    # Lines before the headline (an article's banner area): never a publication date.
    preamble: tuple[tuple[LineKind, str], ...] = ()
    # The site's name printed above the headline ("Riverside Tenants Union"), if any.
    masthead: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedSegment:
    """A post that could not become an item (kept so the importer can report it)."""

    start: int
    end: int
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class SplitPage:
    layout: Layout
    items: tuple[PageItem, ...]
    skipped: tuple[SkippedSegment, ...]
    lines: tuple[Line, ...]
    # The site's name printed at the top of the page, if any (see `_masthead_index`).
    masthead: str | None = None


def split_page(raw: str) -> SplitPage:
    """Split `raw` into items. Never raises on str input; raises TypeError for non-str."""
    if not isinstance(raw, str):
        raise TypeError(f"raw page must be str, not {type(raw).__name__}")
    lines = split_lines(raw)
    segments = _listing_segments(lines)
    layout: Layout = "listing" if segments is not None else "article"
    marked = mark_blocks(lines, article=layout == "article")
    if segments is None:
        segments = [(0, len(marked))]
    items: list[PageItem] = []
    skipped: list[SkippedSegment] = []
    for number, (lo, hi) in enumerate(segments):
        result = _build_item(marked[lo:hi], layout=layout, index=len(items), first=number == 0)
        if isinstance(result, PageItem):
            items.append(result)
        elif result is not None:
            skipped.append(result)
    masthead = items[0].masthead if items else None
    return SplitPage(layout, tuple(items), tuple(skipped), tuple(marked), masthead)


def _listing_segments(lines: Sequence[Line]) -> list[tuple[int, int]] | None:
    """Cut at separators (and before the headline of each extra "Posted on" post); return the
    segments when at least two look like posts, else None (an article)."""
    cuts: list[tuple[int, int]] = []
    lo = 0
    for i, line in enumerate(lines):
        if line.kind is LineKind.SEPARATOR:
            cuts.append((lo, i))
            lo = i + 1
    cuts.append((lo, len(lines)))
    segments: list[tuple[int, int]] = []
    for lo, hi in cuts:
        segments.extend(_split_on_datelines(lines, lo, hi))
    posts = sum(1 for lo, hi in segments if _is_post_shaped(lines[lo:hi]))
    return segments if posts >= 2 else None


def _split_on_datelines(lines: Sequence[Line], lo: int, hi: int) -> list[tuple[int, int]]:
    """A listing without end markers ("Title / Posted on DATE / text") splits before the headline
    that precedes each dateline after the first."""
    starts = [lo]
    seen = 0
    for i in range(lo, hi):
        if lines[i].kind is not LineKind.POSTED:
            continue
        seen += 1
        if seen == 1:
            continue
        j = i - 1
        while j > starts[-1] and lines[j].kind is LineKind.BLANK:
            j -= 1
        if j > starts[-1] and lines[j].kind is LineKind.CONTENT:
            starts.append(j)
    bounds = [*starts, hi]
    return list(itertools.pairwise(bounds))


def _is_post_shaped(segment: Sequence[Line]) -> bool:
    content = [line for line in segment if line.kind is LineKind.CONTENT]
    return len(content) >= 2 and is_heading_like(content[0].text)


def _build_item(
    segment: Sequence[Line], *, layout: Layout, index: int, first: bool = False
) -> PageItem | SkippedSegment | None:
    content = [i for i, line in enumerate(segment) if line.kind is LineKind.CONTENT]
    if not content:
        return None
    masthead_at = _masthead_index(segment, content) if first else None
    if masthead_at is not None:
        content = [i for i in content if i != masthead_at]
    if content and not is_heading_like(segment[content[0]].text):
        # No headline above the text: a kind label is the item's headline ("Press Release: 17th
        # July 2018" over a post's first paragraph).
        label = next(
            (
                k
                for k in range(content[0] - 1, -1, -1)
                if segment[k].kind is LineKind.LABEL and k != masthead_at
            ),
            None,
        )
        if label is not None:
            content = [label, *content]
    title_at, title_is_headline = _title_index(segment, content, layout=layout)
    title_line = segment[title_at]
    title = _clean(title_line.text) if title_is_headline else _fallback_title(title_line.text)
    # The headline printed again under the site's chrome (<title>, then <h1>): what stands between
    # the copies is chrome, and the body starts after the last copy.
    body_from = title_at
    for i in content[:_HEAD_LINES]:
        if i > title_at and segment[i].text == title_line.text:
            body_from = i
    body_lines = [
        segment[i]
        for i in content
        # Prose above the headline is the story's lead (a page that prints the headline after
        # its first paragraph); short lines there are the site's chrome.
        if (i < title_at and _is_prose(segment[i].text))
        or (i > body_from and segment[i].text != title_line.text)
        or (i == title_at and not title_is_headline)
    ]
    header = tuple(
        (line.kind, _clean(line.text)) for line in _header_lines(segment, title_at, masthead_at)
    )
    preamble = tuple(
        (line.kind, _clean(line.text))
        for line in segment[:title_at]
        if line.kind is not LineKind.BLANK
    )
    body = _join(body_lines)
    start = title_line.start
    end = max(title_line.end, body_lines[-1].end if body_lines else title_line.end)
    if not body.strip():
        return SkippedSegment(start, end, title, "post has a headline but no body text")
    origin = ItemOrigin(index, start, end)
    masthead = _clean(segment[masthead_at].text) if masthead_at is not None else None
    return PageItem(title, body, origin, layout, header, preamble, masthead)


def _masthead_index(segment: Sequence[Line], content: list[int]) -> int | None:
    """The site's name printed as the first line, above the headline: a short name-like line
    ("Riverside Tenants Union") followed, across nothing but banner furniture, by a headline, and
    either marked by the furniture under it (a kind label, a menu) or confirmed by the page
    (it names the organisation again, or the name ends in an organisation or outlet word such as
    "Union" or "Gazette"). A first line that is itself the headline stays the headline: it is
    followed by body text, or is the longer line, or is not name-like."""
    if len(content) < 2:
        return None
    first, headline = content[0], content[1]
    name = segment[first].text
    if not is_name_like(name):
        return None
    text = segment[headline].text
    words = len(text.split())
    if not is_heading_like(text) or words < 3 or words <= len(name.split()):
        return None
    between = {segment[k].kind for k in range(first + 1, headline)}
    if not between <= _MASTHEAD_GAP:
        return None
    # Furniture under the line marks it as the site's name only when it opens the page: a menu
    # entry further down ("Personalise Your Politics") is name-shaped too.
    opens_page = all(line.kind is LineKind.BLANK for line in segment[:first])
    if opens_page and between & _MASTHEAD_MARKERS:
        return first
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    later = "\n".join(segment[i].text for i in content[1:])
    if re.search(rf"\b{re.escape(bare)}\b", later, re.I):
        return first
    if name.split()[-1].casefold() in _NAME_HEADS:
        return first
    return None


def _header_lines(segment: Sequence[Line], title_at: int, masthead_at: int | None) -> list[Line]:
    """The item's own header lines, in page order:

    - a kind label that is the headline itself, or printed right above it ("Press release:
      3 March 2021"): it belongs to the item, unlike a banner date. Only blank lines, other
      labels, kickers and the masthead may stand between such a label and the headline;
    - bylines, datelines, date lines and kickers anywhere after the headline, and kind labels
      after the headline but before the body starts (a label line inside the body is furniture,
      not this item's kind).
    """
    above: list[Line] = []
    if segment[title_at].kind is LineKind.LABEL:
        above.append(segment[title_at])
    for k in range(title_at - 1, -1, -1):
        line = segment[k]
        if line.kind is LineKind.LABEL:
            above.append(line)
        elif line.kind not in (LineKind.BLANK, LineKind.KICKER) and k != masthead_at:
            break
    above.reverse()
    title = segment[title_at].text
    body_started = False
    below: list[Line] = []
    for line in segment[title_at + 1 :]:
        if line.kind is LineKind.CONTENT and line.text != title:
            body_started = True
        if line.kind in _HEADER_KINDS and not (body_started and line.kind is LineKind.LABEL):
            below.append(line)
    return above + below


def _title_index(
    segment: Sequence[Line], content: list[int], *, layout: Layout
) -> tuple[int, bool]:
    """The headline's line, and whether it is a headline (False: the item has none, and its first
    sentence stands in for it)."""
    if layout == "listing":
        # "Title / Posted on DATE": the headline is the line right above the post's dateline, so a
        # page heading ("Latest news") above the first post is not taken for it.
        posted = next((i for i, line in enumerate(segment) if line.kind is LineKind.POSTED), None)
        if posted is not None:
            above = [i for i in content if i < posted]
            if above and is_heading_like(segment[above[-1]].text):
                return above[-1], True
        return content[0], is_heading_like(segment[content[0]].text)
    head = content[:_HEAD_LINES]
    # The headline is usually printed twice (<title> and <h1>): prefer a repeated headline. An
    # echo right above it is already marked as a duplicate, so duplicates are counted too.
    texts = [line.text for line in segment if line.kind in (LineKind.CONTENT, LineKind.DUPLICATE)]
    for i in head:
        text = segment[i].text
        if is_heading_like(text) and len(text.split()) >= 3 and texts.count(text) >= 2:
            return i, True
    # Else the first headline-like line above the story's first sentence. A plain-text article's
    # first line is its headline whatever it ends with ("Voters skeptical as Clinton vows
    # change.") when it is short and the story follows.
    for i in head:
        text = segment[i].text
        if _is_prose(text):
            break
        words = len(text.split())
        plain_title = i == content[0] and len(content) > 1 and words <= _TITLE_MAX_WORDS
        if words >= 3 and (plain_title or is_heading_like(text)) and len(text) <= 200:
            return i, True
    return content[0], is_heading_like(segment[content[0]].text)


def _is_prose(text: str) -> bool:
    """A line of running text rather than a label: a sentence of several words, or a long line."""
    words = len(text.split())
    return words > _TITLE_MAX_WORDS or (words >= 8 and not is_heading_like(text))


def _fallback_title(text: str) -> str:
    text = _clean(text)
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    first = match.group(1) if match else text
    if len(first) <= _FALLBACK_TITLE_CHARS:
        return first
    cut = first[:_FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text).strip()


def _join(lines: Sequence[Line]) -> str:
    parts: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = _clean(line.text)
        if not text:
            continue
        if previous is not None:
            parts.append("\n" if line.index == previous.index + 1 else "\n\n")
        parts.append(text)
        previous = line
    return "".join(parts)
