"""DRF's content negotiation, its answer remembered per Accept header, format and renderers.

Every API response negotiates its renderer: DRF parses the Accept header into media types,
sorts them by precedence and matches each renderer's media type against them, about 2% of a
list page's CPU time, for an answer that depends only on the header, the format asked for (a
suffix or `?format=`) and the view's renderer classes (their class attributes `media_type` and
`format`). The answer (which of the renderers, and the media type) is remembered for those;
anything DRF refuses (406, an unknown format) is never remembered and is refused again by DRF.
"""

from collections.abc import Iterable
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

# Answers kept per process; clients choose the header, so the number is bounded.
MAX_ANSWERS = 256

_answers: dict[tuple[Any, ...], tuple[int, str]] = {}


class RememberedContentNegotiation(DefaultContentNegotiation):
    """`DefaultContentNegotiation`, its answers remembered (see the module's docstring)."""

    def select_renderer(
        self, request: Any, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        key = (
            request.META.get("HTTP_ACCEPT"),
            asked,
            tuple(type(renderer) for renderer in renderers),
        )
        known = _answers.get(key)
        if known is not None:
            index, media_type = known
            return renderers[index], media_type
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        index = next(i for i, candidate in enumerate(renderers) if candidate is renderer)
        if len(_answers) >= MAX_ANSWERS:
            _answers.clear()
        _answers[key] = (index, media_type)
        return renderer, media_type
