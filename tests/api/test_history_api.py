"""History through the API: who changed what, when, from what to what (token users too)."""

import pytest

from tests.factories import ClaimFactory, SourceFactory

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
