"""Webhook subscriptions in the admin: created through the service, the secret shown once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Subscription
from events.services import subscription_create, subscription_update

pytestmark = pytest.mark.django_db


def test_an_administrator_subscribes_a_url_and_sees_the_secret_once(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:events_subscription_add"),
        {
            "name": "CMS",
            "target_url": "https://cms.example.org/hooks/factbase",
            "event_types": "claim.published,claim.deleted",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.created_by == admin_user
    assert subscription.event_types == ["claim.deleted", "claim.published"]
    shown = [str(message) for message in response.context["messages"]]
    assert any(subscription.secret in message for message in shown)

    page = admin_client.get(reverse("admin:events_subscription_change", args=[subscription.pk]))
    assert page.status_code == 200
    assert subscription.secret not in page.content.decode()


def test_an_unknown_event_type_is_refused_in_the_form(admin_client):
    response = admin_client.post(
        reverse("admin:events_subscription_add"),
        {"target_url": "https://cms.example.org/hook", "event_types": "claim.exploded"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Unknown event type" in response.content.decode()
    assert not Subscription.objects.exists()


def test_changing_a_subscription_to_an_unknown_event_type_is_refused_in_the_form(
    admin_client, admin_user
):
    subscription = subscription_create(
        target_url="https://cms.example.org/hook", created_by=admin_user
    )
    response = admin_client.post(
        reverse("admin:events_subscription_change", args=[subscription.pk]),
        {"target_url": subscription.target_url, "event_types": "claim.exploded,claim.created"},
    )
    assert response.status_code == 200
    assert "Unknown event type(s): claim.exploded." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.event_types == []


def test_the_services_refuse_unknown_event_types_with_the_forms_message(admin_user):
    with pytest.raises(ValidationError) as refused:
        subscription_create(
            target_url="https://cms.example.org/hook",
            created_by=admin_user,
            event_types=["claim.exploded", "claim.created"],
        )
    assert refused.value.message_dict == {"event_types": ["Unknown event type(s): claim.exploded."]}
    subscription = subscription_create(
        target_url="https://cms.example.org/hook", created_by=admin_user
    )
    with pytest.raises(ValidationError):
        subscription_update(subscription=subscription, changes={"event_types": ["x.y"]})
