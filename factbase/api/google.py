"""Google API conventions, for endpoints that stand in for a Google API.

Google's clients (google-api-python-client and the other generated libraries) send the
"standard query parameters" on every call (`alt=json`, often `key`, sometimes `fields`,
`prettyPrint`, `quotaUser`, `$.xgafv`) and expect errors as
`{"error": {"code", "message", "status", "details"}}`. This module holds those conventions;
it knows nothing about claims.
"""

from collections.abc import Sequence
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer

# HTTP status -> google.rpc.Code name, as Google's APIs answer them.
RPC_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "INVALID_ARGUMENT",
    409: "ABORTED",
    412: "FAILED_PRECONDITION",
    413: "OUT_OF_RANGE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}

# Standard parameters, as a discovery document declares them. `callback` (JSONP),
# `access_token`/`oauth_token` (OAuth) and the upload parameters are not offered.
DISCOVERY_PARAMETERS: dict[str, dict[str, Any]] = {
    "$.xgafv": {
        "type": "string",
        "location": "query",
        "description": "V1 error format.",
        "enum": ["1", "2"],
        "enumDescriptions": ["v1 error format", "v2 error format"],
    },
    "alt": {
        "type": "string",
        "location": "query",
        "default": "json",
        "description": "Data format for response.",
        "enum": ["json"],
        "enumDescriptions": ["Responses with Content-Type of application/json"],
    },
    "fields": {
        "type": "string",
        "location": "query",
        "description": "Selector specifying which fields to include in a partial response.",
    },
    "key": {
        "type": "string",
        "location": "query",
        "description": "API key issued by the newsroom.",
    },
    "prettyPrint": {
        "type": "boolean",
        "location": "query",
        "default": "true",
        "description": "Returns response with indentations and line breaks.",
    },
    "quotaUser": {
        "type": "string",
        "location": "query",
        "description": "Accepted and ignored (quotas are per key, token or address).",
    },
}

REFUSED_PARAMETERS = {
    "callback": "JSONP is not served: call this API from a server, or fetch it as JSON.",
    "access_token": "OAuth access tokens are not accepted: send `key` or an "
    "`Authorization: Token` header.",
    "oauth_token": "OAuth access tokens are not accepted: send `key` or an "
    "`Authorization: Token` header.",
}


# --- Partial responses: the `fields` parameter -----------------------------------------------

# A field mask as a tree: name -> sub-mask, where None selects the whole value.
Mask = dict[str, "Mask | None"]


class FieldMaskError(ValueError):
    pass


def parse_field_mask(text: str) -> Mask:
    """`claims(text,claimReview/url),nextPageToken` -> {"claims": {"text": None, ...}, ...}.

    Google's syntax: comma-separated paths, `a/b` selects b inside a, `a(b,c)` selects b and c
    inside a, `*` every field.
    """
    mask, position = _parse_list(text, 0)
    if position != len(text):
        raise FieldMaskError(f"unexpected {text[position]!r} at character {position + 1}")
    return mask


def _parse_list(text: str, position: int) -> tuple[Mask, int]:
    mask: Mask = {}
    while True:
        names: list[str] = []
        while True:
            start = position
            while position < len(text) and (text[position].isalnum() or text[position] in "_*"):
                position += 1
            if start == position:
                raise FieldMaskError(f"a field name is missing at character {position + 1}")
            names.append(text[start:position])
            if position < len(text) and text[position] == "/":
                position += 1
                continue
            break
        sub: Mask | None = None
        if position < len(text) and text[position] == "(":
            sub, position = _parse_list(text, position + 1)
            if position >= len(text) or text[position] != ")":
                raise FieldMaskError("a '(' is not closed")
            position += 1
        for name in reversed(names[1:]):
            sub = {name: sub}
        _merge(mask, names[0], sub)
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        return mask, position


def _merge(mask: Mask, name: str, sub: Mask | None) -> None:
    if name not in mask:
        mask[name] = sub
        return
    current = mask[name]
    if current is None or sub is None:
        mask[name] = None  # the whole field: it includes any selection of its parts
    else:
        for key, value in sub.items():
            _merge(current, key, value)


