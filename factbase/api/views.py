"""View behaviour shared by every API view."""


class ThrottleFirstMixin:
    """Count a request against the rate limits before checking its permissions.

    DRF checks permissions first, so a client without credentials (or guessing passwords at the
    login endpoint) would get its 401 without ever being counted.
    """

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        self.perform_authentication(request)
        self.check_throttles(request)
        self.check_permissions(request)
