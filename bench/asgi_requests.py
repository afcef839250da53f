"""API reads driven through the ASGI application in this process, for counting their cost.

The web worker's own code (factbase.asgi.application: the request handler, middleware and
views under production settings) without gunicorn's HTTP parsing, sequential GETs with a
reader's token, `--warm` then `--requests` each. Run under valgrind to count instructions,
which other processes on a busy machine do not change (CPU time does); with `--requests 0`
the same run gives start-up and warm-up alone, to subtract:

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/newsroom_200000 valgrind \\
        --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python bench/asgi_requests.py --requests 100 /api/v1/claims/

Creates a reader account (`cpu-bench-reader`) and a token for it in that database, as
bench/worker_cpu.py does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["/api/v1/claims/{claim}/", "/api/v1/claims/", "/api/v1/sources/"]


def setup() -> tuple[str, int]:
    """A reader's token, and a claim's id for `{claim}`."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from knox.models import get_token_model

    from claims.models import Claim

    reader, _ = get_user_model().objects.get_or_create(username="cpu-bench-reader")
    reader.groups.add(Group.objects.get(name="reader"))
    token = get_token_model().objects.create(user=reader)[1]
    return token, Claim.objects.order_by("-id").values_list("id", flat=True)[7]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warm", type=int, default=30)
    parser.add_argument("pages", nargs="*", default=PAGES, help="{claim}: a claim's id")
    args = parser.parse_args()
    os.environ.update(  # production settings, as bench/run_newsroom.py serves them
        DJANGO_SETTINGS_MODULE="bench.reference.settings",
        FACTBASE_PRODUCTION="1",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        API_THROTTLE_TOKEN="10000000/minute",
        API_THROTTLE_ANON="10000000/minute",
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    from asgiref.sync import sync_to_async

    from factbase.asgi import application

    token, claim = await sync_to_async(setup)()
    headers = [
        (b"host", b"127.0.0.1"),
        (b"authorization", f"Token {token}".encode()),
        (b"x-forwarded-proto", b"https"),
    ]

    async def get(path: str) -> int:
        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 50000),
            "headers": headers,
        }
        body_sent = False

        async def receive() -> dict:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client stays connected
            raise AssertionError("unreachable")

        statuses = []

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await application(scope, receive, send)
        return statuses[0]

    for page in args.pages:
        path = page.replace("{claim}", str(claim))
        for _ in range(args.warm):
            status = await get(path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        started = time.process_time()
        for _ in range(args.requests):
            await get(path)
        if args.requests:
            cpu = (time.process_time() - started) / args.requests
            print(f"{page}: process CPU {cpu * 1000:.2f} ms a request")


if __name__ == "__main__":
    asyncio.run(main())
