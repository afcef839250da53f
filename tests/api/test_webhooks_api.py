"""Managing webhook subscriptions through the API: the secret once, deliveries visible."""

import pytest

from events.models import Delivery, DeliveryAttempt, Subscription
from events.webhooks import dispatch_events
from tests.api.conftest import user_in
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
HOOKS = "/api/v1/webhooks/"
PERMISSIONS = [f"{action}_subscription" for action in ("add", "change", "delete", "view")]


@pytest.fixture
def integrator(db):
    return user_in("reader", "integrator", PERMISSIONS)


def test_a_subscription_shows_its_secret_once(api, integrator):
    client = api(integrator)
    response = client.post(
        HOOKS,
        {"target_url": "https://cms.example.org/hook", "event_types": ["claim.published"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    secret = response.json()["secret"]
    assert secret.startswith("whsec_")
    assert len(secret) > 30
    assert Subscription.objects.get().secret == secret
    again = client.get(response["Location"])
    assert again.status_code == 200
    assert "secret" not in again.json()
    assert "secret" not in client.get(HOOKS).json()["results"][0]


def test_rotating_the_secret_replaces_it_and_shows_the_new_one(api, integrator):
    client = api(integrator)
    created = client.post(HOOKS, {"target_url": "https://cms.example.org/hook"}, format="json")
    rotated = client.post(f"{created['Location']}rotate-secret/")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] not in {created.json()["secret"], ""}
    assert Subscription.objects.get().secret == rotated.json()["secret"]


def test_unknown_event_types_and_bad_urls_are_refused_by_field(api, integrator):
    response = api(integrator).post(
        HOOKS, {"target_url": "not a url", "event_types": ["claim.exploded"]}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"target_url", "event_types.0"}


def test_changes_need_the_current_etag(api, integrator):
    client = api(integrator)
    url = client.post(HOOKS, {"target_url": "https://a.example.org/"}, format="json")["Location"]
    assert client.patch(url, {"is_active": False}, format="json").status_code == 428
    etag = client.get(url)["ETag"]
    changed = client.patch(url, {"is_active": False}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["is_active"] is False
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=changed["ETag"]).status_code == 204


def test_changing_the_event_types_stores_each_type_once(api, integrator):
    client = api(integrator)
    url = client.post(HOOKS, {"target_url": "https://a.example.org/"}, format="json")["Location"]
    types = ["claim.updated", "claim.published", "claim.updated"]
    changed = client.patch(
        url, {"event_types": types}, format="json", HTTP_IF_MATCH=client.get(url)["ETag"]
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["event_types"] == ["claim.published", "claim.updated"]
    assert Subscription.objects.get().event_types == ["claim.published", "claim.updated"]


def test_users_see_only_their_own_subscriptions(api, integrator):
    api(integrator).post(HOOKS, {"target_url": "https://a.example.org/"}, format="json")
    other = user_in(None, "other-integrator", PERMISSIONS)
    assert api(other).get(HOOKS).json()["results"] == []


def test_subscriptions_need_credentials_and_permissions(anonymous, api, reader):
    assert anonymous.get(HOOKS).status_code == 401
    assert api(reader).get(HOOKS).status_code == 403
    refused = api(reader).post(HOOKS, {"target_url": "https://a.example.org/"}, format="json")
    assert refused.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_deliveries_list_every_attempt(api, integrator):
    client = api(integrator)
    url = client.post(HOOKS, {"target_url": "https://a.example.org/"}, format="json")["Location"]
    ClaimFactory()
    dispatch_events()
    delivery = Delivery.objects.filter(event__resource="claim").get()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=1,
        attempted_at=delivery.created_at,
        duration_ms=12,
        response_status=502,
        error="HTTP 502",
        succeeded=False,
        next_attempt_at=delivery.created_at,
    )
    response = client.get(f"{url}deliveries/")
    assert response.status_code == 200
    found = {d["id"]: d for d in response.json()["results"]}[delivery.pk]
    assert found["event_type"] == "claim.created"
    assert found["status"] == "pending"
    assert found["attempt_log"][0]["response_status"] == 502
    assert found["attempt_log"][0]["error"] == "HTTP 502"
