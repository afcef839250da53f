"""The text pipeline: a raw news page in, items with attributed quotes and check-worthy claims out.

Plain Python (no Django, no database): raw page -> items and their metadata (`parsing`, `pages`,
`furniture`, `metadata`) -> sentences -> quotes and their speakers -> check-worthy statements ->
matching the same claim across items and pages. `extract_document(raw_text, filename=...)` is the
entry point (see `pipeline`); everything it returns is a frozen dataclass of plain values.
"""

from __future__ import annotations

from .matching import ClaimGroup, ClaimRef, FactKey, MatchResult, Suggestion, match_claims
from .names import ORGANISATION, PERSON, NamedEntity
from .pipeline import (
    DocumentExtraction,
    ExtractedCitation,
    ExtractedClaim,
    ExtractedItem,
    extract_document,
    match_documents,
)

__all__ = [
    "ORGANISATION",
    "PERSON",
    "ClaimGroup",
    "ClaimRef",
    "DocumentExtraction",
    "ExtractedCitation",
    "ExtractedClaim",
    "ExtractedItem",
    "FactKey",
    "MatchResult",
    "NamedEntity",
    "Suggestion",
    "extract_document",
    "match_claims",
    "match_documents",
]
