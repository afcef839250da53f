"""Who may call what: every API route and method × every role, as one table.

The routes come from the URL configuration, so a route added without a row here fails
`test_every_api_route_has_a_row` (and a row left for a removed route fails it too). Each cell is
the outcome for a role: 401 (not logged in), 403 (logged in, not allowed) or ALLOWED (the
request gets past authorisation: whatever it answers then, 2xx, 400, 404 or 428, it is neither
401, 403 nor a server error). Write requests carry an empty body and no If-Match, so an allowed
one is refused for that (400, 428) and changes nothing.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from knox.models import get_token_model
from rest_framework.test import APIClient

from claims.models import ClaimStatus
from claims.services import relation_suggest
from events.models import Subscription
from factbase.users import User
from jobs.models import Job
from tests.api.conftest import TokenClient, ensure_editorial_groups
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    EntityFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALLOWED = "allowed"
ROLES = ("anonymous", "reader", "reporter", "fact-checker", "admin")

# The outcome for (anonymous, reader, reporter, fact-checker, admin).
READ = (401, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
WRITE = (401, 403, ALLOWED, ALLOWED, ALLOWED)
DELETE = (401, 403, 403, 403, ALLOWED)  # deleting is for administrators only
ADMINISTRATORS = DELETE
SIGNED_IN = READ  # any logged-in user; what they see is filtered to what they may view

MATRIX: dict[tuple[str, str], tuple] = {
    ("api-root", "GET"): SIGNED_IN,
    # Logging in takes a username and password (basic auth); a token is not accepted there.
    ("api-login", "POST"): (401, 401, 401, 401, 401),
    ("api-logout", "POST"): SIGNED_IN,
    ("api-logoutall", "POST"): SIGNED_IN,
    # The schema and its docs page describe the service to signed-in users only.
    ("api-schema", "GET"): SIGNED_IN,
    ("api-docs", "GET"): (302, ALLOWED, ALLOWED, ALLOWED, ALLOWED),  # a browser page: to login
    ("claimreview-feed", "GET"): READ,
    ("event-feed", "GET"): SIGNED_IN,
    ("extraction-detail", "GET"): SIGNED_IN,  # the poster's own extraction; 404 for others
    # The Google-compatible search and its discovery document: by default an API key or a
    # reader's token (FACTCHECK_ACCESS); anonymous only when the newsroom makes them public.
    ("factcheck-search", "GET"): READ,
    ("factcheck-discovery", "GET"): READ,
    ("source-list", "GET"): READ,
    ("source-list", "POST"): WRITE,
    ("source-bulk", "POST"): WRITE,
    ("source-extract", "POST"): WRITE,
    ("source-detail", "GET"): READ,
    ("source-detail", "PUT"): WRITE,
    ("source-detail", "PATCH"): WRITE,
    ("source-detail", "DELETE"): DELETE,
    ("source-history", "GET"): READ,
    ("entity-list", "GET"): READ,
    ("entity-list", "POST"): WRITE,
    ("entity-detail", "GET"): READ,
    ("entity-detail", "PUT"): WRITE,
    ("entity-detail", "PATCH"): WRITE,
    ("entity-detail", "DELETE"): DELETE,
    ("entity-history", "GET"): READ,
    ("claim-list", "GET"): READ,
    ("claim-list", "POST"): WRITE,
    ("claim-bulk", "POST"): WRITE,
    ("claim-duplicates", "GET"): READ,
    ("claim-detail", "GET"): READ,
    ("claim-detail", "PUT"): WRITE,
    ("claim-detail", "PATCH"): WRITE,
    ("claim-detail", "DELETE"): DELETE,
    ("claim-claimreview", "GET"): READ,
    ("claim-claimreview-validation", "GET"): READ,
    ("claim-history", "GET"): READ,
    ("claim-similar", "GET"): READ,
    ("claim-merge", "POST"): WRITE,
    ("citation-list", "GET"): READ,
    ("citation-list", "POST"): WRITE,
    ("citation-bulk", "POST"): WRITE,
    ("citation-detail", "GET"): READ,
    ("citation-detail", "PUT"): WRITE,
    ("citation-detail", "PATCH"): WRITE,
    ("citation-detail", "DELETE"): DELETE,
    ("citation-history", "GET"): READ,
    # Suggested matches: journalists decide them; nobody creates or deletes them by hand.
    ("relation-list", "GET"): READ,
    ("relation-detail", "GET"): READ,
    ("relation-history", "GET"): READ,
    ("relation-decision", "POST"): WRITE,
    # Webhook subscriptions: set up by administrators for the newsroom's tools.
    ("webhook-list", "GET"): ADMINISTRATORS,
    ("webhook-list", "POST"): ADMINISTRATORS,
    ("webhook-detail", "GET"): ADMINISTRATORS,
    ("webhook-detail", "PUT"): ADMINISTRATORS,
    ("webhook-detail", "PATCH"): ADMINISTRATORS,
    ("webhook-detail", "DELETE"): ADMINISTRATORS,
    ("webhook-deliveries", "GET"): ADMINISTRATORS,
    ("webhook-history", "GET"): ADMINISTRATORS,
    ("webhook-rotate-secret", "POST"): ADMINISTRATORS,
}

# Query strings a route needs to get past its own validation when called with no arguments.
QUERIES = {
    "claim-duplicates": "?text=Turnout",
    "factcheck-search": "?query=membership",
    "factcheck-discovery": "?version=v1alpha1",
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_routes() -> list[tuple[str, str, URLPattern]]:
    """(route name, HTTP method, pattern) for every API route in the URL configuration."""
    routes = []
    for path, pattern in _walk(get_resolver().url_patterns):
        if not path.startswith("api/v1/"):
            continue
        callback = pattern.callback
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        actions = getattr(callback, "actions", None)
        methods = (
            actions
            if actions is not None
            else [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
        )
        routes += [(pattern.name, method.upper(), pattern) for method in methods]
    return routes


ROUTES = api_routes()


def test_every_api_route_has_a_row():
    found = {(name, method) for name, method, _ in ROUTES}
    assert found - MATRIX.keys() == set(), "routes with no row in MATRIX: add them"
    assert MATRIX.keys() - found == set(), "rows for routes that no longer exist"


@pytest.fixture(scope="module")
def _module_data(django_db_setup, django_db_blocker):
    """The objects and the roles' users and tokens, made once for the module (a few hundred
    tests read them) in a transaction rolled back after its last test. Each test's own
    transaction nests inside it, so what a test's requests change (a token logged out, a
    verdict set) is rolled back before the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _make_objects(), _make_role_tokens()
        transaction.set_rollback(True)


