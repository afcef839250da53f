"""Debug pages that cannot leak: loopback requests only, with credentials masked.

With `DEBUG` on (development), Django answers errors, unknown URLs and even a rejected `Host`
header with pages listing the settings and every URL pattern. A page on another site that
re-resolves its own name to 127.0.0.1 (DNS rebinding) would have the browser send its own name
as `Host` and read them. So in debug mode only requests addressed to a loopback name and coming
from a loopback address are served at all; and whatever a debug page shows has every value that
may carry a credential masked.
"""

import ipaddress
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.views.debug import SafeExceptionReporterFilter

REFUSAL = (
    "This factbase runs in development mode (DEBUG), which answers requests to localhost only. "
    "To serve other hosts, run it with DEBUG=0 and list them in ALLOWED_HOSTS.\n"
)


def _is_loopback_address(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip("[]")).is_loopback
    except ValueError:
        return False


def is_loopback_request(request: HttpRequest) -> bool:
    """Whether the request is addressed to a loopback name and comes from a loopback address.

    The raw `Host` header is read (not `get_host()`, which would raise for a host not allowed
    and, in debug mode, answer with a page listing the settings).
    """
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    name, _ = split_domain_port(host)
    addressed_to_loopback = name == "localhost" or _is_loopback_address(name)
    return addressed_to_loopback and _is_loopback_address(request.META.get("REMOTE_ADDR", ""))


class LoopbackOnlyDebugMiddleware:
    """In debug mode, refuse (400, plain text) every request that is not loopback to loopback."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG and not is_loopback_request(request):
            return HttpResponseBadRequest(REFUSAL, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# A URL with a password in it: scheme://user:password@host
_CREDENTIALS_IN_URL = re.compile(r"://[^/\s:@]*:[^/\s@]*@")


class SecretMaskingFilter(SafeExceptionReporterFilter):
    """Django's filter masks settings named like keys and passwords; this one also masks
    connection settings (DATABASE_URL, CACHES, ...) and any value with a password in a URL."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|CACHE|URL|DSN", flags=re.I
    )

    def cleanse_setting(self, key, value):
        if isinstance(value, str) and _CREDENTIALS_IN_URL.search(value):
            return self.cleansed_substitute
        return super().cleanse_setting(key, value)
