"""A user's permissions, read in one query: the same answers as Django's ModelBackend."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection

from factbase.auth_backends import OneQueryModelBackend, permission_names_sql, preload_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a new request loads it (no permission cache)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def user():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_claim"))
    group = Group.objects.create(name="checkers")
    group.permissions.add(*Permission.objects.filter(codename__in=["change_claim", "view_claim"]))
    user.groups.add(group)
    return user


def test_own_and_group_permissions_are_read_in_one_query(user, django_assert_num_queries):
    fresh = _fresh(user)
    with django_assert_num_queries(1):
        permissions = OneQueryModelBackend().get_all_permissions(fresh)
    assert permissions == {"claims.view_claim", "claims.change_claim"}
    assert permissions == ModelBackend().get_all_permissions(_fresh(user))
    with django_assert_num_queries(0):  # cached for the request, as Django caches it
        assert fresh.has_perm("claims.change_claim")
        assert not fresh.has_perm("claims.delete_claim")


def test_inactive_users_have_no_permissions_and_superusers_all(user):
    user.is_active = False
    assert OneQueryModelBackend().get_all_permissions(user) == set()
    user.is_active, user.is_superuser = True, True
    user.save()
    everything = OneQueryModelBackend().get_all_permissions(user)
    assert len(everything) == Permission.objects.count()
    assert everything == ModelBackend().get_all_permissions(_fresh(user))


def test_object_permissions_are_not_granted(user):
    assert OneQueryModelBackend().get_all_permissions(_fresh(user), obj=object()) == set()


def _preloaded(user):
    """The permissions the API's token authentication reads with the user."""
    sql = permission_names_sql("%s")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", [user.pk] * sql.count("%s"))
        (names,) = cursor.fetchone()
    return set(names)


def test_permissions_read_with_a_token_are_the_backends(user):
    assert _preloaded(user) == {"claims.view_claim", "claims.change_claim"}
    user.groups.clear()
    assert _preloaded(user) == {"claims.view_claim"}
    assert _preloaded(UserFactory()) == set()
    user.is_superuser = True
    user.save()
    assert _preloaded(user) == ModelBackend().get_all_permissions(_fresh(user))
    assert len(_preloaded(user)) == Permission.objects.count()


def test_preloaded_permissions_answer_without_a_query(user, django_assert_num_queries):
    fresh = _fresh(user)
    preload_permissions(fresh, _preloaded(user))
    with django_assert_num_queries(0):
        assert fresh.has_perm("claims.change_claim")
        assert not fresh.has_perm("claims.delete_claim")
    fresh.is_active = False  # an inactive user has none, whatever was read
    assert not fresh.has_perm("claims.change_claim")
