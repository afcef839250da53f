"""Starting Django worker processes: forked from a process that has set Django up, or, where
processes cannot fork, spawned (a fresh interpreter that sets Django up itself).

Kept free of model imports: a spawned worker imports this module before Django is set up.
"""

import gc
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext

# In a batch (an import), a full collection of the cycle collector after this many collections
# of its middle generation, rather than Python's 10.
BATCH_FULL_COLLECTION_AFTER = 100


def worker_context() -> BaseContext:
    """How to start workers: fork where the platform can (a forked worker starts in
    milliseconds with Django already set up; a spawned one takes most of a second to import and
    set it up again), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def worker_setup(start_method: str, database_url: str, database_name: str) -> None:
    """The initializer of a worker started by `start_method` (a `worker_context()`'s), on the
    database its parent uses."""
    if start_method == "fork":
        forget_inherited_connections()
    else:
        setup_django(database_url, database_name)


def forget_inherited_connections() -> None:
    """In a forked worker: drop the database connections copied from the parent, unclosed.

    The copies share the parent's sockets: closing one would end the parent's session, and a
    query on one would interleave with the parent's. The worker opens its own on first use
    (psycopg never closes a connection from a process other than the one that opened it).
    """
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        del connections[connection.alias]


def setup_django(database_url: str, database_name: str) -> None:
    """Set up Django in a spawned worker process, on the database its parent uses."""
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


@contextmanager
def batch_cycle_collector() -> Iterator[None]:
    """Run a batch command (an import) with the cycle collector set for it, in this process and
    the workers it forks; as it was afterwards.

    What is loaded before the batch starts (Django, the apps, the text pipeline's tables) is set
    aside from the collector, and full collections come ten times less often: each examines
    every object left, the batch's caches included (stored claims' wordings, words, the known
    organisations), and importing 80 articles into a million claims ran eight of them, about
    85 ms of CPU each, which freed nothing (docs/benchmarks.md). What a batch leaves in cycles
    is still collected by the young generations, and by the rarer full collections.
    """
    threshold = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    gc.collect()
    gc.freeze()
    gc.set_threshold(threshold[0], threshold[1], BATCH_FULL_COLLECTION_AFTER)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen_before:  # a process that froze its own objects keeps them frozen
            gc.unfreeze()
