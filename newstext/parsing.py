"""Raw scraped page -> items with metadata.

`parse_page(raw, filename=...)` splits a page into items (`pages`), drops site furniture
(`furniture`) and reads each item's title, kind, publisher, published date and authors
(`metadata`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .furniture import LineKind, classify_line
from .metadata import KINDS, Publisher, detect_publisher, item_metadata
from .pages import ItemOrigin, Layout, SkippedSegment, split_page

__all__ = [
    "KINDS",
    "ItemOrigin",
    "LineKind",
    "ParsedItem",
    "ParsedPage",
    "Publisher",
    "SkippedSegment",
    "classify_line",
    "parse_page",
]


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One item of a page with its metadata. `origin` locates it in the raw page."""

    title: str
    body: str
    kind: str
    publisher: Publisher | None
    published: dt.date | None
    authors: tuple[str, ...]
    origin: ItemOrigin
    filename: str
    # Who signed the item ("Jeremy Newmark, National Chair, ..."), or whose speech/interview it is.
    signatory: str | None = None
    title_person: str | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class ParsedPage:
    filename: str
    layout: Layout
    publisher: Publisher | None
    items: tuple[ParsedItem, ...]
    skipped: tuple[SkippedSegment, ...]


def parse_page(raw: str, *, filename: str) -> ParsedPage:
    """Split `raw` into items and read their metadata. Never raises on str input."""
    split = split_page(raw)
    publisher = detect_publisher(
        split.lines,
        [item.title for item in split.items],
        [item.body for item in split.items],
        layout=split.layout,
        masthead=split.masthead,
    )
    items = []
    for item in split.items:
        meta = item_metadata(item.title, item.body, item.header, layout=split.layout)
        items.append(
            ParsedItem(
                title=item.title,
                body=item.body,
                kind=meta.kind,
                publisher=publisher,
                published=meta.published,
                authors=meta.authors,
                origin=item.origin,
                filename=filename,
                signatory=meta.signatory,
                title_person=meta.title_person,
            )
        )
    return ParsedPage(filename, split.layout, publisher, tuple(items), split.skipped)
