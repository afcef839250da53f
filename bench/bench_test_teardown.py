"""The teardown of a transactional test: Django's `flush` against the test suite's deletion of
the rows left (tests/database_flush.py), on a scratch copy of the migrated test template.

    createdb -T <test template> bench_teardown   # tests/database_template.py names it
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_teardown \\
        PYTHONPATH=. .venv/bin/python bench/bench_test_teardown.py
    dropdb bench_teardown

Each round writes what a typical API test leaves (a citation with its claim, source and
entities, a user and a token, and the history and change events the triggers record), then
empties the database one way, then the other; medians over the rounds. Both ways end with the
`post_migrate` signal.
"""

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from knox.models import get_token_model  # noqa: E402

from tests.database_flush import flush_tables_with_rows, tables_with_rows  # noqa: E402
from tests.factories import CitationFactory, UserFactory  # noqa: E402

ROUNDS = 6


def leave_what_a_test_leaves() -> None:
    CitationFactory()
    get_token_model().objects.create(user=UserFactory())


def django_flush() -> None:
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)


def main() -> None:
    ways: dict[str, Callable[[], None]] = {
        "Django's flush": django_flush,
        "delete the rows left": lambda: flush_tables_with_rows("default"),
    }
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(ROUNDS):
        for name, empty in ways.items():
            leave_what_a_test_leaves()
            written = len(tables_with_rows(connection))
            start = time.perf_counter()
            empty()
            seconds[name].append(time.perf_counter() - start)
    print(f"tables holding rows before each emptying: {written} of 38")
    for name, times in seconds.items():
        print(f"{name}: median {statistics.median(times) * 1000:.0f} ms over {len(times)}")


if __name__ == "__main__":
    main()
