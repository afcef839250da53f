"""The discovery document of the Fact Check Tools compatible search.

Google's client libraries build themselves from a discovery document (Google's JSON API
description format); this one describes `claims.search` as served here, with the names, types
and schemas of Google's `factchecktools:v1alpha1`, so
`googleapiclient.discovery.build("factchecktools", "v1alpha1", discoveryServiceUrl=...)` gives
a client that works unchanged against this server.
"""

from typing import Any

from claims.factcheck_search import MAX_PAGE_SIZE
from factbase.api.google import DISCOVERY_PARAMETERS

NAME, VERSION = "factchecktools", "v1alpha1"
PREFIX = "GoogleFactcheckingFactchecktoolsV1alpha1"
SEARCH_RESPONSE = f"{PREFIX}FactCheckedClaimSearchResponse"


def _query(kind: str, description: str, **extra: Any) -> dict[str, Any]:
    parameter = {"location": "query", "type": kind, "description": description, **extra}
    if kind == "integer":
        parameter["format"] = "int32"
    return parameter


SEARCH_PARAMETERS = {
    "query": _query(
        "string",
        "Textual query string. Required unless `review_publisher_site_filter` is specified.",
    ),
    "languageCode": _query("string", 'The BCP-47 language code, such as "en-US" or "sr-Latn".'),
    "reviewPublisherSiteFilter": _query(
        "string", "The review publisher site to filter results by, e.g. nytimes.com."
    ),
    "maxAgeDays": _query("integer", "The maximum age of the returned search results, in days."),
    "pageSize": _query(
        "integer", f"The pagination size: at most {MAX_PAGE_SIZE}; 10 when not given."
    ),
    "pageToken": _query("string", "The pagination token, from a previous `nextPageToken`."),
    "offset": _query("integer", "An integer that specifies the current offset."),
}

SCHEMAS: dict[str, dict[str, Any]] = {
    SEARCH_RESPONSE: {
        "id": SEARCH_RESPONSE,
        "type": "object",
        "description": "Response from searching fact-checked claims.",
        "properties": {
            "claims": {"type": "array", "items": {"$ref": f"{PREFIX}Claim"}},
            "nextPageToken": {"type": "string"},
        },
    },
    f"{PREFIX}Claim": {
        "id": f"{PREFIX}Claim",
        "type": "object",
        "description": "Information about the claim.",
        "properties": {
            "text": {"type": "string"},
            "claimant": {"type": "string"},
            "claimDate": {"type": "string", "format": "google-datetime"},
            "claimReview": {"type": "array", "items": {"$ref": f"{PREFIX}ClaimReview"}},
        },
    },
    f"{PREFIX}ClaimReview": {
        "id": f"{PREFIX}ClaimReview",
        "type": "object",
        "description": "Information about a claim review.",
        "properties": {
            "publisher": {"$ref": f"{PREFIX}Publisher"},
            "url": {"type": "string"},
            "title": {"type": "string"},
            "reviewDate": {"type": "string", "format": "google-datetime"},
            "textualRating": {"type": "string"},
            "languageCode": {"type": "string"},
        },
    },
    f"{PREFIX}Publisher": {
        "id": f"{PREFIX}Publisher",
        "type": "object",
        "description": "Information about the publisher.",
        "properties": {"name": {"type": "string"}, "site": {"type": "string"}},
    },
}

SEARCH_RESPONSE_SCHEMA = SCHEMAS[SEARCH_RESPONSE]


def discovery_document(root_url: str, *, publisher_name: str) -> dict[str, Any]:
    """The discovery document for a server at `root_url` (ending in "/")."""
    service_path = "api/v1/"
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": f"{NAME}:{VERSION}",
        "name": NAME,
        "version": VERSION,
        "title": f"{publisher_name} Fact Check Tools compatible API",
        "description": "Search the published fact-checks, as Google's Fact Check Tools API.",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": service_path,
        "baseUrl": root_url + service_path,
        "batchPath": "batch",  # declared by every discovery document; batches are not served
        "parameters": DISCOVERY_PARAMETERS,
        "schemas": SCHEMAS,
        "resources": {
            "claims": {
                "methods": {
                    "search": {
                        "id": f"{NAME}.claims.search",
                        # Relative to servicePath; "claims:search" alone would read as a URL
                        # with the scheme "claims".
                        "path": "factcheck/claims:search",
                        "flatPath": "factcheck/claims:search",
                        "httpMethod": "GET",
                        "description": "Search through fact-checked claims.",
                        "parameters": SEARCH_PARAMETERS,
                        "parameterOrder": [],
                        "response": {"$ref": SEARCH_RESPONSE},
                    }
                }
            }
        },
    }
