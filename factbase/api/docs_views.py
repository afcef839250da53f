"""The OpenAPI schema and its interactive docs: like everything else, for logged-in users only.

The schema answers a request without credentials with 401 (a tool fetches it with its token);
the docs page sends a person without a session to the login page and back.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer

from factbase.api.views import ThrottleFirstMixin


class SchemaView(ThrottleFirstMixin, SpectacularAPIView):
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        # Errors in the API's JSON error shape, not rendered as an OpenAPI document.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class DocsView(ThrottleFirstMixin, SpectacularSwaggerView):
    permission_classes = [AllowAny]  # checked in get(), to redirect rather than refuse

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().get(request, *args, **kwargs)
