"""Messages (the admin's "was changed successfully") still reach the next page when the
request's storage is made only on first use (factbase/messages.py); a request that neither adds
nor reads one makes no storage and leaves its cookie as it was."""

from typing import Any

import pytest
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import empty

from factbase.messages import LazyMessageMiddleware

pytestmark = pytest.mark.django_db

seen: list[list[str]] = []


def _adds(request: HttpRequest) -> HttpResponse:
    messages.success(request, "The claim was changed successfully.")
    return HttpResponse("added")


def _reads(request: HttpRequest) -> HttpResponse:
    seen.append([str(message) for message in messages.get_messages(request)])
    return HttpResponse("read")


def _ignores(request: HttpRequest) -> HttpResponse:
    return HttpResponse("nothing")


def _through(view, cookies: dict[str, str] | None = None) -> tuple[HttpRequest, Any]:
    request = RequestFactory().get("/admin/")
    request.COOKIES.update(cookies or {})
    chain = SessionMiddleware(LazyMessageMiddleware(view))
    return request, chain(request)


def test_a_message_added_is_shown_on_the_next_page_and_then_gone():
    seen.clear()
    _, added = _through(_adds)
    cookie = added.cookies["messages"].value
    assert cookie
    _, read = _through(_reads, {"messages": cookie})
    assert seen == [["The claim was changed successfully."]]
    # Shown once: the cookie is cleared by the page that read it.
    assert read.cookies["messages"].value == ""


def test_a_request_that_neither_adds_nor_reads_makes_no_storage_and_keeps_the_cookie():
    _, added = _through(_adds)
    cookie = added.cookies["messages"].value
    request, response = _through(_ignores, {"messages": cookie})
    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies
    # Still there for the page that shows it.
    seen.clear()
    _through(_reads, {"messages": cookie})
    assert seen == [["The claim was changed successfully."]]
