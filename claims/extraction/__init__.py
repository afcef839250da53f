"""Claim extraction: quotes and their speakers, check-worthy statements, cross-source matching.

Plain Python (no Django): `extract_document(raw_text, filename=...)` is the entry point; see
`pipeline`. May import `sources.parsing`, never the reverse.
"""

from __future__ import annotations

from .matching import ClaimGroup, ClaimRef, FactKey, MatchResult, Suggestion, match_claims
from .pipeline import (
    ClaimantRef,
    DocumentExtraction,
    ExtractedCitation,
    ExtractedClaim,
    ExtractedItem,
    extract_document,
    match_documents,
)

__all__ = [
    "ClaimGroup",
    "ClaimRef",
    "ClaimantRef",
    "DocumentExtraction",
    "ExtractedCitation",
    "ExtractedClaim",
    "ExtractedItem",
    "FactKey",
    "MatchResult",
    "Suggestion",
    "extract_document",
    "match_claims",
    "match_documents",
]
