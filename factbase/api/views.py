"""View behaviour shared by every API view."""

from rest_framework.exceptions import AuthenticationFailed

from factbase.api.throttling import AnonThrottle


class ThrottleFirstMixin:
    """Count a request against the rate limits before checking its permissions.

    DRF checks permissions first, so a client without credentials would get its 401 without ever
    being counted. Refused credentials (a wrong password at the login endpoint, a bad token)
    count against the anonymous budget of the client's address too, and once that budget is used
    up the address gets 429 before its credentials are even checked, so passwords cannot be
    guessed faster than the anonymous rate.
    """

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        self.check_address_budget(request)
        try:
            self.perform_authentication(request)
        except AuthenticationFailed:
            AnonThrottle().record_failure(request)
            raise
        self.check_throttles(request)
        self.check_permissions(request)

    def check_address_budget(self, request):
        """429 for an address that has used up the anonymous budget, before authenticating."""
        throttle = AnonThrottle()
        if throttle.address_exhausted(request):
            self.throttled(request, throttle.wait())
