"""Item metadata from page text: publisher, kind, published date, authors and signatory.

Rules, in the order they apply:

- Publisher, from the page's own chrome only: (1) the site naming itself in its furniture
  ("Support your Riverside Gazette", "Thank you for helping to make Riverside Gazette ...",
  "© 2024 Example Media"); (2) a wire-service dateline ("LONDON, May 3 (Reuters) -"); (3) a
  listing page whose post titles keep naming one organisation by its acronym ("JLM writes to
  ...", "JLM letter to ...") is that organisation's own site, named by the full name the page
  spells out for the acronym; (4) the page's masthead, a name-like first line above the headline
  ("Riverside Tenants Union" over "Press release: 3 March 2021"; see `pages._masthead_index`).
  Otherwise None. Never from the story's text: "told X", "seen by X" or "X understands" name
  whoever the story was given to or quotes, often another outlet than the one publishing it.
- Kind: a kind label line in the item's header ("Press release: 3 March 2021", "Statement |
  12 June 2019", "PRESS RELEASE", above or below the headline) on any page; else a label in the
  title or the post's first line ("Press Release: ...", "JLM Statement", "... Speech ...",
  "... interview with ...", "JLM letter to ...", "Annual Report") on a listing post; on an article
  page only a leading label counts ("Statement: ..."), so a news story about a letter stays an
  article. Listing posts without a label are "web_page", article pages "article".
- Published date: only a date the page states for this item: its dateline ("Posted on ..."), its
  byline ("By Jane Smith | 3 May 2016"), its kind label ("Press release: 3 March 2021", also when
  printed right above the headline), a date line right under its headline, or a full date in the
  headline ("Press Release: 17th July 2018"). A wire dateline ("LONDON, May 3 (Reuters) -")
  counts when another header line gives the year. Bare dates above the headline (the site's
  "today" banner) and dates in the body are never used; without a stated date the result is None.
  dateparser parses candidates that our own regex found (day, month and year all present), with
  relative parsing switched off, so "today" or "3 days ago" never become dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import dateparser

from .furniture import Line, LineKind
from .names import ORGANISATION, expand_acronym

__all__ = [
    "ARTICLE",
    "INTERVIEW",
    "KINDS",
    "LETTER",
    "OTHER",
    "PRESS_RELEASE",
    "REPORT",
    "SPEECH",
    "STATEMENT",
    "WEB_PAGE",
    "ItemMetadata",
    "Publisher",
    "authors_from_header",
    "detect_kind",
    "detect_publisher",
    "find_dates",
    "parse_date",
    "published_date",
    "signatory",
    "title_person",
]

# The kinds of item: what a stored source's kind is (`sources.SourceKind` labels these values).
ARTICLE = "article"
PRESS_RELEASE = "press_release"
STATEMENT = "statement"
SPEECH = "speech"
LETTER = "letter"
INTERVIEW = "interview"
REPORT = "report"
WEB_PAGE = "web_page"
OTHER = "other"
KINDS = (ARTICLE, PRESS_RELEASE, STATEMENT, SPEECH, LETTER, INTERVIEW, REPORT, WEB_PAGE, OTHER)

# dateparser: English only, absolute dates only (no "today"/"yesterday"/"2 days ago"), and all of
# day, month and year required. British sites write 03/05/2016 for 3 May.
_DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["absolute-time"],
    "DATE_ORDER": "DMY",
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"
_DATE_RE = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}|"
    rf"{_YEAR}-[01]\d-[0-3]\d|[0-3]?\d/[01]?\d/{_YEAR})\b",
    re.IGNORECASE,
)
_WIRE_DATELINE_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'’-]{{1,40}}),\s+(?P<date>{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})"
    r"(?:,?\s+(?P<year>\d{4}))?\s+\((?P<agency>[A-Z][A-Za-z ]{1,30})\)\s*[-–—]",
)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:van|de|von|der|da|al|bin)?\s*[A-Z][\w'’.-]+){0,3}"

_SELF_NAMING = (
    re.compile(r"(?i:support\s+your)\s+(?P<name>[A-Z][\w&'’ -]{1,60}?)\s*\.?\s*$"),
    re.compile(
        r"(?i:thank\s+you\s+for\s+helping\s+to\s+make)\s+(?P<name>[A-Z][\w&'’ .-]{1,60}?)\s+the\b"
    ),
    re.compile(r"^(?i:©|copyright)\s*(?:\d{4}\s*)?(?P<name>[A-Z][\w&'’ .-]{1,60}?)\.?\s*$"),
)
_ACRONYM_RE = re.compile(r"\b([A-Z]{2,6})(?:['’]s)?\b")
_STOP_WORDS_IN_NAMES = {"of", "for", "the", "and", "&", "in", "on"}


@dataclass(frozen=True, slots=True)
class Publisher:
    """The organisation that published a page."""

    name: str
    aliases: tuple[str, ...] = ()
    evidence: str = ""
    kind: str = ORGANISATION


@dataclass(frozen=True, slots=True)
class ItemMetadata:
    kind: str
    published: dt.date | None
    authors: tuple[str, ...]
    signatory: str | None
    # The person a speech or interview item is by or with ("Ivor Caplin's Speech ...").
    title_person: str | None


def parse_date(text: str) -> dt.date | None:
    """Parse one explicit date ("17th July 2018", "May 3, 2016"); None if not a full date."""
    if not text or len(text) > 64:
        return None
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is None
        return None
    return parsed.date() if parsed else None


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Explicit full dates in `text`, with their offsets."""
    found = []
    for match in _DATE_RE.finditer(text):
        parsed = parse_date(match.group(0))
        if parsed:
            found.append((match.start(), match.end(), parsed))
    return found


