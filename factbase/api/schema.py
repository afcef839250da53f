"""OpenAPI generation: every operation documents its error responses (one shape) and headers."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from factbase.api.errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "304": "Not modified: the `If-None-Match` ETag is current.",
    "400": "Invalid input or query parameter (named in `errors`).",
    "401": "No valid credentials (a `WWW-Authenticate` header names the scheme).",
    "403": "Authenticated, but without the permission this needs.",
    "404": "No such object.",
    "405": "Method not allowed.",
    "406": "The `Accept` header asks for a format this API does not produce.",
    "409": "Conflicts with stored data (e.g. deleting something still referred to).",
    "412": "`If-Match` does not match: the object changed since it was read "
    "(`current_etag` gives the new ETag).",
    "413": "The request body is too large.",
    "415": "Unsupported request body type (send JSON).",
    "428": "`If-Match` is required for this change.",
    "429": "Too many requests (see `Retry-After`).",
    "500": "Unexpected server error.",
}

ALWAYS = ("401", "403", "405", "406", "429", "500")


class FactbaseAutoSchema(AutoSchema):
    def _is_write(self) -> bool:
        if getattr(self.view, "requires_if_match", False):
            return True
        return self.method in {"PUT", "PATCH", "DELETE"} and self._is_detail_resource()

    def _is_detail_resource(self) -> bool:
        action = getattr(self.view, "action", None)
        return action in {"update", "partial_update", "destroy"}

    def error_codes(self) -> list[str]:
        codes = list(ALWAYS)
        if self.method in {"POST", "PUT", "PATCH"}:
            codes += ["400", "413", "415"]
        if self.method == "GET":
            codes.append("400")  # a bad or unknown query parameter
        if "{" in self.path:
            codes.append("404")
        if self._is_write():
            codes += ["409", "412", "428"]
        if self.method == "DELETE":
            codes.append("409")
        codes += getattr(self.view, "extra_error_codes", {}).get(self.method.lower(), [])
        return sorted(set(codes))

    def get_response_serializers(self):
        view = self.view
        action = getattr(view, "action", None)
        detail = getattr(view, "detail_serializer_class", None)
        if detail is not None and action in {"create", "update", "partial_update"}:
            return detail
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "action", None) == "retrieve" and hasattr(self.view, "etag_for"):
            responses.setdefault("304", {"description": ERROR_DESCRIPTIONS["304"]})
        for code in self.error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if not hasattr(self.view, "etag_for"):
            return parameters
        if action == "retrieve":
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier GET: 304 with no body if still current.",
                )
            )
        if self._is_write():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The ETag from your last GET of this object; the change is "
                    "made only if nobody changed it since (412 otherwise, 428 if missing).",
                )
            )
        if action in {"retrieve", "create", "update", "partial_update"}:
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200, 201],
                    description="The object's entity tag; send it as If-Match to change it.",
                )
            )
        return parameters


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "factbase.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        definition = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
        definition["description"] = (
            "`Authorization: Token <token>`; get a token from POST /api/v1/auth/login/ or "
            "`manage.py create_token USER`."
        )
        return definition


# Query parameters whose values the server hands out (opaque tokens) or that take any value.
FREE_QUERY_PARAMETERS = frozenset({"cursor", "pageToken", "format"})


def document_input_rules(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: say in the schema what the server enforces on input.

    - A text query parameter given empty or blank is refused (400 "Empty: give a value"), so its
      schema asks for a non-space character.
    - A request body with a field the resource does not have is refused (400 "Unknown field"),
      so request bodies allow no additional properties.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] not in (
                    FREE_QUERY_PARAMETERS
                ):
                    schema = parameter.get("schema", {})
                    _require_text(
                        schema.get("items", schema) if schema.get("type") == "array" else schema
                    )
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component.setdefault("additionalProperties", False)
    return result


def _require_text(schema: dict) -> None:
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        schema.setdefault("minLength", 1)
        schema.setdefault("pattern", r"\S")
