"""The Fact Check search as a drop-in for Google's Fact Check Tools API: Google's standard
parameters, Google's error shape, API keys and the newsroom's access setting."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from factbase.api.google import parse_field_mask
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/factcheck/claims:search"
DISCOVERY = "/api/v1/factcheck/$discovery/rest"
KEY = "fb-test-key-7c1e"


@pytest.fixture
def keys(settings):
    settings.FACTCHECK_API_KEYS = [KEY]
    settings.FACTCHECK_ACCESS = "key"


def published(text):
    return CitationFactory(
        claim__text=text,
        claim__status="published",
        claim__verdict="misleading",
        claim__explanation="The register says otherwise.",
        claim__claimed_on=date(2019, 6, 1),
        claim__reviewed_at=timezone.now() - timedelta(days=1),
        claim__review_url="https://factdesk.example/checks/1/",
        claim__review_title=f"Fact check: {text}",
    ).claim


def test_a_key_alone_is_served_published_fact_checks_only(keys):
    claim = published("Membership rose to 300 in 2019")
    ClaimFactory(text="Membership rose to 400 in 2019")  # a draft
    response = APIClient().get(URL, {"query": "membership", "key": KEY, "alt": "json"})
    assert response.status_code == 200
    assert [c["text"] for c in response.json()["claims"]] == [claim.text]


def test_without_a_key_or_token_the_default_answers_401_in_googles_shape(keys):
    response = APIClient().get(URL, {"query": "membership"})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == 401
    assert error["status"] == "UNAUTHENTICATED"
    assert "API key" in error["message"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_an_unknown_key_is_refused(keys):
    response = APIClient().get(URL, {"query": "membership", "key": "guessed"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == (
        "API key not valid. Please pass a valid API key."
    )


def test_public_access_serves_anyone_and_ignores_unknown_keys(settings):
    settings.FACTCHECK_ACCESS = "public"
    settings.FACTCHECK_API_KEYS = []
    published("Membership rose to 300 in 2019")
    client = APIClient()
    assert len(client.get(URL, {"query": "membership"}).json()["claims"]) == 1
    assert client.get(URL, {"query": "membership", "key": "AIza-old-google-key"}).status_code == 200
    # Still read-only, and only this endpoint is public.
    assert client.post(URL, {}, format="json").status_code == 405
    assert client.get("/api/v1/claims/").status_code == 401


def test_a_token_still_works_without_a_key(api, reader, keys):
    published("Membership rose to 300 in 2019")
    assert len(api(reader).get(URL, {"query": "membership"}).json()["claims"]) == 1


def test_keys_count_against_their_own_budget_not_the_address(settings, keys):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "50/minute"},
    }
    client = APIClient()
    statuses = [client.get(URL, {"query": "x", "key": KEY}).status_code for _ in range(4)]
    assert statuses == [200] * 4
    last = client.get(URL, {"query": "x", "key": KEY})
    assert (last["RateLimit-Limit"], last["RateLimit-Remaining"]) == ("50", "45")


def test_googles_standard_parameters_are_accepted(api, reader):
    published("Membership rose to 300 in 2019")
    client = api(reader)
    params = {"query": "membership", "alt": "json", "quotaUser": "bot-1", "$.xgafv": "2"}
    pretty = client.get(URL, params)
    compact = client.get(URL, {**params, "prettyPrint": "false"})
    assert pretty.status_code == compact.status_code == 200
    assert b"\n  " in pretty.content  # Google's default: indented
    assert b"\n" not in compact.content
    assert json.loads(pretty.content) == json.loads(compact.content)


def test_fields_gives_a_partial_response(api, reader):
    published("Membership rose to 300 in 2019")
    body = (
        api(reader)
        .get(URL, {"query": "membership", "fields": "claims(text,claimReview/publisher/name)"})
        .json()
    )
    assert body == {
        "claims": [
            {
                "text": "Membership rose to 300 in 2019",
                "claimReview": [{"publisher": {"name": "factbase"}}],
            }
        ]
    }
    star = api(reader).get(URL, {"query": "membership", "fields": "claims/claimReview/*"}).json()
    assert set(star["claims"][0]) == {"claimReview"}
    assert "url" in star["claims"][0]["claimReview"][0]


def test_a_field_selected_twice_keeps_both_selections() -> None:
    assert parse_field_mask("claims(text),claims(claimant)") == {
        "claims": {"text": None, "claimant": None}
    }
    # The whole field and a part of it: the whole field.
    assert parse_field_mask("claims,claims(text)") == {"claims": None}
    assert parse_field_mask("claims(text),claims") == {"claims": None}


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"alt": "proto"}, "alt", "not a valid choice"),
        ({"callback": "handle"}, "callback", "JSONP is not served"),
        ({"access_token": "ya29.x"}, "access_token", "OAuth"),
        ({"fields": "claims(txet)"}, "fields", "Invalid field selection claims/txet"),
        ({"fields": "claims(text"}, "fields", "not closed"),
        ({"$.xgafv": "3"}, "$.xgafv", "not a valid choice"),
        ({"prettyPrint": "maybe"}, "prettyPrint", "valid boolean"),
        ({"sort": "new"}, "sort", "Unknown query parameter"),
        ({"pageSize": 0}, "pageSize", "greater than or equal to 1"),
    ],
)
def test_bad_parameters_are_400_in_googles_shape_naming_them(api, reader, params, parameter, words):
    response = api(reader).get(URL, {"query": "membership", **params})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert parameter in error["message"]
    [violations] = [d for d in error["details"] if d["@type"].endswith("google.rpc.BadRequest")]
    [violation] = violations["fieldViolations"]
    assert violation["field"] == parameter
    assert words in violation["description"]


def test_writes_are_refused_in_googles_shape(api, reader):
    response = api(reader).post(URL, {}, format="json")  # a reader may not write anything
    assert response.status_code == 403
    assert response.json()["error"]["status"] == "PERMISSION_DENIED"


def test_the_discovery_document_describes_this_server(keys):
    response = APIClient().get(DISCOVERY, {"version": "v1alpha1", "key": KEY})
    assert response.status_code == 200
    document = response.json()
    assert document["rootUrl"] == "http://testserver/"
    search = document["resources"]["claims"]["methods"]["search"]
    assert document["rootUrl"] + document["servicePath"] + search["path"] == (
        "http://testserver" + URL
    )
    assert set(search["parameters"]) == {
        "query",
        "languageCode",
        "reviewPublisherSiteFilter",
        "maxAgeDays",
        "pageSize",
        "pageToken",
        "offset",
    }
    assert APIClient().get(DISCOVERY).status_code == 401  # the access rule of the search
    assert APIClient().get(DISCOVERY, {"version": "v2"}).status_code in {400, 401}
