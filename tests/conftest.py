"""Shared fixtures: fast hashing, users with the editorial permissions."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    """A journalist who can use the admin and change claims, but not review them."""
    user = UserFactory(username="reporter", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"],
            codename__regex=r"^(add|change|view)_",
        )
    )
    return user
