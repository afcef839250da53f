"""Post-processing of the generated OpenAPI document, for generated clients.

- Multi-value query parameters are declared `style: form, explode: true`: what clients send for
  an array (`?status=new&status=in_review`), which the filters accept (as well as commas).
- Each list's `ordering` values are a named enum component whose members have names
  (`x-enum-varnames`: `CLAIMED_ON`, `CLAIMED_ON_DESC`), not `VALUE_0`.
- An operation without an example gets one, built from its schema: its request body's when it
  takes one, else its success response's.
"""

import re
from typing import Any

from factbase.api.errors import ERROR_EXAMPLE

MULTI_VALUE_NOTE = (
    "Several values: repeat the parameter (`status=new&status=in_review`) or comma-separate them."
)


def _enum_name(value: str) -> str:
    descending = value.startswith("-")
    name = re.sub(r"\W+", "_", value.lstrip("-")).strip("_").upper()
    return f"{name}_DESC" if descending else name


def _component_name(operation_id: str) -> str:
    resource = operation_id.removesuffix("_list")
    return "".join(part.capitalize() for part in resource.split("_")) + "Ordering"


def _ordering_component(
    parameter: dict[str, Any], operation: dict[str, Any], components: dict[str, Any]
) -> None:
    schema = parameter["schema"]
    holder = schema if "enum" in schema else schema.get("items", {})
    if "enum" not in holder:
        return
    name = _component_name(operation["operationId"])
    values = holder["enum"]
    components[name] = {
        "type": "string",
        "enum": values,
        "x-enum-varnames": [_enum_name(value) for value in values],
        "description": "A sort key; `-` first for descending.",
    }
    reference = {"$ref": f"#/components/schemas/{name}"}
    if holder is schema:
        parameter["schema"] = reference
    else:
        schema["items"] = reference


def _query_parameters(operation: dict[str, Any], components: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        if parameter["name"] == "ordering":
            _ordering_component(parameter, operation, components)
        schema = parameter.get("schema", {})
        if schema.get("type") != "array":
            continue
        parameter["style"], parameter["explode"] = "form", True
        description = parameter.get("description", "")
        description = description.replace("Multiple values may be separated by commas.", "")
        parameter["description"] = f"{MULTI_VALUE_NOTE} {description.strip()}".strip()


# --- examples built from schemas -----------------------------------------------------------

_STRING_FORMATS = {
    "date-time": "2026-01-31T12:00:00Z",
    "date": "2026-01-31",
    "uri": "https://example.org/news/2026/rents",
    "email": "desk@example.org",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
}
_STRINGS = {
    "text": "Rents rose 40% since 2015",
    "quote": "rents rose 40% since 2015",
    "title": "Council statement on rents",
    "body": "The council said rents rose 40% since 2015.",
    "name": "Tenants' Union",
    "username": "alice",
    "token": "9f1c2b7e…",
    "cursor": "eyJzIjoi…",
    "explanation": "The council's own figures show a 38% rise.",
}


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example_of(
    schema: dict[str, Any], schemas: dict[str, Any], name: str = "", depth: int = 0
) -> Any:
    """A plausible value for `schema` (references resolved, nesting bounded)."""
    schema = _resolve(schema, schemas)
    if "example" in schema:
        return schema["example"]
    for combined in ("allOf", "oneOf", "anyOf"):
        if schema.get(combined):
            return example_of(schema[combined][0], schemas, name, depth)
    if "enum" in schema:
        values = [value for value in schema["enum"] if value not in ("", None)]
        return values[0] if values else None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        properties = schema.get("properties", {})
        return {
            key: example_of(value, schemas, key, depth + 1) for key, value in properties.items()
        }
    if kind == "array":
        if depth > 4:
            return []
        return [example_of(schema.get("items", {}), schemas, name, depth + 1)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1)) if name != "version" else 3
    if kind == "number":
        return 0.87
    if kind == "boolean":
        return True
    if schema.get("format") in _STRING_FORMATS:
        return _STRING_FORMATS[schema["format"]]
    return _STRINGS.get(name, name.replace("_", " ") or "string")


def _has_example(content: dict[str, Any]) -> bool:
    return any("example" in media or "examples" in media for media in content.values())


def _add_example(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    request = operation.get("requestBody", {}).get("content", {})
    responses = operation.get("responses", {})
    success = [
        response.get("content", {})
        for code, response in sorted(responses.items())
        if code.startswith("2")
    ]
    if _has_example(request) or any(_has_example(content) for content in success):
        return
    target = request or next((content for content in success if content), None)
    if not target:
        # No body either way (a 204): show the error a client most often meets instead.
        errors = next(
            (r["content"] for code, r in sorted(responses.items()) if code == "428"), None
        ) or next((r["content"] for code, r in responses.items() if "content" in r), None)
        if errors:
            for media in errors.values():
                media["example"] = ERROR_EXAMPLE
        return
    for media in target.values():
        if "schema" in media:
            media["example"] = example_of(media["schema"], schemas)


def postprocess(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: see the module docstring."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            _query_parameters(operation, schemas)
            _add_example(operation, schemas)
    return result
