"""JSON request bodies: a size limit answered by 413 before the body is read, and only text
PostgreSQL can store, in a shape no deeper than any resource needs."""

import re
from typing import Any

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any request body of this API needs (a bulk item's `origin` object is 4 deep).
MAX_JSON_DEPTH = 32
# A lone UTF-16 surrogate ("\ud800" in JSON) is not Unicode text: no database can store it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload_too_large"


def max_body_bytes() -> int:
    return settings.API_MAX_BODY_BYTES


def text_error(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    if LONE_SURROGATE.search(value):
        return "contains a lone UTF-16 surrogate (an escape like \\ud800): not valid Unicode"
    return None


def check_parsed(data: Any) -> None:
    """ParseError for JSON nested deeper than MAX_JSON_DEPTH or holding text that is not valid
    Unicode, naming where (`items.0.title`); iterative, so no input can exhaust the stack."""
    pending: list[tuple[Any, str, int]] = [(data, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        if isinstance(value, dict | list) and depth > MAX_JSON_DEPTH:
            raise ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep at {path}.")
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                problem = text_error(key)
                if problem:
                    raise ParseError(f"A key at {path or 'the top level'} {problem}.")
                pending.append((item, where, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                pending.append((item, f"{path}.{index}" if path else str(index), depth + 1))
        elif isinstance(value, str):
            problem = text_error(value)
            if problem:
                raise ParseError(f"The text at {path or 'the top level'} {problem}.")


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = max_body_bytes()
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        try:
            too_large = length is not None and int(length) > limit
        except ValueError:
            too_large = False
        if too_large:
            raise PayloadTooLarge(
                f"The request body is {int(length)} bytes; the limit is {limit} bytes."
            )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep.") from error
        check_parsed(data)
        return data
