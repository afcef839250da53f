"""Writers racing on the served process: of two PATCHes sent at once with the same ETag, exactly
one succeeds and the other gets 412, for 200 pairs, and no update is lost."""

import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.faults.conftest import api_token, shell
from tests.served import served

pytestmark = [pytest.mark.fault, pytest.mark.slow]

PAIRS = 200
PAIRS_AT_ONCE = 8


def call(url: str, token: str, *, method: str = "GET", body=None, headers=None):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def race(base: str, token: str, claim_id: int) -> list[int]:
    """Two PATCHes of one claim, holding the same ETag, sent at the same moment."""
    url = f"{base}/api/v1/claims/{claim_id}/"
    _, headers = call(url, token)
    etag = headers["ETag"]
    barrier = threading.Barrier(2)

    def write(n: int) -> int:
        barrier.wait(timeout=30)
        status, _ = call(
            url,
            token,
            method="PATCH",
            body={"text": f"Membership rose to {claim_id}{n} in 2019"},
            headers={"If-Match": etag},
        )
        return status

    with ThreadPoolExecutor(2) as writers:
        return sorted(writers.map(write, [1, 2]))


def test_two_hundred_concurrent_if_match_pairs_give_one_200_and_one_412_each(
    private_server, tmp_path
):
    database = private_server.new_database("if_match")
    token = api_token(database)
    claim_ids = json.loads(
        shell(
            database,
            "import json\n"
            "from claims.services import claim_create\n"
            f"print(json.dumps([claim_create(text=f'Membership rose to {{n}} in 2019').pk "
            f"for n in range({PAIRS})]))",
        )
    )
    with served(
        database, var_dir=tmp_path / "var", workers=2, env={"API_THROTTLE_TOKEN": "100000/minute"}
    ) as base:
        started = time.monotonic()
        with ThreadPoolExecutor(PAIRS_AT_ONCE) as pairs:
            outcomes = list(pairs.map(lambda claim_id: race(base, token, claim_id), claim_ids))
        elapsed = time.monotonic() - started

    with psycopg.connect(database) as connection:
        versions = connection.execute(
            "SELECT version, count(*) FROM claims_claim WHERE id = ANY(%s) GROUP BY version",
            [claim_ids],
        ).fetchall()
    print(
        f"\n{PAIRS} concurrent If-Match pairs ({PAIRS_AT_ONCE} pairs at a time, 2 workers) in "
        f"{elapsed:.1f} s: {sum(o == [200, 412] for o in outcomes)} gave one 200 and one 412."
    )
    assert [pair for pair in outcomes if pair != [200, 412]] == []
    assert versions == [(2, PAIRS)]  # each claim changed exactly once
