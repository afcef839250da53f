"""View behaviour shared by every API view: a transaction for writes only, rate limits counted
before permissions, and the `RateLimit-*` headers on every answer."""

from contextlib import ExitStack
from dataclasses import dataclass

from django.db import connections, transaction
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS

from factbase.api.throttling import AnonThrottle


@dataclass(frozen=True)
class RateLimitState:
    """The budget a request was counted against, for the `RateLimit-*` response headers."""

    limit: int
    remaining: int
    reset: int  # seconds until the budget is full again


def _state(throttle) -> RateLimitState | None:
    history = getattr(throttle, "history", None)
    if getattr(throttle, "key", None) is None or history is None:
        return None  # this throttle did not count the request (e.g. the anonymous one)
    reset = throttle.duration - (throttle.now - history[-1]) if history else 0
    return RateLimitState(
        limit=throttle.num_requests,
        remaining=max(0, throttle.num_requests - len(history)),
        reset=max(0, int(reset + 0.999)),
    )


def _request_atomic_aliases() -> list[str]:
    return [alias for alias, config in connections.settings.items() if config["ATOMIC_REQUESTS"]]


class WritesInTransactionMixin:
    """ATOMIC_REQUESTS for the methods that write: GET, HEAD and OPTIONS run in autocommit.

    Django wraps a whole view in the request's transaction whatever the method, which costs a
    read two more round trips to the database (BEGIN and COMMIT) for nothing: API reads write
    nothing (a test keeps them read-only), a list page is one statement, and what reads must
    see together opens its own transaction (the event feed's snapshot, `planned_without_jit`).
    Writes keep the transaction around the whole view, as before: DRF's error handling marks it
    for rollback, so a refused write leaves nothing behind.
    """

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        for alias in _request_atomic_aliases():
            view = transaction.non_atomic_requests(using=alias)(view)
        return view

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with ExitStack() as stack:
            for alias in _request_atomic_aliases():
                stack.enter_context(transaction.atomic(using=alias))
            return super().dispatch(request, *args, **kwargs)


class ThrottleFirstMixin(WritesInTransactionMixin):
    """Count a request against the rate limits before checking its permissions.

    DRF checks permissions first, so a client without credentials would get its 401 without ever
    being counted. Requests with valid credentials count against their token's (or session
    user's) budget only, never the address's. Requests without credentials count against their
    address's budget, and so do refused credentials (a bad token, a wrong password): once that
    budget is used up they get 429 before the credentials are even checked. Views that take a
    password (`checks_address_first`) look at the address's budget before anything else, so
    passwords cannot be guessed faster than the anonymous rate.
    """

    checks_address_first = False

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        if self.checks_address_first:
            self.check_address_budget(request)
        try:
            self.perform_authentication(request)
        except AuthenticationFailed:
            self.check_address_budget(request)
            AnonThrottle().record_failure(request)
            raise
        self.check_throttles(request)
        self.check_permissions(request)

    def check_address_budget(self, request):
        """429 for an address that has used up the anonymous budget (nothing is recorded)."""
        throttle = AnonThrottle()
        if throttle.address_exhausted(request):
            request.rate_limit = _state(throttle)
            self.throttled(request, throttle.wait())

    def check_throttles(self, request):
        durations = []
        for throttle in self.get_throttles():
            allowed = throttle.allow_request(request, self)
            state = _state(throttle)
            if state is not None:
                request.rate_limit = state
            if not allowed:
                durations.append(throttle.wait())
        if durations:
            waits = [duration for duration in durations if duration is not None]
            self.throttled(request, max(waits, default=None))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        state = getattr(request, "rate_limit", None)
        if state is not None:
            response["RateLimit-Limit"] = str(state.limit)
            response["RateLimit-Remaining"] = str(state.remaining)
            response["RateLimit-Reset"] = str(state.reset)
        return response
