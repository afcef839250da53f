"""Shared fixtures: fast hashing, users with the editorial permissions."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.db import connections
from django.test import override_settings

from factbase.asgi_handler import ThreadedASGIHandler
from tests.database_flush import use_fast_flush
from tests.database_template import use_migrated_template
from tests.factories import UserFactory
from tests.scheduling import long_tests_first, xdist_workers

# The checkout's test database name, before pytest-django suffixes it per xdist worker.
TEST_DATABASE = django_settings.DATABASES["default"]["TEST"]["NAME"]

# Transactional tests empty only the tables they wrote to (tests/database_flush.py).
use_fast_flush()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, django_db_blocker, django_db_createdb
) -> None:
    """Test databases are copies of a migrated template, made once per set of migrations
    (tests/database_template.py); `--create-db` migrates from nothing instead."""
    with django_db_blocker.unblock():
        use_migrated_template(TEST_DATABASE, rebuild=django_db_createdb)


@pytest.hookimpl(trylast=True)  # after `-m` and `-k` have deselected: the order is of what runs
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long tests start first, shared out among the workers (tests/scheduling.py)."""
    items[:] = long_tests_first(items, xdist_workers())


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """MD5 for the passwords tests set, for the whole run: a module's or a session's fixtures
    make users too, before any test's own settings apply, and PBKDF2 costs a fifth of a
    second of CPU per password."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


@pytest.fixture
def asgi_handler(settings):
    """The web server's request handler (factbase/asgi_handler.py) with one request thread, its
    thread's database connection closed and the thread stopped afterwards."""
    settings.WEB_MAX_CONCURRENT_REQUESTS = 1
    handler = ThreadedASGIHandler()
    yield handler
    handler.threads.submit(connections.close_all).result()
    handler.threads.shutdown()
