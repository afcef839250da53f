"""History through the API: who changed what, when, from what to what (token users too)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CitationFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_token_users_change_is_recorded_with_that_user(api, reporter):
    claim = ClaimFactory(text="Turnout was 40%")
    client = api(reporter)
    response = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"text": "Turnout was 41%", "status": "in_review"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 200
    history = client.get(f"/api/v1/claims/{claim.pk}/history/").json()["results"]
    assert [event["action"] for event in history] == ["insert", "update"]
    update = history[-1]
    assert update["user"] == {"id": reporter.pk, "username": reporter.username}
    assert update["changes"]["text"] == {"old": "Turnout was 40%", "new": "Turnout was 41%"}
    assert update["changes"]["status"] == {"old": "new", "new": "in_review"}
    assert "updated_at" not in update["changes"]
    assert history[0]["user"] is None  # created outside a request (by the factory)


def test_creation_through_the_api_is_attributed(api, reporter):
    client = api(reporter)
    response = client.post(
        "/api/v1/entities/", {"name": "Ada Lovelace", "kind": "person"}, format="json"
    )
    history = client.get(f"/api/v1/entities/{response.json()['id']}/history/").json()["results"]
    assert history[0]["action"] == "insert"
    assert history[0]["user"]["username"] == reporter.username
    assert history[0]["changes"]["name"] == {"old": None, "new": "Ada Lovelace"}


def test_history_of_a_source(api, reporter):
    source = SourceFactory(title="Old title")
    client = api(reporter)
    client.patch(
        f"/api/v1/sources/{source.pk}/", {"title": "New title"}, format="json", HTTP_IF_MATCH="*"
    )
    history = client.get(f"/api/v1/sources/{source.pk}/history/").json()["results"]
    assert history[-1]["changes"] == {"title": {"old": "Old title", "new": "New title"}}


def test_a_long_history_comes_a_page_at_a_time_oldest_first(api, reporter):
    source = SourceFactory(title="Title 0")
    client = api(reporter)
    for n in range(1, 6):
        client.patch(
            f"/api/v1/sources/{source.pk}/",
            {"title": f"Title {n}"},
            format="json",
            HTTP_IF_MATCH="*",
        )
    url, titles, pages = f"/api/v1/sources/{source.pk}/history/?page_size=2", [], 0
    while url:
        page = client.get(url).json()
        titles += [event["changes"]["title"]["new"] for event in page["results"]]
        url, pages = page["next"], pages + 1
    assert titles == [f"Title {n}" for n in range(6)]
    assert pages == 3
    last = client.get(f"/api/v1/sources/{source.pk}/history/?page_size=2").json()
    second = client.get(last["next"]).json()
    assert client.get(second["previous"]).json() == last


def test_a_forged_history_cursor_is_400(api, reader):
    source = SourceFactory()
    response = api(reader).get(f"/api/v1/sources/{source.pk}/history/", {"cursor": "5"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


# What pghistory prepends to each statement run in its context.
HISTORY_CONTEXT = "pghistory.context_id"
READS = [
    "/api/v1/claims/",
    "/api/v1/claims/{claim}/",
    "/api/v1/claims/{claim}/history/",
    "/api/v1/claims/{claim}/similar/",
    "/api/v1/claims/{claim}/claimreview/validation/",
    "/api/v1/citations/",
    "/api/v1/sources/",
    "/api/v1/sources/{source}/",
    "/api/v1/entities/",
    "/api/v1/events/",
]


@pytest.mark.parametrize("path", READS)
def test_api_reads_only_read_and_go_without_the_history_context(path, api, reader):
    """Reads are served without pghistory's per-statement context: nothing they run writes,
    so no history event could be left without its user."""
    citation = CitationFactory()
    url = path.format(claim=citation.claim_id, source=citation.source_id)
    client = api(reader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    statements = [query["sql"].lstrip(" (").split(None, 1)[0].upper() for query in queries]
    assert set(statements) <= {"SELECT", "SET", "SAVEPOINT", "RELEASE", "WITH"}, statements
    assert not any(HISTORY_CONTEXT in query["sql"] for query in queries)


def test_api_writes_send_the_history_context(api, reporter):
    claim = ClaimFactory()
    client = api(reporter)
    with CaptureQueriesContext(connection) as queries:
        response = client.patch(
            f"/api/v1/claims/{claim.pk}/", {"text": "Rents rose"}, format="json", HTTP_IF_MATCH="*"
        )
    assert response.status_code == 200, response.content
    assert any(HISTORY_CONTEXT in query["sql"] for query in queries)
