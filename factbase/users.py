"""Who does things: the user type services take, and the signed-in user of a request.

`settings.AUTH_USER_MODEL` is Django's own `auth.User`, so that is what a foreign key to a user
holds and what a service recording who acted takes (`None` where the system itself acts: the
importer, a migration). A request's `user` may be anonymous; the admin and the API's write
endpoints let only signed-in users through, and `acting_user` says so to the type checker.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

__all__ = ["User", "acting_user"]


def acting_user(request: HttpRequest | Request) -> User:
    """The signed-in user `request` acts for. Every view calling this requires a login, so an
    anonymous request here is refused (403) rather than recorded as done by nobody."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to do this.")
    return user
