"""Rate limits per anonymous client (by address) and per token (or session user).

The rates are read from settings on each request rather than once at import (as DRF's classes
do), so they can be changed per environment and in tests. Counters live in Django's default
cache: per process with the local-memory cache, shared between workers with a shared cache.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AnonThrottle(_SettingsRateThrottle):
    """Requests without valid credentials, counted by client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRateThrottle):
    """Authenticated requests, counted per API token (per user for session requests)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        token_key = getattr(request.auth, "token_key", None)
        ident = f"token-{token_key}" if token_key else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
