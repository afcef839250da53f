"""Django's model permissions, read in one query per request instead of two.

Every API request and admin page checks a permission; Django's ModelBackend reads a user's own
permissions and their groups' permissions in two queries. Here both come from one UNION; what a
user may do is exactly what ModelBackend answers (the same rules for inactive users, superusers
and object permissions, which it does not grant).

That query is the same for every user but for the user's id, so its SQL is compiled once per
database and process (building and compiling it was over a millisecond of every request).
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections
from django.db.models import QuerySet


class OneQueryModelBackend(ModelBackend):
    """ModelBackend whose `get_all_permissions` costs one query."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            names = self._permission_names(user_obj)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in names}
        return user_obj._perm_cache

    def _permission_names(self, user_obj) -> list[tuple[str, str]]:
        """(app label, codename) of every permission the user has, own and through groups."""
        kind = "superuser" if user_obj.is_superuser else "user"
        # The query shape, without building it: its database is the router's choice for
        # Permission, which does not depend on the user.
        database = Permission.objects.all().db
        compiled = _compiled.get((kind, database))
        if compiled is None:
            queryset = self._permission_query(user_obj)
            sql, params = queryset.query.sql_with_params()
            if any(param != user_obj.pk for param in params):
                return list(queryset)  # not a query of the user's id alone: nothing to reuse
            compiled = _compiled[(kind, database)] = (sql, len(params))
        sql, user_params = compiled
        with connections[database].cursor() as cursor:
            cursor.execute(sql, [user_obj.pk] * user_params)
            return cursor.fetchall()

    def _permission_query(self, user_obj) -> QuerySet:
        if user_obj.is_superuser:
            return _names(Permission.objects.all())
        # ModelBackend's own two queries (private, so not in its stubs): the same rules.
        own = self._get_user_permissions(user_obj)  # type: ignore[attr-defined]
        groups = self._get_group_permissions(user_obj)  # type: ignore[attr-defined]
        return _names(own).union(_names(groups), all=True)


# (superuser or user, database alias) -> the permission query's SQL and how many times it
# takes the user's id.
_compiled: dict[tuple[str, str], tuple[str, int]] = {}


def _names(permissions: QuerySet[Permission]) -> QuerySet:
    """(app label, codename) of each permission."""
    return permissions.values_list("content_type__app_label", "codename").order_by()