def published_date(title: str, header: Sequence[tuple[LineKind, str]], body: str) -> dt.date | None:
    """The item's stated publication date, or None (see the module docstring)."""
    for kind, text in header:
        if kind in (LineKind.POSTED, LineKind.BYLINE, LineKind.DATE, LineKind.LABEL):
            dates = find_dates(text)
            if dates:
                return dates[0][2]
    dates = find_dates(title)
    if dates:
        return dates[0][2]
    wire = _WIRE_DATELINE_RE.match(body[:200])
    if wire:
        year = wire.group("year") or _header_year(header)
        if year:
            return parse_date(f"{wire.group('date')} {year}")
    return None


def _header_year(header: Sequence[tuple[LineKind, str]]) -> str | None:
    for _kind, text in header:
        match = re.search(rf"\b{_YEAR}\b", text)
        if match:
            return match.group(0)
    return None


def detect_kind(
    title: str, body: str, *, layout: str, header: Sequence[tuple[LineKind, str]] = ()
) -> str:
    """One of KINDS (see the module docstring)."""
    for kind, text in header:
        if kind is LineKind.LABEL:
            return _kind_from_label(text)
    first_line = body.split("\n", 1)[0][:120] if body else ""
    if layout == "article":
        lead = re.match(
            r"^(press\s+release|statement|speech|interview|(?:open\s+)?letter|report)\s*[:|–—-]",
            title,
            re.I,
        )
        return _kind_from_label(lead.group(1)) if lead else ARTICLE
    for text in (title, first_line if len(first_line.split()) <= 6 else ""):
        named = _kind_from_text(text)
        if named:
            return named
    return WEB_PAGE


def _kind_from_label(label: str) -> str:
    return _kind_from_text(label) or OTHER


def _kind_from_text(text: str) -> str | None:
    rules = (
        (r"\b(?:press|news|media|immediate)\s+release\b", PRESS_RELEASE),
        (r"\bstatement\b", STATEMENT),
        (r"\bspeech\b", SPEECH),
        (r"\binterview\b", INTERVIEW),
        (r"\b(?:open\s+)?letter\b|\bwrites\s+to\b", LETTER),
        (r"\breport\b", REPORT),
    )
    for pattern, kind in rules:
        if re.search(pattern, text, re.I):
            return kind
    return None


