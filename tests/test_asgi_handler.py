"""The web server's request handling (factbase/asgi_handler.py): a request whose client leaves
while it runs is finished in its thread, holds its slot until then, and is logged as a client
disconnect, never as a server error."""

import asyncio
import logging
import threading

import pytest
from django.core import signals
from django.test import RequestFactory

# Another thread answers the request, on its own connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_whose_client_leaves_is_finished_and_logged_as_a_disconnect(asgi_handler, caplog):
    running, release, finished = threading.Event(), threading.Event(), threading.Event()
    respond = asgi_handler.get_response

    def slow_response(request):  # the view still running when the client leaves
        running.set()
        release.wait(10)
        try:
            return respond(request)
        finally:
            finished.set()

    asgi_handler.get_response = slow_response
    request = RequestFactory().get("/admin/login/")

    async def client_leaves():
        task = asyncio.create_task(asgi_handler.get_response_async(request))
        await asyncio.to_thread(running.wait, 10)
        task.cancel()
        await asyncio.sleep(0.1)
        assert not task.done()  # waiting for its thread to finish the request
        assert asgi_handler.slots.locked()  # which still counts against the bound
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert finished.is_set()
        assert not asgi_handler.slots.locked()
        # The next request is served as usual.
        asgi_handler.get_response = respond
        return await asgi_handler.get_response_async(RequestFactory().get("/admin/login/"))

    with caplog.at_level(logging.INFO):
        after = asyncio.run(client_leaves())
    assert after.status_code == 200
    assert "Client disconnected before the response: GET /admin/login/" in caplog.text
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []


def test_a_request_runs_its_signals_and_view_in_one_pooled_thread(asgi_handler):
    """`request_started` and `request_finished` (whose receivers close the request's stale
    database connections) run in the request's own thread, not in one started for them."""
    seen: dict[str, str] = {}

    def started(**kwargs):
        seen["started"] = threading.current_thread().name

    def finished(**kwargs):
        seen["finished"] = threading.current_thread().name

    respond = asgi_handler.get_response

    def view_thread(request):
        seen["view"] = threading.current_thread().name
        return respond(request)

    asgi_handler.get_response = view_thread
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/admin/login/",
        "raw_path": b"/admin/login/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []

    async def serve_twice() -> None:
        for _ in range(2):
            body_read = False

            async def receive():
                nonlocal body_read
                if not body_read:
                    body_read = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                await asyncio.Event().wait()  # the client stays connected

            async def send(message):
                sent.append(message)

            await asgi_handler(scope, receive, send)

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        asyncio.run(serve_twice())
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [200, 200]
    assert seen["view"].startswith("request")
    assert seen["started"] == seen["finished"] == seen["view"]
