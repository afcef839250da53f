"""Setting up Django in worker processes started with `spawn` (a fresh interpreter).

Kept free of model imports: a spawned worker imports this module before Django is set up.
"""

import os


def setup_django(database_url: str, database_name: str) -> None:
    """Set up Django in a worker process, on the database its parent uses."""
    # The server the parent holds: a worker never starts or stops an embedded one.
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    # The parent may be on another database of that server (a test database).
    settings.DATABASES["default"]["NAME"] = database_name
    connections["default"].settings_dict["NAME"] = database_name
