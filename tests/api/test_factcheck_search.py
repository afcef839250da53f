"""The Google Fact Check Tools API compatible `claims:search`.

Field names are those of the documented API (v1alpha1 `claims:search`): request parameters
query, languageCode, reviewPublisherSiteFilter, maxAgeDays, pageSize, pageToken, offset; a
response of claims[] (text, claimant, claimDate, claimReview[] with publisher{name, site}, url,
title, reviewDate, textualRating, languageCode) and nextPageToken.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims.models import Claim
from tests.factories import CitationFactory, ClaimFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/factcheck/claims:search"
CLAIM_FIELDS = {"text", "claimant", "claimDate", "claimReview"}
REVIEW_FIELDS = {"publisher", "url", "title", "reviewDate", "textualRating", "languageCode"}


@pytest.fixture
def publisher(settings):
    settings.FACTBASE_PUBLISHER = {
        **settings.FACTBASE_PUBLISHER,
        "name": "Fact Desk",
        "site": "factdesk.example",
        "language": "en",
    }
    return settings.FACTBASE_PUBLISHER


def published(text, days_ago=1, language="en"):
    citation = CitationFactory(
        claim__text=text,
        claim__status="published",
        claim__verdict="inaccurate",
        claim__claimed_on=date(2019, 6, 1),
        claim__reviewed_at=timezone.now() - timedelta(days=days_ago),
        claim__review_url=f"https://factdesk.example/checks/{abs(hash(text))}/",
        claim__review_title=f"Fact check: {text}",
        source__language=language,
    )
    return citation.claim


def test_search_answers_in_the_fact_check_tools_shape(api, reader, publisher):
    claim = published("Unemployment fell to 4% in 2019")
    ClaimFactory(text="Unemployment fell to 5% in 2019")  # not published
    body = api(reader).get(URL, {"query": "unemployment", "languageCode": "en-GB"}).json()
    [found] = body["claims"]
    assert set(found) == CLAIM_FIELDS
    assert found["text"] == claim.text
    assert found["claimant"] == claim.claimant.name
    assert found["claimDate"] == "2019-06-01T00:00:00Z"
    [review] = found["claimReview"]
    assert set(review) == REVIEW_FIELDS
    assert review["publisher"] == {"name": "Fact Desk", "site": "factdesk.example"}
    assert review["textualRating"] == "Inaccurate"
    assert review["languageCode"] == "en"
    assert review["reviewDate"].endswith("Z")
    assert review["url"] == claim.review_url
    assert review["title"] == f"Fact check: {claim.text}"
    assert "nextPageToken" not in body


def test_page_tokens_and_offsets(api, reader, publisher):
    for n in range(5):
        published(f"Turnout claim number {n}")
    client = api(reader)
    first = client.get(URL, {"query": "turnout", "pageSize": 2}).json()
    second = client.get(
        URL, {"query": "turnout", "pageSize": 2, "pageToken": first["nextPageToken"]}
    ).json()
    third = client.get(URL, {"query": "turnout", "pageSize": 2, "offset": 4}).json()
    texts = [c["text"] for page in (first, second, third) for c in page["claims"]]
    assert len(texts) == len(set(texts)) == 5
    assert "nextPageToken" not in third


def test_filters_by_age_language_and_publisher_site(api, reader, publisher):
    recent = published("Turnout was high", days_ago=2)
    published("Turnout was low", days_ago=40)
    published("Turnout était basse", language="fr")
    client = api(reader)
    texts = lambda **params: [  # noqa: E731
        c["text"] for c in client.get(URL, {"query": "turnout", **params}).json()["claims"]
    ]
    assert texts(maxAgeDays=7, languageCode="en") == [recent.text]
    assert len(texts(reviewPublisherSiteFilter="factdesk.example")) == 3
    assert texts(reviewPublisherSiteFilter="other.example") == []
    assert Claim.objects.count() == 3


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "query"),
        ({"query": "x", "pageSize": 0}, "pageSize"),
        ({"query": "x", "maxAgeDays": "soon"}, "maxAgeDays"),
        ({"query": "x", "pageToken": "forged"}, "pageToken"),
        ({"query": "x", "languageCode": "english!"}, "languageCode"),
        ({"query": "x", "sort": "new"}, "sort"),
    ],
)
def test_bad_parameters_are_400_naming_them(api, reader, params, parameter):
    response = api(reader).get(URL, params)
    assert response.status_code == 400
    [violations] = [d for d in response.json()["error"]["details"] if "fieldViolations" in d]
    assert parameter in {violation["field"] for violation in violations["fieldViolations"]}


def test_a_token_is_enough_whatever_key_comes_with_it(api, reader, publisher):
    published("Turnout was high")
    body = api(reader).get(URL, {"query": "turnout", "key": "AIza-something"}).json()
    assert len(body["claims"]) == 1