def check_field_mask(
    mask: Mask, schema: dict[str, Any], schemas: dict[str, Any], prefix: str = ""
) -> None:
    """FieldMaskError naming the first selected field `schema` (a discovery schema) lacks."""
    while "$ref" in schema or schema.get("type") == "array":
        schema = schemas[schema["$ref"]] if "$ref" in schema else schema["items"]
    properties = schema.get("properties", {})
    for name, sub in mask.items():
        path = f"{prefix}{name}"
        if name != "*" and name not in properties:
            raise FieldMaskError(f"Invalid field selection {path}")
        if sub is not None:
            targets = properties.values() if name == "*" else [properties[name]]
            for target in targets:
                check_field_mask(sub, target, schemas, f"{path}/")


def apply_field_mask(data: Any, mask: Mask | None) -> Any:
    """`data` with only the fields `mask` selects (lists are filtered item by item)."""
    if mask is None:
        return data
    if isinstance(data, list):
        return [apply_field_mask(item, mask) for item in data]
    if not isinstance(data, dict):
        return data
    selected = {}
    for key, value in data.items():
        if key in mask:
            selected[key] = apply_field_mask(value, mask[key])
        elif "*" in mask:
            selected[key] = apply_field_mask(value, mask["*"])
    return selected


# --- Request parameters and the error shape --------------------------------------------------


class StandardParametersSerializer(serializers.Serializer):
    """Google's standard query parameters, validated (add the API's own fields in a subclass)."""

    alt = serializers.ChoiceField(
        choices=["json"], required=False, help_text="Only `json` is served."
    )
    # DRF's metaclass moves declared fields off the class: this does not hide Serializer.fields.
    fields = serializers.CharField(  # type: ignore[assignment]
        max_length=1000,
        required=False,
        help_text="A partial response: the fields to keep, e.g. `claims(text,claimReview/url)`.",
    )
    prettyPrint = serializers.BooleanField(
        required=False, default=True, help_text="Indent the JSON (the default)."
    )
    key = serializers.CharField(
        max_length=200, required=False, help_text="An API key issued by the newsroom."
    )
    quotaUser = serializers.CharField(max_length=200, required=False, help_text="Ignored.")

    def get_fields(self):
        fields = super().get_fields()
        # Not a Python identifier, so not declarable as an attribute.
        fields["$.xgafv"] = serializers.ChoiceField(
            choices=["1", "2"], required=False, help_text="Error format version (both the same)."
        )
        return fields


def refuse_parameters(query_params, known: set[str]) -> None:
    """400 naming each parameter that is refused (JSONP, OAuth) or not known at all."""
    errors = {}
    for name in sorted(set(query_params)):
        if name in REFUSED_PARAMETERS:
            errors[name] = [REFUSED_PARAMETERS[name]]
        elif name not in known:
            errors[name] = ["Unknown query parameter."]
    if errors:
        raise ValidationError(errors)


def google_error(body: dict[str, Any]) -> dict[str, Any]:
    """The API's error body (status, code, detail, errors) in Google's shape."""
    status_code = body["status"]
    error: dict[str, Any] = {
        "code": status_code,
        "message": body["detail"],
        "status": RPC_STATUS.get(status_code, "UNKNOWN"),
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": body["code"].upper(),
                "domain": "factbase",
            }
        ],
    }
    violations = [
        {"field": field, "description": message}
        for field, messages in body.get("errors", {}).items()
        for message in messages
    ]
    if violations:
        error["details"].append(
            {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": violations}
        )
    return {"error": error}


class GoogleErrorSerializer(serializers.Serializer):
    """Errors of the Google-compatible endpoints, as Google's APIs give them."""

    error = serializers.DictField(
        help_text="`code` (the HTTP status), `message`, `status` (e.g. INVALID_ARGUMENT) and "
        "`details`: an ErrorInfo with the `reason`, and for invalid parameters a BadRequest "
        "whose `fieldViolations` name each one."
    )


class GoogleStyleMixin:
    """An APIView answering as Google's APIs do: errors in Google's shape, `prettyPrint`,
    JSON only. Views call `standard_parameters()` with their validated parameters."""

    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer]
    error_serializer = GoogleErrorSerializer
    pretty = True

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and {"status", "detail"} <= response.data.keys():
            response.data = google_error(response.data)
        challenge = response.get("WWW-Authenticate", "")
        if challenge and " " not in challenge:
            # A bare scheme is valid HTTP, but httplib2 (under Google's Python client) cannot
            # parse a challenge without parameters and raises instead of returning the 401.
            response["WWW-Authenticate"] = f'{challenge} realm="api"'
        return response

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["indent"] = 2 if self.pretty else None
        return context

    def standard_parameters(self, data: dict[str, Any]) -> None:
        self.pretty = data.get("prettyPrint", True)
