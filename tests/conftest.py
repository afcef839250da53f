"""Shared fixtures: fast hashing, users with the editorial permissions."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def admin_user_with(username: str, *, review: bool = False):
    """A staff user who may add, change and view claims and sources, and review if asked."""
    actions = "add|change|view|review" if review else "add|change|view"
    user = UserFactory.create(username=username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"], codename__regex=rf"^({actions})_"
        )
    )
    return user


@pytest.fixture
def staff_user(db):
    """A journalist who can use the admin and change claims, but not review them."""
    return admin_user_with("reporter")
