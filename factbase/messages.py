"""Django's messages middleware, with a request's message storage made only when it is used.

Django's `MessageMiddleware` makes every request a storage (`FallbackStorage`: a cookie storage,
whose signer derives its key from the secret, and a session storage) and asks it to update the
response. API requests never use it: making it was about 3% of a list page's CPU time. Here the
storage is made on first use (the admin adding a message, a template listing them), and a
storage never made is not asked to update the response: a storage nobody used or added to
writes nothing (`BaseStorage.update`), so the responses are the same.
"""

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    """`MessageMiddleware`, its storage made on first use (see the module's docstring)."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        storage = request.__dict__.get("_messages")
        if isinstance(storage, SimpleLazyObject) and storage._wrapped is empty:
            return response  # never made: it would store nothing
        return super().process_response(request, response)
