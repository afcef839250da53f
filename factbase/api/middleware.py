"""The API's boundary, before and after any view: body size, and JSON for every error.

A request under /api/ whose declared body is larger than API_MAX_BODY_BYTES is answered 413
before anything reads it (Django would otherwise raise RequestDataTooBig from wherever the body
is first touched). And an error that no API view answered (an unknown path, Django's debug 404
page listing every URL pattern, a 400 for a bad Host, a 500 outside DRF) leaves in the API's
one error shape instead of HTML.
"""

from collections.abc import Callable
from http import HTTPStatus

import pghistory.middleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.permissions import SAFE_METHODS

from factbase.api.errors import error_body

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _status(status_code: int) -> HTTPStatus | None:
    try:
        return HTTPStatus(status_code)
    except ValueError:
        return None


def json_error(status_code: int, detail: str, code: str | None = None) -> JsonResponse:
    known = _status(status_code)
    phrase = known.phrase if known else "error"
    code = code or phrase.lower().replace(" ", "_").replace("-", "_")
    return JsonResponse(error_body(status_code, code, detail), status=status_code)


def declared_length_error(request: HttpRequest) -> JsonResponse | None:
    """413 for a declared body over the limit, 400 for a Content-Length that is no length."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        length = -1
    if length < 0:
        return json_error(400, "Content-Length must be a whole number of bytes.", "bad_request")
    limit = settings.API_MAX_BODY_BYTES
    if length > limit:
        return json_error(
            413,
            f"The request body is {length} bytes; the limit is {limit} bytes.",
            "payload_too_large",
        )
    return None


# Detail for errors Django (not an API view) produced.
DETAILS = {
    404: "No API resource at this path; see /api/v1/ for the resources.",
    405: "Method not allowed here.",
}


class APIBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_request(request):
            return self.get_response(request)
        refused = declared_length_error(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            status_code = response.status_code
            known = _status(status_code)
            detail = DETAILS.get(status_code, (known.description if known else "") or "Error.")
            replaced = json_error(status_code, detail)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


def _is_json(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    if content_type.startswith(("application/json", "application/ld+json")):
        return True
    # DRF's browsable API renders errors as HTML for a person browsing with a session.
    return getattr(response, "accepted_renderer", None) is not None


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's request context (the acting user and URL on every history event), except on
    API reads.

    The context is sent with every SQL statement of the request (prepended to it), which costs
    each statement of a read: GET, HEAD and OPTIONS under /api/ write nothing, so they go
    without it (a test keeps them read-only). The admin keeps it on every method: some of its
    GET pages record something (opening a notification marks it read).
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS and is_api_request(request):
            return self.get_response(request)
        return super().__call__(request)
