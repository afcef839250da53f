"""Change events, written by database triggers on every tracked table (see migrations 0002)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models

from factbase.db import history_tracking


class TransactionIdField(models.BigIntegerField):
    """A PostgreSQL `xid8`: the id of the transaction that wrote the row (never wraps)."""

    def db_type(self, connection) -> str:
        return "xid8"

    def from_db_value(self, value, expression, connection):
        return None if value is None else int(value)


class EventResource(models.TextChoices):
    SOURCE = "source", "Source"
    ENTITY = "entity", "Entity"
    CLAIM = "claim", "Claim"
    CITATION = "citation", "Citation"
    CLAIM_RELATION = "claim_relation", "Claim relation"


class EventAction(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    MERGED = "merged", "Merged into another claim"
    PUBLISHED = "published", "Published"


# Every `<resource>.<action>` a subscription may ask for and the feed may carry.
EVENT_TYPES = [f"{resource}.{action}" for resource in EventResource for action in EventAction]


class Event(models.Model):
    """One change to one object, in the transaction that made it.

    Rows are inserted by triggers only. `txid` is the writing transaction; the feed orders and
    pages by (txid, id) and decides what is final from transaction snapshots (events.feed).
    """

    txid = TransactionIdField(editable=False)
    occurred_at = models.DateTimeField()
    resource = models.CharField(max_length=30, choices=EventResource.choices)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=20, choices=EventAction.choices)
    fields = ArrayField(
        models.CharField(max_length=100),
        default=list,
        help_text="For updates: the fields that changed (empty for a claim whose embedded "
        "citations, claimant or sources changed).",
    )
    version = models.PositiveIntegerField(null=True, help_text="A claim's version after it.")
    data = models.JSONField(
        null=True, help_text="For deletions: the object's last stored values (a tombstone)."
    )

    class Meta:
        ordering = ["txid", "id"]
        indexes = [
            models.Index(fields=["txid", "id"], name="events_event_feed"),
            models.Index(fields=["resource", "object_id"], name="events_event_object"),
        ]

    def __str__(self) -> str:
        return f"{self.resource}.{self.action} {self.object_id}"

    @property
    def type(self) -> str:
        return f"{self.resource}.{self.action}"


@history_tracking(exclude=("secret",))
class Subscription(models.Model):
    """A webhook: where to POST events, which ones, and the secret that signs them."""

    name = models.CharField(max_length=200, blank=True)
    target_url = models.URLField("target URL", max_length=2000)
    event_types = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        size=50,
        help_text="Event types to deliver, e.g. claim.published; empty for all.",
    )
    # Kept to sign deliveries (it cannot be hashed); shown once, when created or rotated.
    secret = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text="Deliveries carry only events of resources this user may view.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(secret=""), name="events_subscription_secret_set"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.target_url

    def clean(self) -> None:
        # Here, not in a form or serializer: the services' full_clean and the admin form's
        # validation both run it.
        unknown = sorted(set(self.event_types) - set(EVENT_TYPES))
        if unknown:
            raise ValidationError({"event_types": f"Unknown event type(s): {', '.join(unknown)}."})

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One event for one subscription, tried until it is accepted or attempts run out."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="events_delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="events_delivery_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what came back, or what went wrong, and when the next try is."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.CharField(
        max_length=1000, blank=True, help_text="The first 1000 characters of the receiver's answer."
    )
    error = models.TextField(blank=True)
    succeeded = models.BooleanField()
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When it will be tried again (empty: no retry)."
    )

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="events_deliveryattempt_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"


class DispatchPosition(models.Model):
    """How far the worker has turned events into deliveries (a feed cursor); one row."""

    cursor = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"dispatched up to {self.cursor[:20]}…"
