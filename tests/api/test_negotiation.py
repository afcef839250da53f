"""Content negotiation answers as DRF's, asked again and again (its answer is remembered per
Accept header, format and renderers: factbase/api/negotiation.py)."""

import pytest

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
