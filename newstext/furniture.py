"""Classify the lines of a scraped page: content or site furniture.

Scraped pages keep the site's chrome as text: navigation, login and subscription prompts,
share buttons, "Read more" links that end each post of a listing, donation appeals, partner
promos, reading times and a banner "today" date. `classify_line` looks at one line on its own;
`mark_blocks` then uses the neighbours (a promo is a heading + blurb + call to action; an appeal
runs to the end of an article; a photo caption is printed twice). Pure text in, labels out.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

__all__ = [
    "DATE_LINE_RE",
    "Line",
    "LineKind",
    "classify_line",
    "is_heading_like",
    "is_name_like",
    "mark_blocks",
    "split_lines",
]


class LineKind(enum.StrEnum):
    """What a line of a page is."""

    CONTENT = "content"
    BLANK = "blank"
    SEPARATOR = "separator"  # ends a post in a listing: "Read more Share", "Continue reading →"
    NAVIGATION = "navigation"  # menus, login, search, "Click Here", "comments"
    DATE = "date"  # a line holding only a date: a banner, or a post's own date
    POSTED = "posted"  # "Posted on 12 March 2019": a post's dateline
    BYLINE = "byline"  # "By Jane Smith | 3 May 2016"
    READING_TIME = "reading_time"  # "3 min read"
    KICKER = "kicker"  # "EXCLUSIVE", "ANALYSIS" above a headline
    LABEL = "label"  # "Press release: 3 March 2021", "Statement | 12 June 2019": kind and date
    APPEAL = "appeal"  # donation, subscription and membership appeals
    PROMO = "promo"  # partner content, podcast promos, calls to action
    CAPTION = "caption"  # photo captions (decided with context)
    DUPLICATE = "duplicate"  # an echo of the headline or of a block just above


# Lines that are dropped from item bodies; CONTENT is the only kind kept.
FURNITURE_KINDS = frozenset(LineKind) - {LineKind.CONTENT, LineKind.BLANK}

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
# A line that is nothing but a date (optionally with a weekday): "Fri, 26 February 2021".
DATE_LINE_RE = re.compile(
    rf"^(?:{_WEEKDAY})?(?:{_DAY}\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$",
    re.IGNORECASE,
)

# An item's kind label, alone or with its date: "Press release: 3 March 2021", "Statement |
# 12 June 2019", "PRESS RELEASE — 12/06/2019", "12 June 2019 | Speech", "FOR IMMEDIATE RELEASE".
_KIND_LABEL = (
    r"(?:press\s+release|news\s+release|media\s+release|for\s+immediate\s+release|"
    r"(?:joint\s+)?statement|speech|interview|(?:open\s+)?letter|report)"
)
_ONE_WORD_LABEL_RE = re.compile(r"^(?:statement|speech|interview|letter|report):?$", re.I)
_LABEL_DATE = (
    rf"(?:{_WEEKDAY})?(?:{_DAY}\s+{_MONTHS},?\s+\d{{4}}|{_MONTHS}\s+{_DAY},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
)
_LABEL_SEP = r"(?:\s*[:|•·/–—-]\s*|\s+)"
LABEL_RE = re.compile(
    rf"^(?:{_KIND_LABEL}{_LABEL_SEP}{_LABEL_DATE}|{_LABEL_DATE}{_LABEL_SEP}{_KIND_LABEL}|"
    rf"{_KIND_LABEL}:?)$",
    re.IGNORECASE,
)
# A menu printed on one line: "Home | News | About", "Home > News > Press releases".
_NAV_LIST_SPLIT_RE = re.compile(r"\s*[|•·›»>]\s*|\s+/\s+")
# Words that may stay lower case inside a name: "Friends of the Earth", "Fish & Chips Co".
NAME_CONNECTORS = frozenset(
    ["of", "for", "the", "and", "&", "de", "du", "la", "le", "von", "van", "der", "on", "in", "at"]
)

_SEPARATOR_RE = re.compile(
    r"^(?:read\s+more(?:\s+share)?|(?:\d+|no)\s+reactions?(?:\s+share)?|share(?:\s+this)?|"
    r"continue\s+reading(?:\s*(?:→|->|»|…|\.\.\.))?|read\s+(?:the\s+)?(?:full|rest)"
    r"(?:\s+(?:story|post|article))?(?:\s*(?:→|->|»))?|keep\s+reading|more\s*(?:→|»)|"
    r"[-*_=~•·]{3,}|(?:\*\s+){2,}\*)$",
    re.IGNORECASE,
)
_NAV_EXACT = frozenset(
    s.casefold()
    for s in (
        "search",
        "menu",
        "home",
        "news",
        "login",
        "log in",
        "sign in",
        "sign up",
        "register",
        "subscribe",
        "subscribe now",
        "press releases",
        "click here",
        "comments",
        "comment",
        "read more:",
        "related",
        "related articles",
        "related stories",
        "tags",
        "share this",
        "share this article",
        "follow us",
        "skip to content",
        "skip to main content",
        "advertisement",
        "newsletter",
        "back to top",
        "print",
        "email",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "previous",
        "next",
        "previous post",
        "next post",
        "most read",
        "trending",
        "you might also like",
        "more stories",
        "latest",
        "latest news",
        "blog",
        "posts",
        "all posts",
        "topics",
    )
)
_NAV_RE = re.compile(
    r"^(?:read\s+(?:this|the\s+latest|the)\s+week['’]s\s+.*edition|"
    r"(?:tags|topics|filed\s+under|categories)\s*:.*|we\s+use\s+cookies.*|.*accept\s+cookies.*|"
    r"(?:log\s*in|sign\s+in)\s+(?:to|with)\s+.*)$",
    re.IGNORECASE,
)
# Section links ("More from Politics", "Latest from the Council"): only as a short label.
_SECTION_LINK_RE = re.compile(r"^(?:more|latest)\s+from\s+\S.*$", re.IGNORECASE)
_SECTION_LINK_MAX_WORDS = 6
_POSTED_RE = re.compile(
    r"^(?:posted|published|updated|last\s+updated)(?:\s+by\s+.+?)?(?:\s+on)?\s*:?\s+\S.*$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\b.*$")
_READING_TIME_RE = re.compile(r"^\d{1,3}\s+min(?:ute)?s?\s+read$", re.IGNORECASE)
_KICKER_RE = re.compile(
    r"^(?:exclusive|breaking(?:\s+news)?|analysis|opinion|comment|live|updated|watch|listen|"
    r"video|pictures|review|feature|explainer|sponsored|world|uk|politics)$",
    re.IGNORECASE,
)
_APPEAL_RE = re.compile(
    r"^(?:support\s+(?:your|our|independent|quality|us)\b.*|please\s+(?:donate|support)\b.*|"
    r"(?:donate|make\s+a\s+donation)\b.*|become\s+a\s+(?:member|supporter|subscriber|patron)\b.*|"
    r"thank\s+you\s+for\s+(?:helping|supporting|reading)\b.*|"
    r"(?:sign\s+up|subscribe)\s+(?:to|for)\s+(?:our|the)\s+newsletter.*)$"
    r"|\b(?:you\s+can\s+)?join\s+\S+(?:\s+\S+)?\s+as\s+an?\s+(?:member|supporter)\b.*\bhere\b",
    re.IGNORECASE,
)
_PROMO_RE = re.compile(
    r"^(?:new\s+episode\b.*|listen\s+now|watch\s+now|find\s+out\s+more|learn\s+more|"
    r"discover\s+more|shop\s+now|book\s+now|download\s+now|partner\s+content|sponsored\s+content|"
    r"promoted(?:\s+content)?|paid\s+content|in\s+partnership\s+with\b.*)$",
    re.IGNORECASE,
)
_PROMO_LABEL_RE = re.compile(
    r"^(?:partner\s+content|sponsored(?:\s+content)?|promoted(?:\s+content)?|paid\s+content)$",
    re.IGNORECASE,
)
# Photo captions often carry a position marker or a picture credit.
_CAPTION_RE = re.compile(
    r"\((?:(?:second|third|far|top|bottom|centre|center)\s+)?(?:left|right|centre|center|"
    r"pictured|above|below|top|bottom)\)|^(?:photo|picture|image|credit|pictured)\s*:|"
    r"\b(?:getty\s+images|pa\s+images|pa\s+wire|alamy|shutterstock|reuters/|ap\s+photo)\b|©",
    re.IGNORECASE,
)
# An appeal that takes the rest of an article page with it opens with a short line ("Support our
# journalism"), never a sentence of the story that mentions support.
_APPEAL_OPENER_MAX_WORDS = 12
# A sentence printed twice in a row is a photo caption (alt text and figcaption) up to this length.
_CAPTION_MAX_WORDS = 40
_DIGIT_RE = re.compile(r"\d")
_HAS_DATE_RE = re.compile(rf"\d{{4}}|{_DAY}\s+{_MONTHS}|{_MONTHS}\s+{_DAY}", re.I)
_TERMINAL_PUNCT = tuple(".!?:;…\"'”’)")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page: `text` is raw[start:end], already stripped of surrounding space."""

    index: int
    start: int
    end: int
    text: str
    kind: LineKind = LineKind.CONTENT


