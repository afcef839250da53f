"""PostgreSQL restarted under load: while it is down requests fail, and once it is back every
request succeeds again, with no server restart and no request answered with a 5xx."""

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from tests.faults.conftest import api_token
from tests.served import served

pytestmark = [pytest.mark.fault, pytest.mark.slow]

LOAD_THREADS = 6
SECONDS_BEFORE = 4
SECONDS_DOWN = 3
SECONDS_AFTER = 12


@dataclass(frozen=True)
class Outcome:
    started: float
    finished: float
    status: int | None  # None: no HTTP answer at all


class Load:
    """Threads reading and writing claims through the API until stopped."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.outcomes: list[Outcome] = []
        self.running = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(n,)) for n in range(LOAD_THREADS)]

    def _request(self, number: int, sequence: int) -> int | None:
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        if sequence % 2:
            body = json.dumps({"text": f"Fares rose {number}.{sequence}% this year"}).encode()
            request = urllib.request.Request(
                f"{self.base}/api/v1/claims/", data=body, headers=headers, method="POST"
            )
        else:
            request = urllib.request.Request(f"{self.base}/api/v1/claims/", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def _run(self, number: int) -> None:
        sequence = 0
        while self.running.is_set():
            started = time.monotonic()
            status = self._request(number, sequence)
            self.outcomes.append(Outcome(started, time.monotonic(), status))
            sequence += 1

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join()


def ok(outcome: Outcome) -> bool:
    return outcome.status is not None and outcome.status < 400


def test_requests_succeed_again_as_soon_as_a_restarted_database_is_back(private_server, tmp_path):
    database = private_server.new_database("restart")
    token = api_token(database)
    with served(
        database, var_dir=tmp_path / "var", workers=2, env={"API_THROTTLE_TOKEN": "100000/minute"}
    ) as base:
        load = Load(base, token)
        load.start()
        try:
            time.sleep(SECONDS_BEFORE)
            down = time.monotonic()
            private_server.stop()
            time.sleep(SECONDS_DOWN)
            private_server.start()
            up = time.monotonic()
            time.sleep(SECONDS_AFTER)
        finally:
            load.stop()

    outcomes = sorted(load.outcomes, key=lambda outcome: outcome.started)
    before = [o for o in outcomes if o.finished < down]
    recovered = next(o for o in outcomes if o.started >= up and ok(o))
    # Requests in flight when the server came back (waiting for a pooled connection) count too.
    first_answer = min(o.finished for o in outcomes if o.finished >= up and ok(o))
    after = [o for o in outcomes if o.started >= recovered.started]
    failed_after = [o for o in after if not ok(o)]
    print(
        f"\nPostgreSQL restart under load ({LOAD_THREADS} clients, reads and writes): "
        f"{len(before)} requests before, all ok: {all(map(ok, before))}; "
        f"{len(outcomes) - len(before) - len(after)} during the outage and recovery; "
        f"first successful answer {first_answer - up:.2f} s after the server was back, "
        f"first request sent after it back succeeded after {recovered.finished - up:.2f} s; "
        f"{len(after)} requests after that, {len(failed_after)} failed."
    )
    assert before
    assert all(map(ok, before))
    assert len(after) > LOAD_THREADS * 5
    assert failed_after == []
