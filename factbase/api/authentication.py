"""Token authentication: django-rest-knox (hashed, expiring tokens)."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <token>`; a malformed token is a 401, never a server error."""

    def authenticate_credentials(self, token):
        try:
            token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed("Invalid token.") from error
        return super().authenticate_credentials(token)