def split_lines(raw: str) -> list[Line]:
    """Split `raw` on "\\n" only (not str.splitlines, which also breaks on \\x0b, \\x1c, U+2028 and
    would desynchronise offsets) and classify each line on its own."""
    lines: list[Line] = []
    pos = 0
    for index, chunk in enumerate(raw.split("\n")):
        left = len(chunk) - len(chunk.lstrip())
        text = chunk.strip()
        start = pos + left
        lines.append(Line(index, start, start + len(text), text, classify_line(text)))
        pos += len(chunk) + 1
    return lines


def is_heading_like(text: str, *, max_words: int = 25) -> bool:
    """A headline: short, no sentence-final full stop, not a fragment of a list."""
    words = text.split()
    if not words or len(words) > max_words:
        return False
    if text.endswith(".") and not text.endswith(("...", "…")):
        return False
    return not text.endswith((",", ";"))


def classify_line(text: str) -> LineKind:
    """Label one stripped line without context. Long lines are always content: furniture is short,
    and a bounded length keeps the regexes linear on huge inputs."""
    text = text.strip()
    if not text:
        return LineKind.BLANK
    if len(text) > 300:
        return LineKind.CONTENT
    folded = text.casefold()
    if _SEPARATOR_RE.match(text):
        return LineKind.SEPARATOR
    if folded in _NAV_EXACT or _NAV_RE.match(text):
        return LineKind.NAVIGATION
    if _SECTION_LINK_RE.match(text) and is_heading_like(text, max_words=_SECTION_LINK_MAX_WORDS):
        return LineKind.NAVIGATION
    if DATE_LINE_RE.match(text):
        return LineKind.DATE
    if LABEL_RE.match(text) and (
        not _ONE_WORD_LABEL_RE.match(text) or text.isupper() or text.endswith(":")
    ):
        return LineKind.LABEL
    if _READING_TIME_RE.match(text):
        return LineKind.READING_TIME
    if _KICKER_RE.match(text) and (text.isupper() or (len(text.split()) == 1 and text.istitle())):
        return LineKind.KICKER
    if _POSTED_RE.match(text) and _has_date(text):
        return LineKind.POSTED
    if _BYLINE_RE.match(text) and len(text) <= 120 and not text.endswith("."):
        return LineKind.BYLINE
    if _is_nav_list(text):
        return LineKind.NAVIGATION
    if _PROMO_RE.match(text):
        return LineKind.PROMO
    if len(text) <= 200 and _APPEAL_RE.search(text):
        return LineKind.APPEAL
    if len(text) <= 200 and _CAPTION_RE.search(text) and not text.endswith(_TERMINAL_PUNCT[:3]):
        return LineKind.CAPTION
    return LineKind.CONTENT


