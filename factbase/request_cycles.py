"""Breaking the reference cycles a request leaves, so that its objects are freed as it ends.

Django REST framework's view, request, response and serializers point at each other (the view
keeps the request and the response, the request's parser context and the response's renderer
context point back at them, a list serializer and its child at each other), and so do Django's
request, its messages storage and its `auser`. Reference counting never frees a cycle: each
request's objects (its page of rows with them, about 500 objects for a list page) wait for
Python's cycle collector. A web worker runs several requests at once, so most of them are
still in use when the collector's young generations are examined and are moved to its oldest
one, which is examined only now and then, all of it at once: 30-150 ms in which no request of
the process runs, every second or so under load (the p99 of a loaded worker), and about a
quarter of the worker's CPU per request. Once a response is complete nothing reads these
links, and cutting them lets the request's objects go the moment the request does.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase


def release(request: HttpRequest, response: HttpResponseBase) -> None:
    """Cut the links that make `request`'s objects a cycle, once `response` is complete (not
    streaming: a streaming response still reads its view's objects as it is sent)."""
    if response.streaming:
        return
    # django.contrib.messages' storage of the request, and django.contrib.auth's `auser`
    # (a partial of the request), point back at the request.
    request.__dict__.pop("_messages", None)
    request.__dict__.pop("auser", None)
    context: dict[str, Any] | None = getattr(response, "renderer_context", None)
    if not context:
        return  # not a REST framework response
    view, api_request = context.get("view"), context.get("request")
    data = getattr(response, "data", None)
    # A page's serializer is that of its results (DRF's ReturnList knows its serializer).
    for value in (data, *data.values()) if isinstance(data, dict) else (data,):
        serializer = getattr(value, "serializer", None)
        child = getattr(serializer, "child", None)  # a list serializer's serializer of an item
        if child is not None:
            child.__dict__.pop("parent", None)
    parser_context = getattr(api_request, "parser_context", None)
    if parser_context is not None:
        parser_context.clear()  # the request itself, and the view
    if view is not None:
        view.__dict__.clear()  # the request, the response, its handler methods bound to it
    context.clear()  # the response itself, the view and the request
