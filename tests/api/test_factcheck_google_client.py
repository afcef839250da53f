"""Google's own client library (google-api-python-client), built from the discovery document
this server serves, searching the served process's published fact-checks as it would search
Google's Fact Check Tools API."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from tests.database_flush import flush_tables_with_rows
from tests.factories import CitationFactory, ClaimFactory
from tests.served import database_url, served

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
KEY = "fb-client-key-51d0"


@pytest.fixture(scope="module")
def base(django_db_setup, django_db_blocker, tmp_path_factory):
    """The service on the test database holding three published fact-checks and a draft."""
    with django_db_blocker.unblock():
        for n in range(3):
            CitationFactory(
                claim__text=f"Membership rose to {300 + n} in 2019",
                claim__status="published",
                claim__verdict="misleading",
                claim__explanation="The register says otherwise.",
                claim__claimed_on=date(2019, 6, 1),
                claim__reviewed_at=timezone.now() - timedelta(days=n + 1),
                claim__review_url=f"https://factdesk.example/checks/{n}/",
                claim__review_title=f"Did membership rise to {300 + n}?",
                source__language="en",
            )
        ClaimFactory(text="Membership rose to 999 in 2019")  # a draft: never served
        try:
            with served(
                database_url(settings.DATABASES["default"]),
                var_dir=tmp_path_factory.mktemp("var"),
                env={"FACTCHECK_API_KEYS": KEY, "FACTCHECK_PUBLISHER_NAME": "Fact Desk"},
            ) as url:
                yield url
        finally:
            flush_tables_with_rows(DEFAULT_DB_ALIAS)  # as after a transactional test


def client(base: str, key: str | None = KEY):
    return build(
        "factchecktools",
        "v1alpha1",
        discoveryServiceUrl=f"{base}/api/v1/factcheck/$discovery/rest?version={{apiVersion}}",
        developerKey=key,
        static_discovery=False,
        cache_discovery=False,
    )


def test_googles_client_searches_and_pages_through_published_fact_checks(base):
    claims = client(base).claims()
    request = claims.search(query="membership", languageCode="en", pageSize=2)
    texts = []
    while request is not None:
        response = request.execute()
        texts += [claim["text"] for claim in response["claims"]]
        for claim in response["claims"]:
            [review] = claim["claimReview"]
            assert review["textualRating"] == "Misleading"
            assert review["url"].startswith("https://factdesk.example/checks/")
        request = claims.search_next(request, response)
    assert sorted(texts) == [f"Membership rose to {300 + n} in 2019" for n in range(3)]


def test_googles_client_gets_partial_responses(base):
    response = (
        client(base)
        .claims()
        .search(query="membership", pageSize=1, fields="claims/text,nextPageToken")
        .execute()
    )
    [claim] = response["claims"]
    assert set(response) == {"claims", "nextPageToken"}  # nextPageToken is never dropped
    assert set(claim) == {"text"}


def test_googles_client_reads_errors_in_googles_shape(base):
    with pytest.raises(HttpError) as raised:
        client(base).claims().search(query="membership", pageSize=1000).execute()
    assert raised.value.status_code == 400
    assert "pageSize" in raised.value.reason
    violations = [d for d in raised.value.error_details if "fieldViolations" in d]
    assert violations[0]["fieldViolations"][0]["field"] == "pageSize"


def test_without_a_key_googles_client_is_refused(base):
    with pytest.raises(HttpError) as raised:
        client(base, key=None)
    assert raised.value.status_code == 401
    with pytest.raises(HttpError) as raised:
        client(base, key="guessed")
    assert raised.value.status_code == 401
