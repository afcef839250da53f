"""Bounded request concurrency for the ASGI server (see factbase/asgi.py).

Under ASGI the event loop reads every request in full before Django sees it, so slow or stalled
clients cost a socket, not a thread. Django then runs each request's synchronous views in a thread
of its own, with its own database connection: without a bound, a burst of requests would start as
many threads and exhaust PostgreSQL's connections. This middleware, first in the chain, lets at
most `WEB_MAX_CONCURRENT_REQUESTS` requests of a process run at once (the connection pool has as
many connections); the others wait on the event loop, costing nothing but memory.
"""

import asyncio

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase


class ConcurrencyLimitMiddleware:
    """At most `WEB_MAX_CONCURRENT_REQUESTS` requests of this process run Django code at once."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response) -> None:
        if not iscoroutinefunction(get_response):  # pragma: no cover - Django adapts it for us
            raise TypeError("ConcurrencyLimitMiddleware runs under ASGI only.")
        self.get_response = get_response
        self.slots = asyncio.Semaphore(settings.WEB_MAX_CONCURRENT_REQUESTS)
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        async with self.slots:
            try:
                return await self.get_response(request)
            finally:
                # Give the database connection back to the pool now, not after the response
                # has been sent: a client that reads its response slowly must not keep a
                # connection another request is waiting for.
                await sync_to_async(close_old_connections, thread_sensitive=True)()
