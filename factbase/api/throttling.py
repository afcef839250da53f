"""Rate limits per anonymous client (by address) and per token (or session user).

The rates are read from settings on each request rather than once at import (as DRF's classes
do), so they can be changed per environment and in tests. Counters live in Django's default
cache: per process with the local-memory cache, shared between workers with a shared cache.
"""

from array import array

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from factbase.api.authentication import ApiKey


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def throttle_success(self):
        """As DRF's, the history (the time of each request counted in the period, newest
        first) kept as an array of floats: the cache pickles an array as one block of bytes,
        where it wrote and read back a list float by float on every request, and a busy
        token's history holds up to the rate's number of requests."""
        if type(self.history) is not array:
            self.history = array("d", self.history)
        return super().throttle_success()


class AnonThrottle(_SettingsRateThrottle):
    """Requests without valid credentials, counted by client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if (request.user and request.user.is_authenticated) or isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    # Refused credentials: counted by address, whoever the credentials name.

    def _load_address_history(self, request) -> bool:
        """Load this address's history; False when the anonymous rate is switched off."""
        self.rate = self.get_rate()
        if self.rate is None:
            return False
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        return True

    def address_exhausted(self, request) -> bool:
        """Whether this address has used up the anonymous budget (nothing is recorded)."""
        if not self._load_address_history(request):
            return False
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        """Count a request whose credentials were refused against its address's budget."""
        if self._load_address_history(request):
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history, self.duration)


class TokenThrottle(_SettingsRateThrottle):
    """Authenticated requests, counted per API token (per user for session requests, per key
    for API keys)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": f"key-{request.auth.ident}"}
        if not (request.user and request.user.is_authenticated):
            return None
        token_key = getattr(request.auth, "token_key", None)
        ident = f"token-{token_key}" if token_key else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
