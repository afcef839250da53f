"""Fixtures for the API tests: users in the editorial groups, token-authenticated clients."""

import importlib
import sys
from collections.abc import Sequence

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from knox.models import get_token_model
from rest_framework.test import APIClient

from factbase.users import User
from tests.factories import UserFactory

MODELS = ["source", "entity", "claim", "citation"]
groups_migration = importlib.import_module("factbase.migrations.0001_editorial_groups")
relations_migration = importlib.import_module("factbase.migrations.0002_claimrelation_permissions")


def ensure_editorial_groups() -> None:
    """The groups come from a data migration; a transactional test's flush removes them."""
    if Group.objects.filter(name__in=groups_migration.GROUPS).count() == len(
        groups_migration.GROUPS
    ):
        return
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups_migration.add_group_permissions(django_apps)
    relations_migration.add_group_permissions(django_apps)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each schemathesis operation test its own id (`...[GET /api/v1/claims/]`).

    pytest 9 makes an item's id from its function's name and its parametrization, and
    schemathesis names its per-operation items only in `name`: all of them would share one id,
    so xdist would run them all on one worker and reports could not tell them apart.

    The plugin's module is looked up, not imported: `make test-fast` runs no schemathesis test
    and leaves the plugin out (`-p no:schemathesis`), a fifth of a second of imports per process."""
    plugin = sys.modules.get("schemathesis.pytest.plugin")
    if plugin is None:
        return
    for item in items:
        if (
            isinstance(item, plugin.SchemathesisFunction)
            and item.parent is not None
            and item.nodeid.endswith(item.originalname)
        ):
            item._id = item.parent.id.child(item.originalname).with_params(item.operation_label)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test starts with empty throttle counters and rates no test run reaches."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "token": "100000/minute"},
    }


class TokenClient(APIClient):
    """An API client sending `user`'s token with every request."""

    def __init__(self, user: User, token: str) -> None:
        super().__init__()
        self.user = user
        self.token = token
        self.credentials(HTTP_AUTHORIZATION=f"Token {token}")


def token_client(user: User) -> TokenClient:
    _, token = get_token_model().objects.create(user=user)
    return TokenClient(user, token)


def user_in(group: str | None, username: str, extra: Sequence[str] = ()) -> User:
    user = UserFactory.create(username=username)
    if group:
        ensure_editorial_groups()
        user.groups.add(Group.objects.get(name=group))
    if extra:
        user.user_permissions.add(*Permission.objects.filter(codename__in=extra))
    return user


@pytest.fixture
def api():
    """A client factory: api(user) -> an APIClient sending that user's token."""
    return token_client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def reader(db):
    return user_in("reader", "reader")


@pytest.fixture
def reporter(db):
    """Adds and changes everything, deletes too (for the uniform tests), but cannot review."""
    return user_in("reporter", "reporter", [f"delete_{model}" for model in MODELS])


@pytest.fixture
def fact_checker(db):
    return user_in("fact-checker", "factchecker", [f"delete_{model}" for model in MODELS])


@pytest.fixture
def nobody(db):
    """Authenticated, with no permission at all."""
    return user_in(None, "nobody")
