"""A list asked for no filter skips its FilterSet once that FilterSet is known to leave such a
query as it is; a FilterSet that filters without being asked always runs."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.filters import ClaimFilterSet
from claims.models import Claim
from factbase.api import filters
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class HidesMerged(ClaimFilterSet):
    """A FilterSet with a default: merged claims are left out unless asked for."""

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).filter(duplicate_of__isnull=True)


class _View:
    def __init__(self, filterset_class):
        self.filterset_class = filterset_class


def _filtered(filterset_class, query: str = "") -> list[Claim]:
    request = Request(APIRequestFactory().get(f"/api/v1/claims/{query}"))
    queryset = Claim.objects.order_by("id")
    view = _View(filterset_class)
    return list(filters.StrictFilterBackend().filter_queryset(request, queryset, view))


def test_a_filterset_that_filters_unasked_still_filters_every_time():
    kept = ClaimFactory()
    ClaimFactory(duplicate_of=kept)
    for _ in range(3):
        assert _filtered(HidesMerged) == [kept]
        assert _filtered(HidesMerged, "?page_size=5") == [kept]
    assert filters._passes_unfiltered[(HidesMerged, Claim)] is False


def test_a_filterset_that_leaves_an_unfiltered_query_alone_is_skipped_afterwards(monkeypatch):
    claims = [ClaimFactory(), ClaimFactory(status="published")]
    assert _filtered(ClaimFilterSet) == claims
    assert filters._passes_unfiltered[(ClaimFilterSet, Claim)] is True

    def never(*args, **kwargs):
        raise AssertionError("the FilterSet was built")

    monkeypatch.setattr(filters.StrictFilterBackend, "get_filterset", never)
    assert _filtered(ClaimFilterSet) == claims
    with pytest.raises(AssertionError):
        _filtered(ClaimFilterSet, "?status=published")


def test_parameters_are_still_checked_when_the_filterset_is_skipped(api, reader):
    client = api(reader)
    assert client.get("/api/v1/claims/").status_code == 200
    response = client.get("/api/v1/claims/?page_size=2&page_size=3")
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
    assert client.get("/api/v1/claims/?page_size=0").status_code == 400
