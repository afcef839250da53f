"""Django's model permissions, read in one query per request instead of two.

Every API request and admin page checks a permission; Django's ModelBackend reads a user's own
permissions and their groups' permissions in two queries. Here both come from one UNION; what a
user may do is exactly what ModelBackend answers (the same rules for inactive users, superusers
and object permissions, which it does not grant).

That query is the same for every user but for the user's id, so its SQL is compiled once per
database and process (building and compiling it was over a millisecond of every request).

The API's token authentication reads the same permissions in the statement that reads the
token and its user (`permission_names_sql`), saving a round trip per request; the user is
then handed over with its permissions already known (`preload_permissions`). They are read
afresh by every request either way, so a permission or group taken away counts from the next.
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.models import ManyToManyField, Model, QuerySet


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


def permission_names_sql(user_id: str) -> str:
    """SQL for a text array of every permission ("app_label.codename") of the user whose id is
    the SQL expression `user_id`, by `get_all_permissions`' rules for an active user: all of
    them for a superuser, else the user's own and their groups'."""
    quote = connection.ops.quote_name
    user_model = get_user_model()

    def through(model: type[Model], name: str) -> tuple[str, str, str]:
        """An M2M's table, its column for `model` and its column for the other side."""
        field = model._meta.get_field(name)
        assert isinstance(field, ManyToManyField)
        return (
            quote(field.m2m_db_table()),
            quote(field.m2m_column_name()),
            quote(field.m2m_reverse_name()),
        )

    own, own_user, own_permission = through(user_model, "user_permissions")
    member, member_user, member_group = through(user_model, "groups")
    granted, granted_group, granted_permission = through(Group, "permissions")
    content_type_column = Permission._meta.get_field("content_type").column
    user_key = user_model._meta.pk.column
    # Concrete fields always have a column; the stubs allow None.
    assert content_type_column is not None
    assert user_key is not None
    return (
        "ARRAY(SELECT content_type.app_label || '.' || permission.codename "
        f"FROM {quote(Permission._meta.db_table)} permission "
        f"JOIN {quote(ContentType._meta.db_table)} content_type "
        f"ON content_type.id = permission.{quote(content_type_column)} "
        f"WHERE EXISTS (SELECT 1 FROM {quote(user_model._meta.db_table)} superuser "
        f"WHERE superuser.{quote(user_key)} = {user_id} "
        "AND superuser.is_superuser) "
        f"OR permission.id IN (SELECT {own_permission} FROM {own} WHERE {own_user} = {user_id}) "
        f"OR permission.id IN (SELECT {granted}.{granted_permission} FROM {granted} "
        f"JOIN {member} ON {member}.{member_group} = {granted}.{granted_group} "
        f"WHERE {member}.{member_user} = {user_id}))"
    )


def preload_permissions(user: AbstractBaseUser, names: Iterable[str]) -> None:
    """Give `user` the permissions read with it (`permission_names_sql`): what
    `get_all_permissions` would read for this request, the cache Django's backend keeps."""
    user._perm_cache = set(names)  # type: ignore[attr-defined]
