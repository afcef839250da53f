"""One JSON shape for every API error, whatever raised it.

    {"status": 412, "code": "precondition_failed", "detail": "…", "errors": {"field": ["…"]}}

`errors` maps a field or query parameter to its messages (empty when the error is not about
particular fields); `current_etag` is added to a 412 so the client can re-read and retry.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from factbase.api.bulk import ItemsValidationError
from factbase.api.parsers import PayloadTooLarge
from factbase.updates import StaleVersionError

logger = logging.getLogger("factbase.api")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource has changed since you read it."
    default_code = "precondition_failed"

    def __init__(self, current_etag: str | None, detail: str | None = None) -> None:
        if detail is None and current_etag is None:
            detail = (
                "The resource has changed since you read it. Re-read it, re-apply your change "
                "and send If-Match with the new ETag."
            )
        super().__init__(
            detail
            or f"The resource has changed since you read it; its current ETag is {current_etag}. "
            "Re-read it, re-apply your change and send If-Match with the new ETag."
        )
        self.current_etag = current_etag


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "This request needs an If-Match header with the resource's ETag (from a GET), so it "
        "cannot overwrite a change you have not seen."
    )
    default_code = "precondition_required"


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found`.")
    detail = serializers.CharField(help_text="What went wrong, for a person.")
    # DRF's metaclass moves declared fields off the class: this does not hide Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field or query parameter (`non_field_errors` for the whole input).",
    )
    current_etag = serializers.CharField(
        required=False, help_text="On 412 only: the resource's current ETag."
    )
    item_errors = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="On a bulk create's 400 only: each invalid item's `index` (in `items`) and "
        "its `fields` (messages by field).",
    )


ERROR_EXAMPLE = {
    "status": 428,
    "code": "precondition_required",
    "detail": "This request needs an If-Match header with the resource's ETag (from a GET), so "
    "it cannot overwrite a change you have not seen.",
    "errors": {},
}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"tags": {0: ["Too long."]}} -> {"tags.0": ["Too long."]}: one level, strings only."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list | tuple):
        flat = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                for field, messages in _flatten(
                    item, f"{prefix}.{index}" if prefix else str(index)
                ).items():
                    flat.setdefault(field, []).extend(messages)
            else:
                flat.setdefault(prefix or "non_field_errors", []).append(str(item))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def error_body(
    status_code: int, code: str, detail: str, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or {}}


def _validation_detail(errors: dict[str, list[str]], view: Any) -> str:
    if getattr(view, "is_query_validation", False):
        return "Invalid query parameter(s): " + ", ".join(sorted(errors)) + "."
    names = sorted(name for name in errors if name != "non_field_errors")
    if not names:
        return " ".join(errors.get("non_field_errors", ["Invalid input."]))
    return "Invalid input in: " + ", ".join(names) + "."


def _rename_fields(errors: dict[str, Any], view: Any) -> dict[str, Any]:
    """Model field names in service errors -> the API's field names (claimant -> claimant_id)."""
    names = getattr(view, "error_field_names", {})
    renamed: dict[str, Any] = {}
    for field, messages in errors.items():
        field = "non_field_errors" if field == "__all__" else names.get(field, field)
        renamed.setdefault(field, []).extend(messages)
    return renamed


def _roll_back_write(context: dict[str, Any]) -> None:
    """Mark a write's transaction for rollback. Reads run in none of their own
    (factbase.api.views.WritesInTransactionMixin): a block around them (a test's) is not theirs
    to roll back."""
    request = context.get("request")
    if request is None or request.method not in SAFE_METHODS:
        set_rollback()


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception becomes the one error shape, never HTML."""
    view = context.get("view")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_rename_fields(as_serializer_error(exc), view))
    elif isinstance(exc, ProtectedError | RestrictedError):
        blocking = sorted({str(type(obj)._meta.verbose_name_plural) for obj in exc.args[1]})
        exc = Conflict(
            "This cannot be deleted while other records refer to it "
            f"({', '.join(blocking)}); delete or reassign those first."
        )
    elif isinstance(exc, StaleVersionError):
        # A version check below the view's own precondition (a service's) found the conflict;
        # the request's transaction is rolled back, so no current ETag can be read to add.
        exc = PreconditionFailed(None)
    elif isinstance(exc, IntegrityError):
        logger.warning("Integrity error answered with 409: %s", exc)
        exc = Conflict("The change conflicts with stored data (a concurrent write?); retry.")

    if isinstance(exc, exceptions.APIException):
        headers = {}
        # DRF sets these on the exception it raises (the view's authenticate header, a
        # throttle's wait); its stubs declare neither.
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        if isinstance(exc.detail, dict | list):
            errors = _flatten(exc.detail)
            detail = _validation_detail(errors, view)
        else:
            errors, detail = {}, str(exc.detail)
        body = error_body(exc.status_code, exc.default_code, detail, errors)
        if isinstance(exc, exceptions.ValidationError):
            body["code"] = "invalid"
        if isinstance(exc, ItemsValidationError):  # a batch
            body["detail"] = exc.summary
            body["item_errors"] = exc.item_errors
        if isinstance(exc, PreconditionFailed) and exc.current_etag is not None:
            body["current_etag"] = exc.current_etag
            headers["ETag"] = exc.current_etag
        _roll_back_write(context)
        return Response(body, status=exc.status_code, headers=headers)

    logger.exception("Unhandled error in %s", type(view).__name__ if view else "API view")
    _roll_back_write(context)
    return Response(
        error_body(500, "server_error", "An unexpected error occurred; it has been logged."),
        status=500,
    )


# --- Django-level errors (no view matched, or the failure happened outside DRF) --------------


def _json_or_default(request, status_code: int, code: str, detail: str, default):
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(status_code, code, detail), status=status_code)
    return default


def handler400(request, exception=None):
    from django.views import defaults

    return _json_or_default(
        request, 400, "bad_request", "Bad request.", defaults.bad_request(request, exception)
    )


def handler403(request, exception=None):
    from django.views import defaults

    return _json_or_default(
        request,
        403,
        "permission_denied",
        "You do not have permission to perform this action.",
        defaults.permission_denied(request, exception),
    )


def handler404(request, exception=None):
    from django.views import defaults

    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(404, "not_found", f"No API resource at {request.path}."), status=404
        )
    return defaults.page_not_found(request, exception)


def handler500(request):
    from django.views import defaults

    return _json_or_default(
        request,
        500,
        "server_error",
        "An unexpected error occurred; it has been logged.",
        defaults.server_error(request),
    )
