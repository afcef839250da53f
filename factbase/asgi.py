"""ASGI entry point: what `manage.py serve` runs under gunicorn's asyncio worker (`-k asgi`).

The event loop reads each request (head and body) in full before Django sees it, so clients that
send slowly, or announce a longer body than they send, hold a socket and never a thread: they
cannot starve the service. Settings see `FACTBASE_ASGI` and switch to what this mode needs (a
connection pool, a statement timeout); each request then runs in one thread of a bounded pool
(factbase/asgi_handler.py).
"""

import gc
import json
import os
import warnings

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factbase.settings")
os.environ["FACTBASE_ASGI"] = "1"

# WhiteNoise serves static files with a synchronous file iterator, which Django's ASGI handler
# reads in a thread; the warning says so on every static file and nothing is wrong.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

django.setup(set_prefix=False)

from django.db import connections  # noqa: E402 - needs Django set up
from django.urls import get_resolver  # noqa: E402 - needs Django set up

from factbase import pool_check  # noqa: E402 - needs Django set up
from factbase.asgi_handler import ThreadedASGIHandler  # noqa: E402 - needs Django set up

django_application = ThreadedASGIHandler()
# A round trip to check a pooled connection only when the server has sent something on it.
pool_check.install(connections)

# What the process has loaded so far (Django, the apps, the URL configuration and the views,
# serializers and admin it imports) lives as long as the process: it is set aside from the
# cycle collector, whose full collections (still every second or so under load) then examine
# only what requests left behind, some thousands of objects, instead of about 140,000, which
# took 50-100 ms in which no request of the worker ran (docs/benchmarks.md).
get_resolver().url_patterns  # noqa: B018 - imports the views now, not on the first request
gc.collect()
gc.freeze()

REQUEST_TIMEOUT_BODY = json.dumps(
    {
        "status": 408,
        "code": "request_timeout",
        "detail": "The request body stopped arriving before it was complete.",
        "errors": {},
    }
).encode()


async def application(scope, receive, send) -> None:
    """Django, except that a request whose body stopped arriving is answered 408.

    Django gives up on such a request without answering (the server's wait for the body timed
    out), which the server would report as a 500.
    """
    if scope["type"] != "http":
        await django_application(scope, receive, send)
        return
    response_started = False

    async def send_and_note(message) -> None:
        nonlocal response_started
        response_started = response_started or message["type"] == "http.response.start"
        await send(message)

    await django_application(scope, receive, send_and_note)
    if not response_started:
        await send(
            {
                "type": "http.response.start",
                "status": 408,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(REQUEST_TIMEOUT_BODY)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": REQUEST_TIMEOUT_BODY})
