"""Turning events into webhook deliveries, and delivering them (both run in the job worker).

The dispatcher follows the change feed with its own stored cursor, so every event is offered to
the subscriptions exactly once, in a transaction that also queues the delivery jobs. A delivery
job POSTs the signed event; every attempt is recorded, and a failed one is retried with
exponential backoff until the receiver accepts (2xx) or attempts run out.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from events.feed import Cursor, read_feed
from events.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    DispatchPosition,
    EventResource,
    Subscription,
)
from events.serializers import EventSerializer
from events.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from jobs.queue import Failed, RetryAt, job_enqueue, job_handler, on_tick

DELIVER = "webhooks.deliver"
DISPATCH_PAGE = 500
USER_AGENT = "factbase-webhooks/1"
VIEW_PERMISSIONS = {
    EventResource.SOURCE: "sources.view_source",
    EventResource.ENTITY: "sources.view_entity",
    EventResource.CLAIM: "claims.view_claim",
    EventResource.CITATION: "claims.view_citation",
    EventResource.CLAIM_RELATION: "claims.view_claimrelation",
}


def retry_delay(attempt: int) -> timedelta:
    """After the `attempt`-th failure: base × 2^(attempt-1), capped."""
    seconds = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, settings.WEBHOOK_RETRY_MAX_SECONDS))


@on_tick
def dispatch_events(*, max_pages: int = 10) -> int:
    """Queue a delivery for each new event and each subscription that wants it; returns how
    many. One worker dispatches at a time (the others skip the locked position)."""
    created = 0
    for _ in range(max_pages):
        with transaction.atomic():
            DispatchPosition.objects.get_or_create(pk=1)
            position = (
                DispatchPosition.objects.select_for_update(skip_locked=True).filter(pk=1).first()
            )
            if position is None:
                return created  # another worker is dispatching
            cursor = Cursor.decode(position.cursor) if position.cursor else None
            page = read_feed(cursor, resources=EventResource.values, limit=DISPATCH_PAGE)
            created += _offer(page.events)
            position.cursor = page.next_cursor.encode()
            position.save()
        if not page.more:
            break
    return created


def _offer(events) -> int:
    if not events:
        return 0
    subscriptions = list(Subscription.objects.filter(is_active=True).select_related("created_by"))
    viewable = {
        sub.pk: {r for r, perm in VIEW_PERMISSIONS.items() if sub.created_by.has_perm(perm)}
        for sub in subscriptions
    }
    created = 0
    for event in events:
        for sub in subscriptions:
            if (
                event.occurred_at < sub.created_at
                or not sub.wants(event.type)
                or event.resource not in viewable[sub.pk]
            ):
                continue
            delivery, new = Delivery.objects.get_or_create(subscription=sub, event=event)
            if new:
                job_enqueue(
                    kind=DELIVER,
                    payload={"delivery": delivery.pk},
                    max_attempts=settings.WEBHOOK_MAX_ATTEMPTS,
                )
                created += 1
    return created


def delivery_body(delivery: Delivery) -> bytes:
    """The event as the feed shows it, with links under FACTBASE_PUBLIC_URL."""
    data = EventSerializer(delivery.event, context={"base_url": settings.FACTBASE_PUBLIC_URL}).data
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is an answer, not an acceptance


_opener = urllib.request.build_opener(_NoRedirects)


def target_refusal(url: str) -> str | None:
    """Why we will not POST to `url`: in production, addresses inside the network (loopback,
    private, link-local) are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set."""
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return None
    host = urlsplit(url).hostname or ""
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError as error:
        return f"cannot resolve {host}: {error}"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return f"{host} resolves to a non-public address ({ip}); refused"
    return None


def send(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str, str]:
    """POST once: (status or None, first 1000 characters of the answer, error or "")."""
    refusal = target_refusal(url)
    if refusal:
        return None, "", refusal
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return response.status, response.read(1000).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as error:
        text = error.read(1000).decode("utf-8", "replace") if error.fp else ""
        return error.code, text, f"HTTP {error.code}"
    except (OSError, ValueError) as error:  # refused, timed out, DNS, TLS, bad URL
        reason = getattr(error, "reason", error)
        return None, "", f"{type(error).__name__}: {reason}"[:1000]


@job_handler(DELIVER)
def deliver(job):
    """One attempt at one delivery (the job holds it: no other worker sends it meanwhile)."""
    delivery = (
        Delivery.objects.select_related("subscription", "event")
        .select_for_update(of=("self",))
        .get(pk=job.payload["delivery"])
    )
    if delivery.status != DeliveryStatus.PENDING:
        return {"status": delivery.status}
    subscription = delivery.subscription
    if not subscription.is_active:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delivery.save()
        return Failed("The subscription was deactivated.")

    body = delivery_body(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Factbase-Event": delivery.event.type,
        "Factbase-Delivery": str(delivery.pk),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(subscription.secret, timestamp, body),
    }
    started = timezone.now()
    clock = time.monotonic()
    status, answer, error = send(subscription.target_url, body, headers)
    succeeded = status is not None and 200 <= status < 300
    delivery.attempts += 1
    next_attempt_at = None
    if succeeded:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
        next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    else:
        delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = next_attempt_at
    delivery.save()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        attempted_at=started,
        duration_ms=int((time.monotonic() - clock) * 1000),
        response_status=status,
        response_body=answer,
        error=error or ("" if succeeded else f"HTTP {status}"),
        succeeded=succeeded,
        next_attempt_at=next_attempt_at,
    )
    if succeeded:
        return {"status": status}
    if next_attempt_at is not None:
        return RetryAt(next_attempt_at, error or f"HTTP {status}")
    return Failed(error or f"HTTP {status}")
