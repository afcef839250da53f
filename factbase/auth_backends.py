"""Django's model permissions, read in one query per request instead of two.

Every API request and admin page checks a permission; Django's ModelBackend reads a user's own
permissions and their groups' permissions in two queries. Here both come from one UNION; what a
user may do is exactly what ModelBackend answers (the same rules for inactive users, superusers
and object permissions, which it does not grant).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import QuerySet


class OneQueryModelBackend(ModelBackend):
    """ModelBackend whose `get_all_permissions` costs one query."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                names = _names(Permission.objects.all())
            else:
                # ModelBackend's own two queries (private, so not in its stubs): the same rules.
                own = self._get_user_permissions(user_obj)  # type: ignore[attr-defined]
                groups = self._get_group_permissions(user_obj)  # type: ignore[attr-defined]
                names = _names(own).union(_names(groups), all=True)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache


def _names(permissions: QuerySet[Permission]) -> QuerySet:
    """(app label, codename) of each permission."""
    return permissions.values_list("content_type__app_label", "codename").order_by()
