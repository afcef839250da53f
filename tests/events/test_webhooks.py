"""Webhooks against a real HTTP receiver on this machine: signed deliveries, retries with
backoff while the receiver is down, every attempt recorded, and no delivery sent twice."""

import json
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from claims.models import ClaimStatus, Verdict
from claims.services import claim_update
from events.models import Delivery, DeliveryStatus
from events.services import subscription_create
from events.signing import verify
from events.webhooks import dispatch_events
from jobs.models import Job, JobStatus
from jobs.queue import job_run_next
from jobs.worker import Worker
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PUBLISH = {
    "status": ClaimStatus.PUBLISHED,
    "verdict": Verdict.ACCURATE,
    "explanation": "The annual report gives the same figure.",
    "review_url": "https://example.org/fact-checks/membership",
    "review_title": "Yes, membership rose to 300",
}


class Receiver:
    """A webhook endpoint on 127.0.0.1 that records what it gets and answers `status`."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"thanks" if receiver.status < 300 else b"not now")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # `shutdown()` waits for the serving loop to look at its flag, which it does once per
        # poll: at the default half second, every test's teardown waited that long.
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(autouse=True)
def _quick_retries(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0.2
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    settings.WEBHOOK_TIMEOUT_SECONDS = 5


@pytest.fixture
def owner():
    user = UserFactory(username="integrations")
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def run_jobs(seconds: float = 0.0, *, until: Callable[[], bool] | None = None) -> None:
    """Dispatch new events and run every ready job; keep at it for `seconds` (retries), or
    until `until()` holds if that comes first."""
    deadline = time.monotonic() + seconds
    while True:
        dispatch_events()
        while job_run_next() is not None:
            pass
        if time.monotonic() >= deadline or (until is not None and until()):
            return
        time.sleep(0.05)


def test_a_change_is_posted_signed_to_the_subscriber(receiver, owner):
    subscription = subscription_create(
        target_url=receiver.url, created_by=owner, event_types=["claim.created"]
    )
    claim = ClaimFactory()
    run_jobs()

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers = request["headers"]
    assert verify(
        subscription.secret,
        headers["Factbase-Timestamp"],
        request["body"],
        headers["Factbase-Signature"],
        now=int(time.time()),
    )
    assert not verify(
        "another secret",
        headers["Factbase-Timestamp"],
        request["body"],
        headers["Factbase-Signature"],
        now=int(time.time()),
    )
    event = json.loads(request["body"])
    assert (event["type"], event["object_id"]) == ("claim.created", claim.pk)
    assert event["url"].endswith(f"/api/v1/claims/{claim.pk}/")
    assert headers["Factbase-Event"] == "claim.created"
    delivery = Delivery.objects.get(pk=headers["Factbase-Delivery"])
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert [(a.number, a.succeeded, a.response_status) for a in delivery.attempt_log.all()] == [
        (1, True, 200)
    ]


def test_a_receiver_that_is_down_gets_the_event_when_it_comes_back(owner):
    receiver = Receiver()  # not listening yet: connections are refused
    subscription_create(target_url=receiver.url, created_by=owner, event_types=["claim.created"])
    ClaimFactory()
    try:
        run_jobs()
        delivery = Delivery.objects.get()
        first = delivery.attempt_log.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert not first.succeeded
        assert first.response_status is None
        assert "Connection" in first.error or "refused" in first.error
        assert first.next_attempt_at is not None
        assert delivery.next_attempt_at == first.next_attempt_at

        # The second try, 0.2 s later, fails too. (Waited for rather than timed: on a busy
        # machine the job may run later than its time, never earlier.)
        run_jobs(seconds=10, until=lambda: delivery.attempt_log.count() >= 2)
        assert delivery.attempt_log.count() == 2
        gaps = [a.next_attempt_at - a.attempted_at for a in delivery.attempt_log.all()]
        assert gaps[1] > gaps[0]  # backoff grows

        receiver.start()
        run_jobs(seconds=10, until=lambda: bool(receiver.requests))
    finally:
        receiver.stop()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert len(receiver.requests) == 1
    log = list(delivery.attempt_log.values_list("number", "succeeded", "response_status"))
    assert log == [(1, False, None), (2, False, None), (3, True, 200)]


def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(receiver, owner):
    receiver.status = 503
    subscription_create(target_url=receiver.url, created_by=owner)
    ClaimFactory()
    run_jobs(
        seconds=4,
        until=lambda: Delivery.objects.filter(
            event__resource="claim", status=DeliveryStatus.FAILED
        ).exists(),
    )
    delivery = Delivery.objects.filter(event__resource="claim").get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.next_attempt_at is None
    attempts = list(delivery.attempt_log.all())
    assert [a.response_status for a in attempts] == [503] * 4
    assert [a.response_body for a in attempts] == ["not now"] * 4
    assert attempts[-1].next_attempt_at is None
    assert Job.objects.get(payload__delivery=delivery.pk).status == JobStatus.FAILED


def test_two_workers_never_deliver_the_same_attempt_twice(receiver, owner):
    receiver.delay = 0.02
    subscription_create(target_url=receiver.url, created_by=owner, event_types=["claim.created"])
    claims = [ClaimFactory() for _ in range(25)]
    dispatch_events()
    workers = [Worker(name=f"w{index}", poll_interval=0.1) for index in range(2)]
    names = []

    def work(worker):
        try:
            worker.run(burst=True)
            names.append(worker.name)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    delivered = [int(r["headers"]["Factbase-Delivery"]) for r in receiver.requests]
    assert len(delivered) == len(set(delivered)) == len(claims)
    assert sorted(json.loads(r["body"])["object_id"] for r in receiver.requests) == sorted(
        c.pk for c in claims
    )
    assert set(Delivery.objects.values_list("status", "attempts").distinct()) == {
        (DeliveryStatus.SUCCEEDED, 1)
    }
    assert sorted(names) == ["w0", "w1"]


def test_subscribers_get_only_the_types_they_asked_for_and_may_view(receiver, owner):
    subscription_create(target_url=receiver.url, created_by=owner, event_types=["claim.published"])
    blind = UserFactory(username="sources-only")
    blind.user_permissions.set(Permission.objects.filter(codename="view_source"))
    subscription_create(target_url=receiver.url, created_by=blind)
    claim = ClaimFactory()
    fact_checker = UserFactory(username="fc", is_superuser=True)
    claim_update(
        claim=claim,
        changes=PUBLISH,
        user=fact_checker,
    )
    run_jobs()
    assert [json.loads(r["body"])["type"] for r in receiver.requests] == ["claim.published"]


def test_a_new_subscription_gets_only_events_after_it(receiver, owner):
    ClaimFactory()
    run_jobs()
    subscription_create(target_url=receiver.url, created_by=owner, event_types=["claim.created"])
    run_jobs()
    assert receiver.requests == []
    later = ClaimFactory()
    run_jobs()
    assert [json.loads(r["body"])["object_id"] for r in receiver.requests] == [later.pk]


def test_in_production_a_receiver_inside_the_network_is_refused(receiver, owner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    subscription_create(target_url=receiver.url, created_by=owner, event_types=["claim.created"])
    ClaimFactory()
    run_jobs()
    assert receiver.requests == []
    attempt = Delivery.objects.get().attempt_log.get()
    assert not attempt.succeeded
    assert "127.0.0.1" in attempt.error
    assert "refused" in attempt.error
