"""Writes under If-Match answer alike whichever endpoint takes them: an unknown object is a 404,
a missing If-Match a 428 before the body is read, a stale one a 412 with the current ETag, and
the write happens under the same row lock as the check. Their cost in statements is pinned."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimRelation, RelationStatus
from claims.services import relation_suggest
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response["ETag"]


@pytest.fixture
def suggestion() -> ClaimRelation:
    relation, _ = relation_suggest(
        from_claim=ClaimFactory.create(),
        to_claim=ClaimFactory.create(),
        score=0.87,
        method="import: text",
    )
    return relation


def merge_request(duplicate: Claim, into: Claim) -> tuple[str, str, dict]:
    return (
        f"/api/v1/claims/{duplicate.pk}/merge/",
        f"/api/v1/claims/{duplicate.pk}/",
        {"into": into.pk},
    )


def decision_request(relation: ClaimRelation) -> tuple[str, str, dict]:
    url = f"/api/v1/relations/{relation.pk}/"
    return f"{url}decision/", url, {"status": RelationStatus.CONFIRMED}


@pytest.fixture(params=["merge", "decision"])
def action(request, suggestion):
    """(action URL, the object's URL, a valid body) of each write action under If-Match."""
    if request.param == "merge":
        return merge_request(ClaimFactory(), ClaimFactory())
    return decision_request(suggestion)


def test_a_missing_if_match_is_a_428_even_with_a_bad_body(api, reporter, action):
    url, _, _ = action
    response = api(reporter).post(url, {"unknown": 1}, format="json")
    assert response.status_code == 428


def test_a_bad_body_is_a_400_before_the_if_match_is_compared(api, reporter, action):
    url, _, _ = action
    response = api(reporter).post(url, {"unknown": 1}, format="json", HTTP_IF_MATCH='"stale"')
    assert response.status_code == 400


def test_a_stale_if_match_is_a_412_with_the_current_etag(api, reporter, action):
    url, detail, body = action
    client = api(reporter)
    response = client.post(url, body, format="json", HTTP_IF_MATCH='"stale"')
    assert response.status_code == 412
    assert response.json()["current_etag"] == etag(client, detail)


def test_an_unknown_object_is_a_404_before_the_if_match(api, reporter, action):
    url, _, body = action
    unknown = url.replace("/api/v1/claims/", "/api/v1/claims/9999999").replace(
        "/api/v1/relations/", "/api/v1/relations/9999999"
    )
    assert api(reporter).post(unknown, body, format="json").status_code == 404


@pytest.mark.parametrize(
    ("name", "statements"),
    # Measured: the request's own (the token with its user's permissions, savepoint), the
    # object, the body's references, the lock and the check, the service's writes, history and
    # events, the answer. (42 and 23 when each action took a savepoint of its own for the lock;
    # 40 and 21 when the permissions were read in a statement of their own.)
    [("merge", 39), ("decision", 20)],
)
def test_a_write_action_costs_a_fixed_number_of_statements(
    api, reporter, suggestion, name, statements
):
    client = api(reporter)
    if name == "merge":
        url, detail, body = merge_request(ClaimFactory(), ClaimFactory())
    else:
        url, detail, body = decision_request(suggestion)
    current = etag(client, detail)
    ContentType.objects.clear_cache()  # its lookups, cached per process, are counted
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, format="json", HTTP_IF_MATCH=current)
    assert response.status_code == 200, response.content[:300]
    assert len(queries) == statements
