"""The publication rule: a published fact-check has a verdict, an explanation and a home.

One rule (claims.services.publication_problems) for every write path: the services, the API
and the admin form all refuse to publish a claim without a verdict, an explanation, and the
newsroom's review article (its URL and headline, from the claim or the newsroom's templates).
"""

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError

from claims.models import ClaimStatus, Verdict
from claims.services import claim_update, publication_problems, review_article
from tests.admin.conftest import claim_form_data, claim_url
from tests.api.conftest import token_client
from tests.conftest import admin_user_with
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

READY = {
    "verdict": Verdict.MISLEADING,
    "explanation": "The minutes show 250 members, not 300.",
    "review_url": "https://factdesk.example/checks/membership/",
    "review_title": "Did membership really rise to 300?",
}


@pytest.fixture
def checker():
    return admin_user_with("checker", review=True)


@pytest.fixture
def no_templates(settings):
    settings.FACTBASE_REVIEW_ARTICLE = {"url": "", "title": ""}


@pytest.fixture
def templates(settings):
    settings.FACTBASE_REVIEW_ARTICLE = {
        "url": "https://factdesk.example/checks/{id}/",
        "title": "Fact check: {claimant} on membership ({verdict})",
    }


def test_publishing_without_verdict_explanation_or_review_article_is_refused(checker, no_templates):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as refused:
        claim_update(claim=claim, changes={"status": ClaimStatus.PUBLISHED}, user=checker)
    assert set(refused.value.message_dict) == {
        "verdict",
        "explanation",
        "review_url",
        "review_title",
    }
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEW, 1)


@pytest.mark.parametrize("missing", sorted(READY))
def test_each_part_of_a_fact_check_is_required_to_publish(checker, no_templates, missing):
    changes = {**READY, "status": ClaimStatus.PUBLISHED}
    changes[missing] = Verdict.UNRATED if missing == "verdict" else ""
    with pytest.raises(ValidationError) as refused:
        claim_update(claim=ClaimFactory(), changes=changes, user=checker)
    assert set(refused.value.message_dict) == {missing}


def test_a_claim_with_its_review_article_is_published(checker, no_templates):
    claim = claim_update(
        claim=ClaimFactory(), changes={**READY, "status": ClaimStatus.PUBLISHED}, user=checker
    )
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.reviewer == checker
    assert review_article(claim).url == READY["review_url"]


def test_the_newsrooms_templates_name_the_review_article(checker, templates):
    claim = ClaimFactory()
    changes = {
        "status": ClaimStatus.PUBLISHED,
        "verdict": Verdict.ACCURATE,
        "explanation": "The minutes confirm it.",
    }
    claim = claim_update(claim=claim, changes=changes, user=checker)
    article = review_article(claim)
    assert article.url == f"https://factdesk.example/checks/{claim.pk}/"
    assert article.title == f"Fact check: {claim.claimant.name} on membership (Accurate)"


def test_a_claims_own_review_article_wins_over_the_templates(templates):
    claim = ClaimFactory(review_url="https://cms.example/a/1", review_title="Our headline")
    article = review_article(claim)
    assert (article.url, article.title) == ("https://cms.example/a/1", "Our headline")


def test_a_review_url_must_be_a_web_address(templates):
    claim = ClaimFactory(review_url="ftp://cms.example/a/1")
    [message] = publication_problems(claim)["review_url"]
    assert "not an http(s) URL" in message


@pytest.mark.parametrize(
    "change", [{"verdict": Verdict.UNRATED}, {"explanation": " "}, {"review_url": ""}]
)
def test_a_published_claim_cannot_lose_what_publishing_needs(checker, no_templates, change):
    claim = claim_update(
        claim=ClaimFactory(), changes={**READY, "status": ClaimStatus.PUBLISHED}, user=checker
    )
    with pytest.raises(ValidationError):
        claim_update(claim=claim, changes=change, user=checker)


def test_a_claim_published_before_the_rule_can_still_be_tagged_and_assigned(checker):
    claim = ClaimFactory(status=ClaimStatus.PUBLISHED, verdict=Verdict.ACCURATE)
    claim = claim_update(claim=claim, changes={"tags": ["follow-up"], "assignee": checker})
    assert claim.tags == ["follow-up"]


def test_the_api_names_what_publishing_needs(checker, no_templates):
    claim = ClaimFactory()
    client = token_client(checker)
    refused = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {"status": "published", "verdict": "misleading"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert refused.status_code == 400
    body = refused.json()
    assert set(body["errors"]) == {"explanation", "review_url", "review_title"}
    assert body["code"] == "invalid"
    published = client.patch(
        f"/api/v1/claims/{claim.pk}/",
        {**READY, "status": "published"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert published.status_code == 200, published.content
    review = client.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert review["url"] == READY["review_url"]
    assert review["headline"] == READY["review_title"]
    assert review["reviewRating"]["url"] == READY["review_url"]


def test_the_admin_form_explains_a_refused_publication(client, checker, no_templates):
    claim = ClaimFactory()
    client.force_login(checker)
    response = client.post(claim_url(claim, "change/"), claim_form_data(claim, status="published"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"verdict", "explanation", "review_url", "review_title"}
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_the_admin_form_publishes_a_complete_fact_check(client, checker, no_templates):
    claim = ClaimFactory()
    client.force_login(checker)
    response = client.post(
        claim_url(claim, "change/"), claim_form_data(claim, status="published", **READY)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.status, claim.review_title) == (ClaimStatus.PUBLISHED, READY["review_title"])


def test_an_unfillable_review_template_fails_the_system_checks(settings):
    settings.FACTBASE_REVIEW_ARTICLE = {"url": "https://x.example/{slug}/", "title": ""}
    errors = [error for error in run_checks() if error.id == "claims.E001"]
    assert len(errors) == 1
    assert "FACTBASE_REVIEW_URL" in errors[0].msg
    assert "slug" in errors[0].msg
