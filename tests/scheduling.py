"""The order tests are handed to the xdist workers in: the long ones first, shared out.

`--dist worksteal` hands each worker an equal run of the collected tests, in collection order,
then moves tests from the end of a busy worker's queue to an idle one. A long test collected
late starts late, and one worker can end up running it alone while the other has finished: the
run lasts as long as that worker. So the long tests (marked `slow` or `long`) go to the head of
the workers' runs, one module at a time to whichever worker has been given the fewest long
tests so far (a module stays on one worker: browser and served-process modules start their
servers once per module); the other tests follow in their collected order, filling each run up
to its share. A module of many long tests (the schemathesis operations) is dealt out one test
at a time instead: its tests share no module-wide set-up worth keeping together.
"""

import os
from itertools import groupby

import pytest

LONG_MARKERS = ("slow", "long")
# A module with at least this many long tests is dealt out test by test.
SPLIT_MODULE_SIZE = 20


def is_long(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(marker) for marker in LONG_MARKERS)


def worker_runs(total: int, workers: int) -> list[int]:
    """How many tests worksteal's first hand-out gives each worker, in order."""
    sizes = []
    for index in range(workers):
        size = total // (workers - index)
        sizes.append(size)
        total -= size
    return sizes


def long_tests_first(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """`items` reordered so that each of `workers` runs starts with its share of the long
    tests; the order is the same in every worker (xdist checks that the collections match)."""
    long = [item for item in items if is_long(item)]
    if workers < 1 or not long:
        return items
    others = [item for item in items if not is_long(item)]
    heads: list[list[pytest.Item]] = [[] for _ in range(workers)]
    modules = [list(tests) for _path, tests in groupby(long, key=lambda item: item.path)]
    whole = [module for module in modules if len(module) < SPLIT_MODULE_SIZE]
    for module in sorted(whole, key=len, reverse=True):
        min(heads, key=len).extend(module)
    for module in modules:
        if len(module) >= SPLIT_MODULE_SIZE:
            for item in module:
                min(heads, key=len).append(item)
    sizes = worker_runs(len(items), workers)
    if any(len(head) > size for head, size in zip(heads, sizes, strict=True)):
        return long + others  # more long tests than a run holds: just start with them
    ordered: list[pytest.Item] = []
    rest = iter(others)
    for head, size in zip(heads, sizes, strict=True):
        ordered.extend(head)
        ordered.extend(next(rest) for _ in range(size - len(head)))
    return ordered


def xdist_workers() -> int:
    """The number of xdist workers of this run; 0 outside xdist."""
    return int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
