"""Entity tags and the If-Match / If-None-Match preconditions.

A resource's ETag is a strong validator of its representation: a digest of the JSON a GET
returns (claims prefix it with their database-maintained `version`). Writes must send
`If-Match`; the view locks the row, recomputes the ETag from the locked row and writes only if
it matches, all in one transaction, so of two writers holding the same ETag exactly one wins.
"""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from factbase.api.errors import PreconditionRequired


def digest(data: Any) -> str:
    """A stable digest of serialized data (key order and whitespace do not matter)."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def quote_etag(value: str) -> str:
    return f'"{value}"'


def parse_etags(header: str) -> list[str]:
    """`"a", W/"b"` -> ['"a"', 'W/"b"']; `*` -> ['*']."""
    tags, current, quoted = [], "", False
    for char in header:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            tags.append(current.strip())
            current = ""
        else:
            current += char
    tags.append(current.strip())
    return [tag for tag in tags if tag]


def if_match_satisfied(header: str, etag: str) -> bool:
    """Strong comparison (RFC 9110 13.1.1): weak tags never match."""
    tags = parse_etags(header)
    return "*" in tags or etag in tags


def if_none_match_satisfied(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): True when the client's copy is current."""
    tags = [tag.removeprefix("W/") for tag in parse_etags(header)]
    return "*" in tags or etag in tags


def required_if_match(request) -> str:
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    return header
