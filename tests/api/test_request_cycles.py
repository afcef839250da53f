"""A served API read leaves no reference cycles behind (factbase/request_cycles.py, the kept
statements of factbase/api/prepared.py): its objects are freed by reference counting as it
ends, not by the cycle collector's pauses, which stall every request of the process."""

import asyncio
import gc
import subprocess
import sys
from unittest import mock

import pytest
from django.test import RequestFactory
from knox.models import get_token_model

from factbase import request_cycles
from factbase.asgi_handler import ThreadedASGIHandler
from tests.factories import CitationFactory, ClaimFactory, SourceFactory

# The handler's thread answers on its own connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def paths():
    for _ in range(3):
        source = SourceFactory()
        CitationFactory(source=source, claim=ClaimFactory())
    claim = ClaimFactory()
    CitationFactory(claim=claim)
    return [
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/sources/",
        f"/api/v1/sources/{source.pk}/",
        "/api/v1/citations/",
        "/api/v1/entities/",
        "/api/v1/claims/?status=new&verdict=unrated",  # through the FilterSet
        f"/api/v1/citations/?claim_id={claim.pk}",
    ]


def _cyclic_garbage(handler: ThreadedASGIHandler, paths: list[str], token: str) -> list[str]:
    """The types of the objects the cycle collector finds after `paths` were each read once
    (after a first read of each, which fills the process's caches)."""
    factory = RequestFactory(HTTP_AUTHORIZATION=f"Token {token}")

    async def read_all() -> list[str]:
        for path in paths:
            assert (await handler.get_response_async(factory.get(path))).status_code == 200
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for path in paths:
                response = await handler.get_response_async(factory.get(path))
                assert response.status_code == 200
            del response
            gc.collect()
            return sorted(type(found).__qualname__ for found in gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()

    return asyncio.run(read_all())


def test_an_api_read_leaves_no_reference_cycles(asgi_handler, paths, reader):
    _, token = get_token_model().objects.create(user=reader)
    assert _cyclic_garbage(asgi_handler, paths, token) == []


def _leave_as_they_are(request, response) -> None:
    pass


def test_without_cutting_them_a_read_leaves_its_page_in_cycles(asgi_handler, paths, reader):
    """The control: DRF's view, request and response (and with them the page's rows) are
    cycles left to the collector when nothing cuts them."""
    _, token = get_token_model().objects.create(user=reader)
    # Not a Mock: it would keep each request and response it is called with.
    with mock.patch.object(request_cycles, "release", _leave_as_they_are):
        left = _cyclic_garbage(asgi_handler, paths, token)
    assert {"ClaimViewSet", "Response", "Claim"} <= set(left)


def test_the_served_process_sets_what_it_loaded_aside_from_the_cycle_collector():
    """The web worker's modules, URL configuration and views are frozen once loaded, so the
    collector's full collections examine only what requests leave (gc.freeze)."""
    script = "import gc, factbase.asgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    frozen, collected = map(int, done.stdout.split())
    assert frozen > 50_000  # what Django and the product load
    assert collected < frozen / 10
