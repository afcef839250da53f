"""Every malformed input gets a 4xx in the one error shape, never a 500 or an HTML page."""

import base64
import itertools
import json
import string
from urllib.parse import unquote

import pytest
from django.test import Client

import newstext.pipeline
from claims.models import CLAIM_TEXT_MAX_CHARS, Claim
from sources.models import Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"status", "code", "detail", "errors"}
SIX_MIB = 6 * 1024 * 1024


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert body["status"] == status
    return body


def post_raw(client, path: str, body: str | bytes, content_type: str = "application/json"):
    return client.generic("POST", path, body, content_type=content_type)


# --- size ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/sources/", "/api/v1/claims/", "/api/v1/sources/?extract=true"]
)
@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded", "text/plain"]
)
def test_a_body_over_the_limit_is_413_whatever_its_type(api, reporter, path, content_type):
    body = json.dumps({"title": "Big", "body": "x" * SIX_MIB})
    body = error(post_raw(api(reporter), path, body, content_type), 413)
    assert "limit" in body["detail"]


def test_a_body_over_the_limit_is_413_even_without_credentials():
    error(post_raw(Client(), "/api/v1/claims/", "x" * SIX_MIB), 413)


def test_a_content_length_that_is_no_number_is_400(api, reporter):
    response = api(reporter).generic(
        "POST", "/api/v1/claims/", b"{}", content_type="application/json", CONTENT_LENGTH="many"
    )
    error(response, 400)


# --- JSON that parses but cannot be stored ----------------------------------------------------


@pytest.mark.parametrize("depth", [40, 999, 1000, 100_000])
def test_deeply_nested_json_is_400(api, reporter, depth):
    nested = '{"origin": ' + '{"a": ' * depth + "1" + "}" * depth + ', "title": "t"}'
    body = error(post_raw(api(reporter), "/api/v1/sources/", nested), 400)
    assert "nested" in body["detail"]
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        '{"text": "Turnout rose \\ud800 in 2019"}',
        '{"text": "Turnout rose in 2019", "tags": ["\\udfff"]}',
        '{"\\ud800text": "Turnout rose in 2019"}',
    ],
)
def test_lone_surrogates_in_keys_or_values_are_400(api, reporter, raw):
    body = error(post_raw(api(reporter), "/api/v1/claims/", raw), 400)
    assert "surrogate" in body["detail"]
    assert not Claim.objects.exists()


def test_a_million_distinct_words_too_many_to_index_is_400_on_the_body(api, reporter):
    words = ("".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=5))
    text = " ".join(itertools.islice(words, 166_000))[:1_000_000]
    response = api(reporter).post(
        "/api/v1/sources/", {"title": "Word list", "body": text}, format="json"
    )
    body = error(response, 400)
    assert list(body["errors"]) == ["body"]
    assert "index" in body["errors"]["body"][0]
    assert not Source.objects.exists()


def test_a_batch_with_a_text_too_varied_to_index_is_400_on_the_body_and_stores_nothing(
    api, reporter
):
    words = ("".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=5))
    text = " ".join(itertools.islice(words, 166_000))[:1_000_000]
    items = [{"title": "Statement", "body": "Rents rose 40%."}, {"title": "List", "body": text}]
    response = api(reporter).post("/api/v1/sources/bulk/", {"items": items}, format="json")
    body = error(response, 400)
    assert list(body["errors"]) == ["body"]
    assert "index" in body["errors"]["body"][0]
    assert not Source.objects.exists()


def test_an_extracted_claim_the_store_refuses_is_reported_on_the_posted_page(
    api, reporter, monkeypatch
):
    """The client sent a page, not claim texts: a refused extraction names the page."""
    monkeypatch.setattr(newstext.pipeline, "CLAIM_TEXT_MAX_CHARS", 10 * CLAIM_TEXT_MAX_CHARS)
    sentence = "Rents in the city rose by 40% between 2015 and 2023 according to the union"
    quote = ", and ".join([sentence] * 80)
    page = (
        "Rents soar across the city\n\n"
        f'The tenants\' union spokesperson Maria Lopez said: "{quote}."\n'
    )
    response = api(reporter).post(
        "/api/v1/sources/?extract=true", {"body": page, "url": ""}, format="json"
    )
    if response.status_code in {200, 201}:
        pytest.fail("the page's over-long claim was stored; the test needs a longer quote")
    body = error(response, 400)
    assert list(body["errors"]) == ["body"]
    assert not Source.objects.exists()


