"""The OpenAPI components of schema.org ClaimReview as `claims.claimreview` writes it: one
`ClaimReview` for the claim's endpoint and the feed, with a typed `itemReviewed` (a `Claim`),
rating, authors and appearances, so generated clients get one set of models for both."""

from typing import Any

from claims.claimreview import BEST_RATING, REQUIRED_PROPERTIES, WORST_RATING


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


CLAIMREVIEW = _ref("ClaimReview")

_DATE = {"type": "string", "format": "date"}
_URL = {"type": "string", "format": "uri"}

COMPONENTS: dict[str, dict[str, Any]] = {
    "SchemaOrgAgent": {
        "type": "object",
        "description": "A schema.org Person or Organization.",
        "required": ["@type", "name"],
        "properties": {
            "@type": {"type": "string", "enum": ["Person", "Organization"]},
            "name": {"type": "string"},
            "url": _URL,
            "sameAs": {**_URL, "description": "Its Wikidata page, when known."},
        },
    },
    "CreativeWork": {
        "type": "object",
        "description": "Where the claim appeared: a source that states it.",
        "required": ["@type", "headline"],
        "properties": {
            "@type": {"type": "string", "enum": ["CreativeWork"]},
            "headline": {"type": "string"},
            "url": _URL,
            "datePublished": _DATE,
            "publisher": _ref("SchemaOrgAgent"),
        },
    },
    "ReviewedClaim": {
        "type": "object",
        "description": "The claim reviewed (`itemReviewed`): who made it, when and where.",
        "required": ["@type"],
        "properties": {
            "@type": {"type": "string", "enum": ["Claim"]},
            "author": _ref("SchemaOrgAgent"),
            "datePublished": _DATE,
            "appearance": {"type": "array", "items": _ref("CreativeWork")},
            "firstAppearance": _ref("CreativeWork"),
        },
    },
    "ClaimReviewRating": {
        "type": "object",
        "description": f"The verdict: `alternateName` is its text; `ratingValue` from "
        f"{WORST_RATING} (worst) to {BEST_RATING} (best), absent for `unproven`.",
        "required": ["@type", "alternateName", "bestRating", "worstRating"],
        "properties": {
            "@type": {"type": "string", "enum": ["Rating"]},
            "ratingValue": {"type": "integer", "minimum": WORST_RATING, "maximum": BEST_RATING},
            "bestRating": {"type": "integer"},
            "worstRating": {"type": "integer"},
            "alternateName": {"type": "string", "example": "Mostly accurate"},
            "ratingExplanation": {
                "type": "string",
                "example": "The council's own figures show a 38% rise.",
            },
            "author": _ref("SchemaOrgAgent"),
            "datePublished": _DATE,
            "url": _URL,
        },
    },
    "ClaimReview": {
        "type": "object",
        "description": "schema.org ClaimReview (JSON-LD).",
        # `url` and `headline` are the review article's: always there once published, possibly
        # not yet on a reviewed claim's preview.
        "required": [name for name in REQUIRED_PROPERTIES if name != "url"],
        "properties": {
            "@context": {"type": "string", "example": "https://schema.org"},
            "@type": {"type": "string", "enum": ["ClaimReview"]},
            "url": _URL,
            "headline": {"type": "string", "example": "Did rents rise 40% since 2015?"},
            "claimReviewed": {"type": "string", "example": "Rents rose 40% since 2015"},
            "datePublished": _DATE,
            "author": _ref("SchemaOrgAgent"),
            "reviewRating": _ref("ClaimReviewRating"),
            "itemReviewed": _ref("ReviewedClaim"),
        },
    },
}


def add_components(result: dict, generator, request, public) -> dict:
    """SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: the ClaimReview components."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
