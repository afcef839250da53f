"""The long tests start first, shared out among the xdist workers' runs."""

from dataclasses import dataclass, field
from pathlib import Path

from tests.scheduling import long_tests_first, worker_runs


@dataclass
class FakeItem:
    name: str
    path: Path
    markers: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str) -> str | None:
        return name if name in self.markers else None


def module(name: str, count: int, *markers: str) -> list[FakeItem]:
    return [
        FakeItem(f"{name}{number}", Path(f"{name}.py"), set(markers)) for number in range(count)
    ]


def test_each_workers_run_starts_with_its_share_of_the_long_modules_kept_whole():
    quick = module("quick", 30)
    browser = module("browser", 4, "slow")
    imports = module("imports", 3, "long")
    served = module("served", 2, "slow")
    items = quick[:10] + browser + quick[10:20] + imports + served + quick[20:]

    ordered = long_tests_first(items, 2)

    first, second = ordered[:19], ordered[19:]
    assert worker_runs(len(items), 2) == [19, 20]
    assert first[:4] == browser
    assert second[:5] == imports + served
    assert [test for test in ordered if test in quick] == quick  # the rest keeps its order
    assert sorted(test.name for test in ordered) == sorted(test.name for test in items)


def test_a_module_of_many_long_tests_is_dealt_out_test_by_test():
    fuzz = module("fuzz", 40, "slow")
    items = module("quick", 60) + fuzz

    ordered = long_tests_first(items, 2)

    assert ordered[:20] == fuzz[0::2]
    assert ordered[50:70] == fuzz[1::2]


def test_outside_xdist_the_order_is_the_collected_one():
    items = module("quick", 3) + module("served", 2, "slow")
    assert long_tests_first(items, 0) == items
