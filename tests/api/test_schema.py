"""The OpenAPI schema: generated from the code, valid, with every error documented."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )


def test_every_operation_documents_its_errors_with_the_error_shape(schema):
    for path, operations in schema["paths"].items():
        # The Google-compatible endpoints answer errors in Google's shape.
        shape = "GoogleError" if path.startswith("/api/v1/factcheck/") else "Error"
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in ("401", "403", "429", "500"):
                assert code in responses, (method, path, code)
            for code, response in responses.items():
                if code >= "400":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == f"#/components/schemas/{shape}", (method, path, code)
            if method in {"put", "patch", "delete"} and "{id}" in path:
                assert {"412", "428"} <= set(responses), (method, path)
                names = [p["name"] for p in operation["parameters"]]
                assert "If-Match" in names


def test_lists_document_their_filters_and_pagination(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert {"status", "claimed_after", "claimant_id", "q", "ordering", "cursor"} <= set(parameters)
    assert parameters["status"]["schema"]["type"] == "array"
    assert "reviewed" in parameters["status"]["schema"]["items"]["enum"]


def test_the_docs_page_and_schema_are_served_to_logged_in_users(client, api, reader):
    assert api(reader).get("/api/v1/schema/").status_code == 200
    client.force_login(reader)
    assert client.get("/api/v1/docs/").status_code == 200


def test_the_schema_and_docs_are_not_readable_anonymously(client):
    """As the docs say: nothing is readable without credentials."""
    refused = client.get("/api/v1/schema/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "not_authenticated"
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/admin/login/?next=/api/v1/docs/")


def test_the_docs_page_loads_its_assets_from_this_server_not_a_cdn(client, reader):
    client.force_login(reader)
    page = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert (
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css").status_code
        == 200
    )


def test_server_set_claim_fields_are_read_only(schema):
    for name, component in schema["components"]["schemas"].items():
        properties = component.get("properties", {})
        if name.startswith("Claim") and "check_worthiness" in properties:
            assert properties["origin"]["readOnly"] is True, name
            assert properties["check_worthiness"]["readOnly"] is True, name
