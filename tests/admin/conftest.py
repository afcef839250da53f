"""Fixtures for the editorial admin: a reporter, a fact-checker, and a cited claim."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.admin.conflicts import snapshot
from claims.services import citation_create, claim_create
from sources.models import EntityKind
from sources.services import entity_get_or_create, source_create
from tests.conftest import admin_user_with

# A letter as sources really read: curly quotes, apostrophes, an en dash, a pound sign.
LETTER_BODY = (
    "Labour’s general secretary wrote to members on Monday. "
    "In the letter, she said: “Membership rose to 300 in 2019, the highest in a decade.” "
    "The party’s critics disputed the figure – an internal report puts it at 240. "
    "Fees stayed at £5 a head. "
    "A spokesperson declined to comment further."
)
STATED_QUOTE = "Membership rose to 300 in 2019, the highest in a decade."
CONTRADICTING_QUOTE = "an internal report puts it at 240"


@pytest.fixture
def reporter(staff_user):
    """May add and change claims and sources; may not set verdicts."""
    return staff_user


@pytest.fixture
def fact_checker(db):
    return admin_user_with("checker", review=True)


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def checker_client(fact_checker):
    client = Client()  # its own session: a test may use both the reporter's and this one
    client.force_login(fact_checker)
    return client


@pytest.fixture
def labour(db):
    return entity_get_or_create(name="Labour Party", kind=EntityKind.ORGANISATION)[0]


@pytest.fixture
def letter(labour):
    return source_create(
        title="Letter to members",
        body=LETTER_BODY,
        kind="letter",
        publisher=labour,
        url="https://example.org/letter",
    )


@pytest.fixture
def claim(letter, labour, reporter):
    """A claim stated in the letter, with contradicting evidence from the same letter."""
    claim = claim_create(
        text="Membership rose to 300 in 2019",
        claimant=labour,
        tags=["membership"],
        created_by=reporter,
    )
    citation_create(claim=claim, source=letter, quote=STATED_QUOTE, created_by=reporter)
    citation_create(
        claim=claim,
        source=letter,
        quote=CONTRADICTING_QUOTE,
        relation="contradicts",
        created_by=reporter,
    )
    return claim


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def claim_url(claim, suffix: str) -> str:
    """The claim's admin pages besides its form: history/, merge/, matches/<id>/."""
    return f"/admin/claims/claim/{claim.pk}/{suffix}"


def claim_form_data(claim, **overrides) -> dict:
    """What the browser posts when a journalist saves the claim form unchanged."""
    citations = list(claim.citations.order_by("id"))
    data = {
        "text": claim.text,
        "claimant": claim.claimant_id or "",
        "claimed_on": claim.claimed_on or "",
        "tags": ",".join(claim.tags),
        "status": claim.status,
        "assignee": claim.assignee_id or "",
        "verdict": claim.verdict,
        "explanation": claim.explanation,
        "review_url": claim.review_url,
        "review_title": claim.review_title,
        "version": claim.version,
        "opened": snapshot(claim),
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for i, citation in enumerate(citations):
        data |= {
            f"citations-{i}-id": citation.pk,
            f"citations-{i}-claim": claim.pk,
            f"citations-{i}-source": citation.source_id,
            f"citations-{i}-quote": citation.quote,
            f"citations-{i}-start": citation.start,
            f"citations-{i}-relation": citation.relation,
            f"citations-{i}-rank": citation.rank,
        }
    return data | overrides


def add_citation_data(data: dict, *, source, quote: str, start="", relation="supports") -> dict:
    """`data` with one more citation row, as filled in the empty inline row."""
    i = int(data["citations-TOTAL_FORMS"])
    return data | {
        "citations-TOTAL_FORMS": i + 1,
        f"citations-{i}-source": source.pk,
        f"citations-{i}-quote": quote,
        f"citations-{i}-start": start,
        f"citations-{i}-relation": relation,
        f"citations-{i}-rank": "normal",
    }
