"""Pages over a computed sequence: similar claims (a ranked, bounded list), an object's history
(append-only, oldest first). Same page shape and parameters as the keyset lists.

The position is an offset, which is exact here: a history only grows at its end, and a
ranking is recomputed per request. Cursors are signed like the keyset ones, so a client sends
back only positions this API gave out.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core import signing
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from factbase.api.pagination import CURSOR_PARAM, PAGE_SIZE_PARAM, KeysetPagination

QUERY_PARAMS = frozenset({CURSOR_PARAM, PAGE_SIZE_PARAM})


def _signer() -> signing.Signer:
    return signing.Signer(salt="factbase.api.sequence-cursor", sep=".")


class SequencePagination(BasePagination):
    """`?page_size=` (at most `max_page_size`) and signed `?cursor=` links."""

    page_size = 25
    max_page_size = 100
    # The sequence may not reach beyond this many items (a ranked list's candidate pool).
    max_items: int | None = None

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(PAGE_SIZE_PARAM)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {PAGE_SIZE_PARAM: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return min(size, self.max_page_size)

    def _offset(self, request) -> int:
        raw = request.query_params.get(CURSOR_PARAM)
        if raw is None:
            return 0
        try:
            offset = int(_signer().unsign(raw))
        except (signing.BadSignature, ValueError) as error:
            raise ValidationError(
                {CURSOR_PARAM: ["Invalid cursor: use the `next` or `previous` link as given."]}
            ) from error
        if offset < 0:
            raise ValidationError({CURSOR_PARAM: ["Invalid cursor."]})
        return offset

    def paginate_sequence(self, request, fetch: Callable[[int, int], Sequence[Any]]) -> list[Any]:
        """The page of the sequence `fetch(offset, limit)` returns items of."""
        self.request = request
        size = self.get_page_size(request)
        offset = self._offset(request)
        limit = size + 1
        if self.max_items is not None:
            limit = max(0, min(limit, self.max_items - offset))
        items = list(fetch(offset, limit)) if limit else []
        more = len(items) > size
        items = items[:size]
        url = request.build_absolute_uri()
        self.next_url = self._link(url, offset + size) if more else None
        self.previous_url = self._link(url, max(0, offset - size)) if offset else None
        return items

    def _link(self, url: str, offset: int) -> str:
        if offset == 0:
            return remove_query_param(url, CURSOR_PARAM)
        return replace_query_param(url, CURSOR_PARAM, _signer().sign(str(offset)))

    def get_paginated_response(self, data):
        return Response({"next": self.next_url, "previous": self.previous_url, "results": data})

    def get_paginated_response_schema(self, schema):
        return KeysetPagination().get_paginated_response_schema(schema)

    def get_schema_operation_parameters(self, view):
        parameters = KeysetPagination().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == PAGE_SIZE_PARAM:
                parameter["description"] = (
                    f"Results per page (default {self.page_size}, at most {self.max_page_size})."
                )
        return parameters


class SimilarPagination(SequencePagination):
    """Similar claims: best first, from a bounded pool of candidates."""

    page_size = 10
    max_page_size = 50
    max_items = 50


class HistoryPagination(SequencePagination):
    """An object's changes, oldest first."""
