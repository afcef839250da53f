"""JSON request bodies, with a size limit answered by 413 before the body is read."""

from django.conf import settings
from rest_framework.parsers import JSONParser

from factbase.api.errors import PayloadTooLarge


def max_body_bytes() -> int:
    return settings.API_MAX_BODY_BYTES


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
        return super().parse(stream, media_type, parser_context)
