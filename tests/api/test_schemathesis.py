"""Schemathesis over every operation of the schema, against the Django WSGI app with a token.

Checks: no server errors, responses (errors included) match the documented schema and status
codes, and nothing documented as authenticated answers without credentials. Bounded by
`max_examples` so the whole run takes about a minute; part of `make test`.
"""

import base64
import json
import os
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from knox.models import get_token_model
from schemathesis.checks import CHECKS as CHECKS_REGISTRY
from schemathesis.checks import load_all_checks

from tests.factories import CitationFactory, UserFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))
# Every built-in check (`--checks all`): no server error; responses, status codes, content types
# and headers as documented; schema-valid requests accepted and schema-violating ones refused;
# required headers and credentials enforced; unsupported methods answered 405.
CHECKS = CHECKS_REGISTRY.get_all()

load_all_checks()
schema = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
)
schema.app = get_wsgi_application()
requests_sent: Counter = Counter()


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes connections at request end; the test transaction needs it open
    (Django's test client disconnects the same signal)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, settings, keep_test_connection):
    """A superuser's token and one object of each kind to aim some requests at."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "token": "100000/minute"},
    }
    user = UserFactory(username="fuzzer", is_superuser=True, is_staff=True)
    _, token = get_token_model().objects.create(user=user, expiry=None)
    citation = CitationFactory(
        claim__status="published",
        claim__verdict="mixed",
        claim__explanation="Half of it holds.",
        claim__review_url="https://factdesk.example/checks/1/",
        claim__review_title="Half true",
    )
    return {
        "user_id": user.pk,
        "headers": {"Authorization": f"Token {token}"},
        "ids": {
            "claims": citation.claim_id,
            "citations": citation.pk,
            "sources": citation.source_id,
            "entities": citation.claim.claimant_id,
        },
    }


# Body fields naming another object, and the kind of object they name.
REFERENCES = {
    "claim_id": "claims",
    "source_id": "sources",
    "speaker_id": "entities",
    "claimant_id": "entities",
    "publisher_id": "entities",
    "author_ids": "entities",
    "into": "claims",
}
# Tokens the server hands out (next-page links); a fuzzer cannot make a valid one.
SERVER_TOKENS = ("cursor", "pageToken")


def _aim_at_real_objects(case, seeded) -> None:
    """Make generated requests name what a real client's would: half the path ids and every
    reference in a body point at existing objects, If-Match holds a current tag (`*`), and
    page tokens are left out. What the server does with ids that do not exist, stale tags and
    forged tokens is tested where each is built (404, 400, 412)."""
    parameters = case.path_parameters or {}
    if "id" in parameters and isinstance(parameters["id"], int) and parameters["id"] % 2 == 0:
        resource = case.path.split("/")[3]
        if resource in seeded["ids"]:
            parameters["id"] = seeded["ids"][resource]
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = "*"
    for token in SERVER_TOKENS:
        if case.query:
            case.query.pop(token, None)
    if isinstance(case.body, dict):
        for field, resource in REFERENCES.items():
            value = case.body.get(field)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                case.body[field] = seeded["ids"][resource]
            elif (
                isinstance(value, list)
                and value
                and all(isinstance(item, int) and not isinstance(item, bool) for item in value)
            ):
                case.body[field] = [seeded["ids"][resource]]
        if isinstance(case.body.get("assignee_id"), int):
            case.body["assignee_id"] = seeded["user_id"]


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(
        f"\nSchemathesis: {len(list(schema.get_all_operations()))} operations, "
        f"{sum(requests_sent.values())} requests"
    )


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, seeded):
    _aim_at_real_objects(case, seeded)
    requests_sent[case.operation.label] += 1
    case.call_and_validate(headers=_credentials(case, seeded), checks=CHECKS)


def _credentials(case, seeded) -> dict[str, str]:
    """The fuzzer's token; basic auth for login; a throwaway user's token for logouts."""
    if case.path.endswith("/auth/login/"):
        raw = base64.b64encode(b"fuzzer:correct horse battery").decode()
        return {"Authorization": f"Basic {raw}"}
    if "/auth/logout" in case.path:
        user = UserFactory()
        _, token = get_token_model().objects.create(user=user)
        return {"Authorization": f"Token {token}"}
    return seeded["headers"]