def is_name_like(text: str, *, max_words: int = 6) -> bool:
    """A name as a masthead prints it: "Riverside Tenants Union", "The Valley Gazette". A few
    capitalised words (connectors such as "of" and "the" aside), no digits, no punctuation at the
    end."""
    words = text.split()
    if not words or len(words) > max_words or len(text) > 60:
        return False
    if _DIGIT_RE.search(text) or text.endswith((".", ",", ";", ":", "!", "?", "…")):
        return False
    if not text[0].isupper():
        return False
    significant = [w for w in words if w.casefold() not in NAME_CONNECTORS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _is_nav_list(text: str) -> bool:
    """A menu on one line: at least three short capitalised entries ("Home | News | About"), or
    two starting with a menu word ("Home > Press releases")."""
    if not _NAV_LIST_SPLIT_RE.search(text):
        return False
    parts = [part.strip() for part in _NAV_LIST_SPLIT_RE.split(text)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return False
    for part in parts:
        if len(part.split()) > 3 or _DIGIT_RE.search(part) or not part[0].isupper():
            return False
        if part.endswith((".", ",", ";", ":", "!", "?")):
            return False
    return len(parts) >= 3 or parts[0].casefold() in _NAV_EXACT


def _has_date(text: str) -> bool:
    return bool(_HAS_DATE_RE.search(text))


def mark_blocks(lines: Sequence[Line], *, article: bool) -> list[Line]:
    """Relabel lines using their neighbours.

    - Promo units: a call to action ("Find out more") takes with it the blurb and heading above it
      (at most 3 content lines back, stopping at a heading); a "Partner content" label takes the
      unit below it.
    - Appeals: on an article page, an appeal opener after the body has started drops everything
      to the end of the page (sites append appeals and promos after the story). On listing pages
      only the appeal line itself is dropped, because the next post follows.
    - A block of 2-3 lines printed twice in a row (a page's <title> and standfirst echoed above the
      post) keeps its second copy.
    - A line printed twice in a row keeps one copy if it reads as a headline; if it reads as a
      sentence it is a photo caption (alt text + figcaption) and both copies go.
    """
    out = list(lines)
    _mark_promos(out)
    if article:
        _mark_trailing_appeal(out)
    _mark_repeated_blocks(out)
    _mark_doubled_lines(out)
    return out


def _content_indexes(lines: Sequence[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.kind is LineKind.CONTENT]


def _mark_promos(lines: list[Line]) -> None:
    for i, line in enumerate(lines):
        if line.kind is not LineKind.PROMO or _PROMO_LABEL_RE.match(line.text):
            continue
        # Walk back over the blurb to its heading, never further than 3 content lines.
        taken: list[int] = []
        j = i - 1
        while j >= 0 and len(taken) < 3:
            kind = lines[j].kind
            if kind is LineKind.BLANK:
                j -= 1
                continue
            if kind is not LineKind.CONTENT:
                break
            taken.append(j)
            if is_heading_like(lines[j].text, max_words=12):
                break
            j -= 1
        if taken and is_heading_like(lines[taken[-1]].text, max_words=12):
            for k in taken:
                lines[k] = replace(lines[k], kind=LineKind.PROMO)


def _mark_trailing_appeal(lines: list[Line]) -> None:
    seen_body = 0
    for i, line in enumerate(lines):
        if line.kind is LineKind.CONTENT and len(line.text.split()) >= 12:
            seen_body += 1
        if (
            line.kind is LineKind.APPEAL
            and seen_body >= 2
            and len(line.text.split()) <= _APPEAL_OPENER_MAX_WORDS
        ):
            for k in range(i + 1, len(lines)):
                if lines[k].kind is not LineKind.BLANK:
                    lines[k] = replace(lines[k], kind=LineKind.APPEAL)
            return


def _mark_repeated_blocks(lines: list[Line]) -> None:
    for size in (3, 2):
        content = _content_indexes(lines)
        texts = [lines[i].text for i in content]
        for pos in range(len(texts) - 2 * size + 1):
            if texts[pos : pos + size] == texts[pos + size : pos + 2 * size]:
                for k in content[pos : pos + size]:
                    lines[k] = replace(lines[k], kind=LineKind.DUPLICATE)
                return


def _mark_doubled_lines(lines: list[Line]) -> None:
    content = _content_indexes(lines)
    for a, b in itertools.pairwise(content):
        first, second = lines[a], lines[b]
        if first.text != second.text or first.kind is not LineKind.CONTENT:
            continue
        if is_heading_like(first.text) or len(first.text.split()) > _CAPTION_MAX_WORDS:
            # A headline echo, or a whole paragraph scraped twice: one copy is the text.
            lines[a] = replace(first, kind=LineKind.DUPLICATE)
        else:
            lines[a] = replace(first, kind=LineKind.CAPTION)
            lines[b] = replace(second, kind=LineKind.CAPTION)
