"""The API shows the name a citation's unidentified speaker is given in the text."""

import pytest

from claims.importing import import_document
from claims.models import Claim

pytestmark = pytest.mark.django_db

RALLY = (
    "Wall talk returns\n\n"
    "The crowd in Ohio was loud on Tuesday night.\n\n"
    "“We will build the wall and it will be a great wall,” Trump said.\n"
)


def test_a_claims_citation_shows_the_speaker_as_written(api, reader):
    import_document(RALLY, filename="rally.txt")
    claim = Claim.objects.get(text__contains="build the wall")
    body = api(reader).get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["claimant"] is None
    [citation] = body["citations"]
    assert citation["speaker"] is None
    assert citation["speaker_as_written"] == "Trump"


def test_citations_filter_by_the_speaker_as_written(api, reader):
    import_document(RALLY, filename="rally.txt")
    client = api(reader)
    found = client.get("/api/v1/citations/?speaker_as_written=Trump").json()["results"]
    assert [c["speaker_as_written"] for c in found] == ["Trump"]
    assert client.get("/api/v1/citations/?speaker_as_written=Obama").json()["results"] == []


def test_the_speaker_as_written_is_not_writable(api, reporter):
    import_document(RALLY, filename="rally.txt")
    client = api(reporter)
    citation = client.get("/api/v1/citations/?speaker_as_written=Trump").json()["results"][0]
    url = f"/api/v1/citations/{citation['id']}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"speaker_as_written": "Obama"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code in (200, 400)
    assert client.get(url).json()["speaker_as_written"] == "Trump"