def authors_from_header(header: Sequence[tuple[LineKind, str]], body: str) -> tuple[str, ...]:
    """Names from a byline ("By Jane Smith and John Doe | 3 May 2016") or a credit in the first
    paragraph ("interview by Sam Stopp")."""
    names: list[str] = []
    for kind, text in header:
        if kind is LineKind.BYLINE:
            part = re.split(r"\s*[|•·,–—]\s*|\s+-\s+|\s+on\s+", text[3:].strip(), maxsplit=1)[0]
            names.extend(n.strip() for n in re.split(r"\s+and\s+|\s*&\s*", part) if n.strip())
    first = body.split("\n", 1)[0][:300]
    credit = re.search(rf"\b(?:interview|words|reporting|written|report)\s+by\s+({_NAME})", first)
    if credit:
        names.append(credit.group(1).rstrip("."))
    return tuple(dict.fromkeys(n for n in names if not _DATE_RE.search(n)))


def signatory(body: str) -> str | None:
    """A statement signed at the end: "Jeremy Newmark, National Chair, Jewish Labour Movement"."""
    last = body.rstrip().rsplit("\n", 1)[-1].strip()
    if len(last) > 150 or last.endswith((".", "!", "?", "”", '"')):
        return None
    match = re.fullmatch(rf"(?P<name>{_NAME}),\s+[A-Z][^,]{{1,60}}(?:,\s+[A-Z][^,]{{1,80}})?", last)
    if not match:
        return None
    name = match.group("name")
    return name if 2 <= len(name.split()) <= 4 else None


def title_person(title: str) -> str | None:
    """The person a title names as giver of a speech or subject of an interview:
    "Ivor Caplin's Speech ..." -> Ivor Caplin; "... interview with Jeremy Newmark"."""
    match = re.match(rf"^({_NAME})['’]s\s+(?:speech|statement|letter)\b", title, re.I)
    if match and len(match.group(1).split()) >= 2:
        return match.group(1)
    match = re.search(rf"\binterview\s+with\s+({_NAME})", title)
    if match:
        return match.group(1)
    return None


def item_metadata(
    title: str, body: str, header: Sequence[tuple[LineKind, str]], *, layout: str
) -> ItemMetadata:
    return ItemMetadata(
        kind=detect_kind(title, body, layout=layout, header=header),
        published=published_date(title, header, body),
        authors=authors_from_header(header, body),
        signatory=signatory(body),
        title_person=title_person(title),
    )


def detect_publisher(
    lines: Sequence[Line],
    titles: Sequence[str],
    bodies: Sequence[str],
    *,
    layout: str,
    masthead: str | None = None,
) -> Publisher | None:
    """The page's publisher, or None (see the module docstring)."""
    furniture = [line.text for line in lines if line.kind is not LineKind.CONTENT and line.text]
    for line in furniture:
        for pattern in _SELF_NAMING:
            match = pattern.search(line)
            if match:
                name = match.group("name").strip(" .")
                if 1 <= len(name.split()) <= 6:
                    return Publisher(name, evidence=line)
    for body in bodies[:1]:
        wire = _WIRE_DATELINE_RE.match(body[:200])
        if wire:
            return Publisher(wire.group("agency").strip(), evidence=wire.group(0))
    if layout == "listing":
        listed = _self_publisher(titles, "\n".join(bodies))
        if listed is not None:
            return listed
    if masthead:
        name = masthead.strip(" .,;:|-–—")
        # "The Riverside Tenants Union" is also "Riverside Tenants Union" in running text.
        bare = re.sub(r"^the\s+", "", name, flags=re.I)
        aliases = (bare,) if bare != name and len(bare.split()) >= 2 else ()
        return Publisher(name, aliases, evidence=f"masthead: {masthead}")
    return None


def _self_publisher(titles: Sequence[str], text: str) -> Publisher | None:
    """The organisation a listing page keeps naming in its post titles, by its acronym."""
    counts: Counter[str] = Counter()
    for title in titles:
        counts.update(
            set(_ACRONYM_RE.findall(title)) | set(re.findall(r"[a-z]([A-Z]{2,6})\b", title))
        )
    for acronym, count in counts.most_common():
        if count < 2 or count < 0.3 * len(titles):
            break
        full = expand_acronym(acronym, text + "\n" + "\n".join(titles))
        if full:
            return Publisher(full, (acronym,), evidence=f"{acronym} in {count} post titles")
    return None
