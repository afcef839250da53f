"""The login and logout endpoints (tokens for tools)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.authentication import BasicAuthentication

from factbase.api.authentication import TokenAuthentication, prune_expired_tokens
from factbase.api.views import ThrottleFirstMixin

TokenResponse = inline_serializer(
    "Token",
    {
        "token": serializers.CharField(help_text="Send as `Authorization: Token <token>`."),
        "expiry": serializers.DateTimeField(allow_null=True),
    },
)


class LoginView(ThrottleFirstMixin, knox_views.LoginView):
    """Exchange a username and password (HTTP basic auth) for an expiring API token."""

    authentication_classes = [BasicAuthentication]
    serializer_class = None
    checks_address_first = True  # a password: no guessing beyond the address's budget

    @extend_schema(request=None, responses={200: TokenResponse}, tags=["auth"])
    def post(self, request, format=None):
        prune_expired_tokens(request.user)
        return super().post(request, format)


class LogoutView(ThrottleFirstMixin, knox_views.LogoutView):
    """Revoke the token this request is made with."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(ThrottleFirstMixin, knox_views.LogoutAllView):
    """Revoke every token of the requesting user."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request, format=None):
        return super().post(request, format)