def _make_objects() -> dict:
    """One object of each resource, for the routes that address one: a published claim (so its
    ClaimReview exists) with a citation."""
    citation = CitationFactory.create()
    claim = citation.claim
    type(claim).objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PUBLISHED,
        verdict="accurate",
        explanation="Matches the register.",
        review_url="https://factbase.example.org/checks/1",
        review_title="Did membership rise to 300?",
    )
    return {
        "source": SourceFactory.create(),
        "entity": EntityFactory.create(),
        "claim": claim,
        "citation": citation,
        "relation": relation_suggest(
            from_claim=claim, to_claim=ClaimFactory.create(), score=0.9, method="import: text"
        )[0],
        "webhook": Subscription.objects.create(
            target_url="https://cms.example.org/hook",
            secret="a-webhook-secret",
            created_by=UserFactory.create(username="integrator"),
        ),
        "extraction": Job.objects.create(kind="extract_page", payload={}),
    }


def _make_role_tokens() -> dict[str, tuple[User, str]]:
    """A user and a token for each signed-in role."""
    ensure_editorial_groups()
    users = {"admin": UserFactory.create(username="root", is_superuser=True, is_staff=True)}
    for role in ROLES[1:-1]:
        users[role] = UserFactory.create(username=role)
        users[role].groups.add(Group.objects.get(name=role))
    return {
        role: (user, get_token_model().objects.create(user=user)[1]) for role, user in users.items()
    }


@pytest.fixture
def objects(db, _module_data):
    return _module_data[0]


@pytest.fixture
def client_for(db, _module_data):
    """role -> a new client (no cookies from another test) sending that role's token."""
    tokens = _module_data[1]

    def client(role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        return TokenClient(*tokens[role])

    return client


def url_of(name: str, pattern: URLPattern, objects: dict) -> str:
    kwargs = {}
    if "pk" in pattern.pattern.regex.groupindex:
        kwargs["pk"] = objects[name.split("-")[0]].pk
    return reverse(name, kwargs=kwargs) + QUERIES.get(name, "")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "pattern"),
    ROUTES,
    ids=[f"{method} {name}" for name, method, _ in ROUTES],
)
def test_permission_matrix(objects, client_for, role, name, method, pattern):
    expected = MATRIX[(name, method)][ROLES.index(role)]
    client = client_for(role)
    url = url_of(name, pattern, objects)
    if method == "GET":
        response = client.get(url)
    else:
        response = getattr(client, method.lower())(url, {}, format="json")
    if expected == ALLOWED:
        assert response.status_code not in {401, 403}, (url, response.content[:300])
        assert response.status_code < 500, (url, response.content[:300])
    else:
        assert response.status_code == expected, (url, response.content[:300])


# --- review decisions: beyond the model permissions, the review permission -------------------

REVIEW = (401, 403, 403, ALLOWED, ALLOWED)


def _set_verdict(client, objects):
    claim = objects["claim"]
    url = f"/api/v1/claims/{claim.pk}/"
    etag = client.get(url).get("ETag", '"none"')
    return client.patch(url, {"verdict": "misleading"}, format="json", HTTP_IF_MATCH=etag)


def _repoint_published_evidence(client, objects):
    citation = objects["citation"]
    url = f"/api/v1/citations/{citation.pk}/"
    etag = client.get(url).get("ETag", '"none"')
    return client.patch(url, {"relation": "contradicts"}, format="json", HTTP_IF_MATCH=etag)


def _cite_for_published_claim(client, objects):
    source = objects["source"]
    return client.post(
        "/api/v1/citations/",
        {"claim_id": objects["claim"].pk, "source_id": source.pk, "quote": "membership"},
        format="json",
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "decision", [_set_verdict, _repoint_published_evidence, _cite_for_published_claim]
)
def test_review_decisions_need_the_review_permission(objects, client_for, role, decision):
    expected = REVIEW[ROLES.index(role)]
    response = decision(client_for(role), objects)
    if expected == ALLOWED:
        assert response.status_code in {200, 201}, response.content[:300]
    else:
        assert response.status_code == expected, response.content[:300]
