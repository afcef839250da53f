"""OpenAPI generation: every operation documents its error responses (one shape) and headers."""

import re

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


# Summaries and descriptions of the standard actions, by the model's verbose names.
ACTION_SUMMARIES = {
    "list": "List {plural}",
    "create": "Create a {name}",
    "retrieve": "Get a {name}",
    "update": "Replace a {name}",
    "partial_update": "Change a {name}",
    "destroy": "Delete a {name}",
}
ACTION_DESCRIPTIONS = {
    "list": "{doc}\n\nA page at a time (follow `next`; `page_size` up to 100), narrowed and "
    "sorted by the query parameters. Multi-value parameters take several values as a repeated "
    "key (`status=new&status=in_review`) or comma-separated.",
    "create": "{doc}\n\nAnswers 201 with the new {name}, its `Location` and its `ETag`.",
    "retrieve": "{doc}\n\nWith its `ETag`; send `If-None-Match` to get 304 while unchanged.",
    "update": "Replace the {name}'s writable fields (those left out take their defaults). "
    "Needs `If-Match` with the ETag of your last read.",
    "partial_update": "Change only the fields sent. Needs `If-Match` with the ETag of your last "
    "read: 412 if the {name} changed since, 428 without it.",
    "destroy": "Delete the {name} (its history is kept). Needs `If-Match` with the ETag of your "
    "last read.",
}


class FactbaseAutoSchema(AutoSchema):
    def _names(self) -> dict[str, str]:
        queryset = getattr(self.view, "queryset", None)
        model = queryset.model if queryset is not None else None
        if model is None:
            serializer = getattr(self.view, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None:
            return {}
        return {
            "name": str(model._meta.verbose_name),
            "plural": str(model._meta.verbose_name_plural),
        }

    def _doc(self) -> str:
        return (type(self.view).__doc__ or "").strip()

    def get_summary(self):
        summary = super().get_summary()
        if summary:
            return summary
        action = getattr(self.view, "action", None)
        names = self._names()
        if action in ACTION_SUMMARIES and names:
            summary = ACTION_SUMMARIES[action].format(**names)
            return re.sub(r"\ba ([aeiou])", r"an \1", summary)
        # Otherwise the first clause of the operation's own description (or the view's).
        text = " ".join((self.get_description() or self._doc()).split())
        first = re.split(r"(?<=[a-z)`])[.:;] ", text + " ", maxsplit=1)[0].rstrip(". ")
        return first[:90] or None

    def get_description(self):
        action = getattr(self.view, "action", None)
        names = self._names()
        method = getattr(self.view, action, None) if action else None
        own = (getattr(method, "__doc__", None) or "").strip()
        if action in ACTION_DESCRIPTIONS and names and not own:
            return ACTION_DESCRIPTIONS[action].format(doc=self._doc(), **names)
        return super().get_description()

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
        error_serializer = getattr(self.view, "error_serializer", ErrorSerializer)
        for code in self.error_codes():
            if code not in responses:
                response = self._get_response_for_code(error_serializer, code, direction=direction)
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
