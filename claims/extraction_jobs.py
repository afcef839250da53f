"""Extracting a large posted page in the background (`POST sources/?extract=true` answers 202).

The job runs the same import as the synchronous path, in the worker's transaction, attributed
in history to the user who posted the page; its result keeps the ids of what the page became.
"""

from django.core.exceptions import ValidationError

from claims.importing import import_page
from jobs.models import Job
from jobs.queue import Failed, job_handler

EXTRACT_PAGE = "claims.extract_page"
NO_ITEMS = "No item with text was found in this page."


@job_handler(EXTRACT_PAGE)
def extract_page(job: Job) -> dict | Failed:
    url = job.payload.get("url", "")
    try:
        page = import_page(job.payload["body"], origin=f"api:{url or 'posted page'}", url=url)
    except ValidationError as error:
        return Failed(" ".join(error.messages))
    if not page.sources:
        return Failed(NO_ITEMS)
    return {
        "sources": [source.pk for source in page.sources],
        "claims": [claim.pk for claim in page.claims],
        "created": {
            name: getattr(page.stats, name)
            for name in ("sources", "entities", "claims", "citations", "merges", "suggestions")
        },
    }
