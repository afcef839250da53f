"""Token authentication: django-rest-knox (hashed, expiring tokens); API keys for the
published fact-checks."""

import binascii
import functools
import hashlib
import hmac
from dataclasses import dataclass
from hmac import compare_digest

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BooleanField, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from factbase.api import prepared
from factbase.auth_backends import permission_names_sql, preload_permissions


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <token>`; a malformed token is a 401, never a server error.

    One query per request (the token with its user and the user's permissions, which the
    permission checks then use: `factbase.auth_backends.preload_permissions`): knox also reads
    all the user's other tokens on every request to delete the expired ones; here only the
    presented token's expiry is checked (an expired one is refused), and a user's expired
    tokens are deleted when they log in (`prune_expired_tokens`). (Deleting during the
    request was never kept anyway: the refusal rolls the request's transaction back.)
    """

    def authenticate_credentials(self, token):
        """As knox's, reading the candidate tokens with a statement compiled once per process
        (factbase.api.prepared): compiling it was a tenth of a small read's CPU time."""
        message = "Invalid token."
        try:
            token = token.decode("utf-8")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(message) from error
        model = get_token_model()
        quote = connection.ops.quote_name
        column = model._meta.get_field("token_key").column
        equal = f"{quote(model._meta.db_table)}.{quote(column)} = %s"

        def candidates(values: list) -> QuerySet:
            condition = RawSQL(equal, values, output_field=BooleanField())
            return (
                model.objects.filter(condition)
                .select_related("user")
                .annotate(user_permission_names=_user_permission_names())
            )

        key = token[: CONSTANTS.TOKEN_KEY_LENGTH]
        for auth_token in prepared.rows(("knox token",), candidates, [key]):
            if self._cleanup_token(auth_token):
                continue
            try:
                digest = hash_token(token)
            except (TypeError, binascii.Error) as error:
                raise AuthenticationFailed(message) from error
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                preload_permissions(auth_token.user, auth_token.user_permission_names)
                return self.validate_user(auth_token)
        raise AuthenticationFailed(message)

    def _cleanup_token(self, auth_token) -> bool:
        return auth_token.expiry is not None and auth_token.expiry < timezone.now()


@functools.cache
def _user_permission_names() -> RawSQL:
    """The token's user's permissions, as an annotation of the token query (built once: it
    depends on the models alone)."""
    model = get_token_model()
    quote = connection.ops.quote_name
    user_id = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field('user').column)}"
    return RawSQL(permission_names_sql(user_id), [], output_field=ArrayField(TextField()))


def prune_expired_tokens(user) -> None:
    """Delete the user's expired API tokens (they authenticate nothing any more)."""
    get_token_model().objects.filter(user=user, expiry__lt=timezone.now()).delete()


@dataclass(frozen=True)
class ApiKey:
    """A valid API key, named by a digest (the key itself is kept out of caches and logs)."""

    ident: str


class ApiKeyAuthentication(BaseAuthentication):
    """`?key=`, as Google's clients send it: one of the newsroom's FACTCHECK_API_KEYS.

    A key reads published fact-checks only (the views that accept it say so) and never makes
    the request a user's. While access is "key", an unknown key is refused (401); while it is
    "public", an unknown key is ignored and the request is served as anonymous.
    """

    def authenticate(self, request):
        key = request.query_params.get("key")
        if key is None:
            return None
        if any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.FACTCHECK_API_KEYS):
            return AnonymousUser(), ApiKey(hashlib.sha256(key.encode()).hexdigest()[:16])
        if settings.FACTCHECK_ACCESS == "public":
            return None
        raise AuthenticationFailed("API key not valid. Please pass a valid API key.")
