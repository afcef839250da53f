"""Django under ASGI with each request's middleware and view run in one thread of a bounded pool.

Django's own ASGI handler runs the middleware chain in async mode. Most middleware (Django's,
django-pghistory's, ours) is synchronous, so a request crosses between the event loop and a
thread several times: into a thread for each synchronous middleware's request and response
halves, back to the loop between them, and into a thread again for the view. Each crossing
costs a round trip through the event loop; under load they queue behind every other request's.
And when a client disconnects, Django cancels the request's task in the middle of that chain:
the synchronous code still running in its thread then finds the loop gone from under it
(asgiref's "CurrentThreadExecutor already quit or is broken") and the request is logged as an
Internal Server Error, though nothing failed but the client.

Here the synchronous handler (the whole middleware chain, the view, the response) runs once per
request in a thread of a pool of `WEB_MAX_CONCURRENT_REQUESTS` threads: one crossing in, one
back. The pool is also the bound on requests running at once, and so on the database
connections the process holds; requests beyond it wait on the event loop, costing no thread.
A request whose client disconnects is finished in its thread all the same (a thread cannot be
stopped halfway; its transaction commits or rolls back as it would have) and its response is
dropped; the slot is given back only then, so the bound holds.
"""

import asyncio
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("factbase.web")


class ThreadedASGIHandler(ASGIHandler):
    """Django's ASGI handler, with each request handled synchronously in one pooled thread."""

    def __init__(self) -> None:
        self.threads = ThreadPoolExecutor(
            max_workers=settings.WEB_MAX_CONCURRENT_REQUESTS, thread_name_prefix="request"
        )
        # Requests waiting for a thread wait here, so one whose client leaves never starts.
        self.slots = asyncio.Semaphore(settings.WEB_MAX_CONCURRENT_REQUESTS)
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        # The synchronous chain: it runs whole in the request's thread.
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        async with self.slots:
            loop = asyncio.get_running_loop()
            context = contextvars.copy_context()
            running = loop.run_in_executor(self.threads, context.run, self._respond, request)
            try:
                return await asyncio.shield(running)
            except asyncio.CancelledError:
                # The client disconnected: the thread finishes the request, then the slot is
                # free again. Nothing failed on our side, so nothing is logged as an error.
                while not running.done():
                    try:
                        await asyncio.wait([running])
                    except asyncio.CancelledError:  # cancelled again (the server's own timeout)
                        continue
                if not running.cancelled():
                    running.exception()  # seen: an error of a dropped response is no loose end
                logger.info(
                    "Client disconnected before the response: %s %s", request.method, request.path
                )
                raise

    def _respond(self, request: HttpRequest) -> HttpResponseBase:
        try:
            return self.get_response(request)
        finally:
            # The connection goes back to the pool now, not after the response has been sent:
            # a client that reads its response slowly must not hold one another request needs.
            close_old_connections()
