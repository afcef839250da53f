"""The write path for webhook subscriptions: the API and the admin call these."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import Subscription
from events.signing import new_secret
from factbase.users import User

SUBSCRIPTION_EDITABLE_FIELDS = frozenset({"name", "target_url", "event_types", "is_active"})


@transaction.atomic
def subscription_create(
    *,
    target_url: str,
    created_by: User,
    event_types: Iterable[str] = (),
    name: str = "",
    is_active: bool = True,
) -> Subscription:
    """Create a subscription with a new secret (the caller shows it once: it is not shown
    again)."""
    subscription = Subscription(
        name=name,
        target_url=target_url,
        event_types=sorted(set(event_types)),
        is_active=is_active,
        created_by=created_by,
        secret=new_secret(),
    )
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, changes: dict) -> Subscription:
    unknown = set(changes) - SUBSCRIPTION_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    if "event_types" in changes:
        locked.event_types = sorted(set(locked.event_types))
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def subscription_rotate_secret(*, subscription: Subscription) -> Subscription:
    """A new secret; deliveries from now on are signed with it."""
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    locked.secret = new_secret()
    locked.save(update_fields=["secret", "updated_at"])
    return locked


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    """Delete a subscription and its delivery records; pending deliveries are dropped."""
    subscription.delete()
