"""Large pages posted for extraction go to the job queue: 202, a status URL to poll, and the
same import as the synchronous path once a worker has run it."""

import pghistory.models
import pytest

from claims.models import Claim
from jobs.models import Job
from jobs.queue import job_run_next
from sources.models import Source
from tests.pages import PRESS_RELEASE

pytestmark = pytest.mark.django_db
URL = "https://tenants.example.org/news/rents"


@pytest.fixture(autouse=True)
def _small_pages_only(settings):
    settings.EXTRACTION_SYNC_MAX_CHARS = len(PRESS_RELEASE) - 1


def post(client, body: str):
    return client.post("/api/v1/sources/?extract=true", {"body": body, "url": URL}, format="json")


def test_a_large_page_is_queued_and_its_status_url_shows_the_result(api, reporter):
    client = api(reporter)
    response = post(client, PRESS_RELEASE)
    assert response.status_code == 202, response.json()
    queued = response.json()
    assert queued["status"] == "queued"
    assert queued["result"] is None
    assert response["Location"] == queued["status_url"]
    assert not Source.objects.exists()  # nothing is extracted inside the request

    assert client.get(queued["status_url"]).json()["status"] == "queued"
    job_run_next(worker="test")
    done = client.get(queued["status_url"])
    assert done.status_code == 200
    data = done.json()
    assert data["status"] == "succeeded"
    assert data["finished_at"] is not None
    [source] = data["result"]["sources"]
    assert source["title"] == "Rents up 40% since 2015, tenants' union says"
    assert source["url"] == URL
    texts = {claim["text"] for claim in data["result"]["claims"]}
    assert any(text.startswith("Families are paying") for text in texts)
    assert set(Claim.objects.values_list("text", flat=True)) == texts
    assert data["result"]["created"]["claims"] == len(texts)


def test_the_background_import_is_the_synchronous_one(api, reporter, settings):
    client = api(reporter)
    queued = post(client, PRESS_RELEASE).json()
    job_run_next(worker="test")
    background = client.get(queued["status_url"]).json()["result"]
    # Posting the same page again, now synchronously, finds exactly what the job stored.
    settings.EXTRACTION_SYNC_MAX_CHARS = len(PRESS_RELEASE)
    again = post(client, PRESS_RELEASE)
    assert again.status_code == 200  # nothing new
    assert [c["id"] for c in again.json()["claims"]] == [c["id"] for c in background["claims"]]
    assert again.json()["created"]["claims"] == 0


def test_the_background_import_is_attributed_to_the_user_who_posted(api, reporter):
    queued = post(api(reporter), PRESS_RELEASE).json()
    job_run_next(worker="test")
    claim = Claim.objects.first()
    [event] = pghistory.models.Events.objects.tracks(claim).filter(pgh_label="insert")
    assert event.pgh_context["user"] == reporter.pk
    assert event.pgh_context["job"] == queued["id"]


def test_a_page_with_nothing_to_extract_fails_with_the_reason(api, reporter):
    client = api(reporter)
    queued = post(client, "\n" * 20000 + "Home | News | Donate now\n").json()
    job_run_next(worker="test")
    data = client.get(queued["status_url"]).json()
    assert data["status"] == "failed"
    assert data["error"] == "No item with text was found in this page."
    assert data["result"] is None


def test_only_the_poster_sees_an_extraction(api, reporter, fact_checker, anonymous):
    url = post(api(reporter), PRESS_RELEASE).json()["status_url"]
    assert api(fact_checker).get(url).status_code == 404
    assert anonymous.get(url).status_code == 401
    assert api(reporter).get("/api/v1/extractions/999999/").status_code == 404


def test_a_small_page_is_still_extracted_at_once(api, reporter, settings):
    settings.EXTRACTION_SYNC_MAX_CHARS = len(PRESS_RELEASE)
    response = post(api(reporter), PRESS_RELEASE)
    assert response.status_code == 201
    assert response.json()["claims"]
    assert not Job.objects.exists()
