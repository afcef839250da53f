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
back. The request's signals run there too (Django sent `request_started` and closed the
response in threads of an executor it started for each request). The pool is also the bound
on requests running at once, and so on the database connections the process holds; requests
beyond it wait on the event loop, costing no thread. A request whose client disconnects is
finished in its thread all the same (a thread cannot be stopped halfway; its transaction
commits or rolls back as it would have) and its response is dropped; the slot is given back
only then, so the bound holds.
"""

import asyncio
import contextlib
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponseBase
from django.urls import set_script_prefix

from factbase import request_cycles

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

    async def __call__(self, scope, receive, send) -> None:
        # Without Django's per-request ThreadSensitiveContext: it gives every request a thread
        # executor of its own, started for the request and stopped after it, for the code
        # Django runs outside the view (signals, closing the response), which runs here in
        # the request's pooled thread instead.
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)

    async def handle(self, scope, receive, send) -> None:
        """As Django's, except that the request's whole synchronous part (the `request_started`
        signal, the middleware and view, and closing a response whose content is complete,
        which sends `request_finished`) runs in one crossing into its pooled thread. Django
        crosses into a thread three times, and its signals' receivers (closing stale database
        connections) ran in a thread other than the one whose connections the request used."""
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        request, error_response = self.create_request(scope, body_file)
        if request is None:
            assert error_response is not None  # one or the other
            await signals.request_started.asend(sender=self.__class__, scope=scope)
            body_file.close()
            await self.send_response(error_response, send)
            await sync_to_async(error_response.close)()
            return

        async def process_request(request, send):
            response = await self.run_get_response(request)
            # A client that disconnects while its response is sent: nothing more to do.
            with contextlib.suppress(asyncio.CancelledError):
                await self.send_response(response, send)
            return response

        # As Django does: a client that disconnects while its request runs cancels it.
        tasks = [
            asyncio.create_task(self.listen_for_disconnect(receive)),
            asyncio.create_task(process_request(request, send)),
        ]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            if task.done():
                try:
                    task.result()
                except RequestAborted:
                    pass
                except AssertionError:
                    body_file.close()
                    raise
            else:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        try:
            response = tasks[1].result()
        except asyncio.CancelledError:
            pass  # its thread finished it, and closed it when complete
        else:
            if response.streaming:  # closed once its content has been sent
                await sync_to_async(response.close)()
        body_file.close()

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
                if not running.cancelled() and running.exception() is None:
                    dropped = running.result()
                    if dropped.streaming:  # never to be read: its file is closed now
                        dropped.close()
                logger.info(
                    "Client disconnected before the response: %s %s", request.method, request.path
                )
                raise

    def _respond(self, request: HttpRequest) -> HttpResponseBase:
        try:
            # As Django's ASGI handler sends it (a request not made from ASGI has no scope).
            scope = getattr(request, "scope", None)
            signals.request_started.send(sender=self.__class__, scope=scope)
            response = self.get_response(request)
            if not response.streaming:
                response.close()  # its content is complete: `request_finished` is sent here
                # Its objects are freed now rather than by the cycle collector's pauses.
                request_cycles.release(request, response)
            return response
        finally:
            # The connection goes back to the pool now, not after the response has been sent:
            # a client that reads its response slowly must not hold one another request needs.
            close_old_connections()
