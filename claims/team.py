"""The newsroom's people as the desk sees them: who can be assigned a claim or mentioned."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

# Whoever may change claims can be given one to check.
ASSIGNABLE_PERMISSION = "claims.change_claim"


def desk_members() -> QuerySet:
    """Active staff users who may change claims (directly, by group or as superusers), by name."""
    return (
        get_user_model()
        .objects.with_perm(ASSIGNABLE_PERMISSION, is_active=True, include_superusers=True)
        .filter(is_staff=True)
        .order_by("username")
    )


def member_label(user: AbstractBaseUser) -> str:
    """How a colleague is named in menus: the username, with the full name when there is one."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()
