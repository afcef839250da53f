"""Content negotiation answers as DRF's, asked again and again (its answer is remembered per
Accept header, format and renderers: factbase/api/negotiation.py)."""

import pytest
from django.utils import timezone
from rest_framework.negotiation import DefaultContentNegotiation

from factbase.api.negotiation import RememberedContentNegotiation
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_each_accept_header_and_format_keeps_its_own_answer(api, reader):
    ClaimFactory()
    client = api(reader)
    for _ in range(2):  # the second round is answered from memory
        plain = client.get("/api/v1/claims/")
        assert plain["Content-Type"] == "application/json"
        assert not plain.content.startswith(b"{\n")
        indented = client.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=2")
        assert indented.content.startswith(b"{\n  ")
        assert indented.json() == plain.json()
        browsable = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
        assert browsable["Content-Type"].startswith("text/html")
        assert client.get("/api/v1/claims/", HTTP_ACCEPT="application/xml").status_code == 406
        asked = client.get("/api/v1/claims/", {"format": "json"}, HTTP_ACCEPT="text/html")
        assert asked["Content-Type"] == "application/json"
        assert client.get("/api/v1/claims/", {"format": "xml"}).status_code == 404


def test_views_with_renderers_of_their_own_answer_as_drfs_negotiation(api, reader, monkeypatch):
    """A view's own renderers (a claim's ClaimReview: JSON, JSON-LD, the browsable API) are
    part of what an answer is remembered for: every header and format gets DRF's answer,
    whichever view was asked first."""
    claim = ClaimFactory(
        status="published",
        verdict="accurate",
        explanation="Checked against the register.",
        reviewer=reader,
        reviewed_at=timezone.now(),
        review_url="https://e.org/review",
        review_title="Membership did rise",
    )
    client = api(reader)
    urls = [f"/api/v1/claims/{claim.pk}/claimreview/", "/api/v1/claims/"]
    accepts = [None, "text/html", "application/ld+json", "application/*", "application/xml"]

    def answers() -> list[tuple[str, str | None, str | None, int, str]]:
        found = []
        for accept in accepts:
            for asked in (None, "json", "jsonld"):
                for url in urls:  # the same header and format for two views, one after the other
                    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
                    query = {} if asked is None else {"format": asked}
                    response = client.get(url, query, **headers)
                    found.append(
                        (url, accept, asked, response.status_code, response["Content-Type"])
                    )
        return found

    remembered = [answers(), answers()]
    monkeypatch.setattr(
        RememberedContentNegotiation, "select_renderer", DefaultContentNegotiation.select_renderer
    )
    drf = answers()
    assert remembered == [drf, drf]
    review = f"/api/v1/claims/{claim.pk}/claimreview/"
    assert (review, "application/ld+json", None, 200, "application/ld+json") in drf
    assert (review, None, "jsonld", 200, "application/ld+json") in drf
    assert ("/api/v1/claims/", None, "jsonld", 404, "application/json") in drf
