"""Published fact-checks in the shape of Google's Fact Check Tools API `claims:search`.

Request parameters: query, languageCode, reviewPublisherSiteFilter, maxAgeDays, pageSize,
pageToken, offset. Response: {"claims": [{"text", "claimant", "claimDate", "claimReview":
[{"publisher": {"name", "site"}, "url", "title", "reviewDate", "textualRating",
"languageCode"}]}], "nextPageToken"}. Tools written for that API can point here.
"""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from claims.claimreview import ReviewArticle
from claims.models import Citation, Claim, ClaimStatus, Verdict
from claims.selectors import claims_matching

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchRequest:
    query: str = ""
    language_code: str = ""
    review_publisher_site_filter: str = ""
    max_age_days: int | None = None
    page_size: int = DEFAULT_PAGE_SIZE
    offset: int = 0


def encode_page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def decode_page_token(token: str) -> int:
    """The offset a page token stands for; ValueError for a token this API did not issue."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ValueError("not a page token from this API") from error
    prefix, _, number = raw.partition(":")
    if prefix != "offset" or not number.isdigit():
        raise ValueError("not a page token from this API")
    return int(number)


def _language_matches(code: str) -> Exists:
    """Claims cited from a source in this language ("en-GB" matches "en" and "en-GB")."""
    primary = code.split("-")[0].lower()
    return Exists(
        Citation.objects.filter(
            claim_id=OuterRef("pk"), source__language__iregex=rf"^{primary}(-|$)"
        )
    )


def published_claims(request: SearchRequest, *, site: str) -> QuerySet[Claim] | None:
    """The published, rated claims matching `request`; None when the site filter excludes us."""
    if request.review_publisher_site_filter and (
        request.review_publisher_site_filter.lower().removeprefix("www.") != site.lower()
    ):
        return None
    claims = (
        Claim.objects.filter(status=ClaimStatus.PUBLISHED, duplicate_of__isnull=True)
        .exclude(verdict=Verdict.UNRATED)
        .select_related("claimant")
        .defer("search_vector")
    )
    if request.max_age_days is not None:
        claims = claims.filter(
            reviewed_at__gte=timezone.now() - timedelta(days=request.max_age_days)
        )
    if request.language_code:
        claims = claims.filter(_language_matches(request.language_code))
    if request.query:
        return claims_matching(claims, request.query).order_by("-rank", "-id")
    # The order of the ClaimReview feed, read from its partial index.
    return claims.order_by(F("reviewed_at").desc(nulls_last=True), "-id")


def search(
    request: SearchRequest,
    *,
    publisher: dict[str, str],
    review_article: Callable[[Claim], ReviewArticle],
) -> dict[str, Any]:
    """The `claims:search` response for `request` (one query for the page)."""
    claims = published_claims(request, site=publisher["site"])
    if claims is None:
        return {"claims": []}
    page = list(claims[request.offset : request.offset + request.page_size + 1])
    more = len(page) > request.page_size
    page = page[: request.page_size]
    response: dict[str, Any] = {
        "claims": [_claim(claim, publisher, review_article(claim)) for claim in page]
    }
    if more:
        response["nextPageToken"] = encode_page_token(request.offset + request.page_size)
    return response


def _claim(claim: Claim, publisher: dict[str, str], article: ReviewArticle) -> dict[str, Any]:
    data: dict[str, Any] = {"text": claim.text}
    if claim.claimant is not None:
        data["claimant"] = claim.claimant.name
    if claim.claimed_on is not None:
        data["claimDate"] = f"{claim.claimed_on.isoformat()}T00:00:00Z"
    reviewed = claim.reviewed_at or claim.updated_at
    data["claimReview"] = [
        {
            "publisher": {"name": publisher["name"], "site": publisher["site"]},
            "url": article.url,
            "title": article.title,
            "reviewDate": reviewed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "textualRating": claim.get_verdict_display(),
            "languageCode": publisher.get("language", "en"),
        }
    ]
    return data