# --- forged cursors ---------------------------------------------------------------------------


def _forge(cursor: str, position: int, value) -> str:
    """The cursor's position with one value replaced, re-encoded as the API encodes it."""
    payload, _, _signature = cursor.rpartition(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["v"][position] = value
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return f"{raw}.{_signature}"


@pytest.mark.parametrize(
    ("ordering", "position", "value"),
    [
        ("-created_at", 0, "2026-01-01T00:00:00+20:00"),
        ("-created_at", 0, "9999-12-31T23:59:59-15:00"),
        ("-created_at", 0, "2026-01-01T00:00:00\u0000"),
        ("-created_at", 0, "\ud800"),
        ("-created_at", -1, 2**70),
        ("title", 0, "\u0000"),
        ("title", 0, "\udc80"),
    ],
)
def test_forged_cursors_are_400(api, reader, ordering, position, value):
    for n in range(3):
        SourceFactory(title=f"Source {n}")
    client = api(reader)
    params = {"page_size": 1, "ordering": ordering}
    url = client.get("/api/v1/sources/", params).json()["next"]
    cursor = unquote(url.split("cursor=")[1].split("&")[0])
    assert client.get("/api/v1/sources/", {**params, "cursor": cursor}).status_code == 200
    forged = _forge(cursor, position, json.loads(json.dumps(value)))
    response = client.get("/api/v1/sources/", {**params, "cursor": forged})
    body = error(response, 400)
    assert list(body["errors"]) == ["cursor"]


# --- query parameters and body fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/claims/", "updated_since"),
        ("/api/v1/sources/", "updated_since"),
        ("/api/v1/citations/", "updated_since"),
        ("/api/v1/entities/", "updated_since"),
        ("/api/v1/claims/", "status"),
        ("/api/v1/claims/", "q"),
    ],
)
def test_an_empty_filter_is_400_not_silently_ignored(api, reader, path, parameter):
    body = error(api(reader).get(path, {parameter: ""}), 400)
    assert list(body["errors"]) == [parameter]


def test_an_unknown_body_field_is_400_naming_it(api, reporter):
    client = api(reporter)
    body = error(client.post("/api/v1/claims/", {"txet": "Typo"}, format="json"), 400)
    assert "txet" in body["errors"]
    assert "Writable fields" in body["errors"]["txet"][0]
    claim = ClaimFactory()
    patched = client.patch(
        f"/api/v1/claims/{claim.pk}/", {"statsu": "in_review"}, format="json", HTTP_IF_MATCH="*"
    )
    assert "statsu" in error(patched, 400)["errors"]
    claim.refresh_from_db()
    assert claim.version == 1


def test_sending_back_a_read_representation_is_not_an_unknown_field(api, reporter):
    client = api(reporter)
    claim = ClaimFactory()
    read = client.get(f"/api/v1/claims/{claim.pk}/")
    data = {**read.json(), "text": "Membership rose to 310 in 2019"}
    response = client.put(
        f"/api/v1/claims/{claim.pk}/", data, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [("text", 2019), ("tags", "budget"), ("claimant_id", "7"), ("claimant_id", True)],
)
def test_a_value_of_the_wrong_json_type_is_400_not_converted(api, reporter, field, value):
    """DRF would store `2019` as "2019" and `"7"` as entity 7; a client with a type bug is told."""
    body = {"text": "Membership rose to 310 in 2019", field: value}
    errors = error(api(reporter).post("/api/v1/claims/", body, format="json"), 400)["errors"]
    assert list(errors) == [field]
    assert errors[field][0].startswith("Must be ")
    assert not Claim.objects.exists()


def test_the_schema_states_the_input_rules_the_server_enforces(api, reader):
    schema = api(reader).get("/api/v1/schema/", {"format": "json"}).json()
    claims_list = schema["paths"]["/api/v1/claims/"]["get"]["parameters"]
    text = next(parameter for parameter in claims_list if parameter["name"] == "text")
    assert text["schema"]["minLength"] == 1  # an empty filter is a 400
    assert text["schema"]["pattern"] == r"\S"  # so is a blank one
    cursor = next(parameter for parameter in claims_list if parameter["name"] == "cursor")
    assert "minLength" not in cursor["schema"]
    assert schema["components"]["schemas"]["ClaimRequest"]["additionalProperties"] is False
