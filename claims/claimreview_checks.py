"""What Google's ClaimReview guidelines would reject or warn about in a claim's ClaimReview.

Google's fact-check structured data requires `claimReviewed`, `reviewRating` (with its textual
rating, `alternateName`) and `url`, and recommends `author`, `datePublished` and an
`itemReviewed` Claim with its `author`, `datePublished` and an `appearance` (or
`firstAppearance`) that links to where the claim was made. The checks read the JSON-LD exactly
as it is served, so what they report is what a crawler would find.
`claimreview_findings` checks a JSON-LD dict; `claim_findings` builds a claim's and checks it.
"""

import copy
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from claims import claimreview, services
from claims.models import Claim, ClaimStatus

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR: the review would be rejected; WARNING: a recommended property is missing
    property: str  # a dotted path in the ClaimReview, e.g. "itemReviewed.author"
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def claimreview_findings(
    review: dict[str, Any] | None,
    *,
    unreviewed_reason: str | None = None,
    publication_problems: dict[str, list[str]] | None = None,
    publisher_url: str = "",
) -> list[Finding]:
    """Errors first, then warnings, for a ClaimReview (None when the claim has none yet:
    `unreviewed_reason` says why). `publication_problems` are the newsroom's own publishing
    rules (by claim field), reported as errors since publishing is refused while they hold."""
    findings = [
        Finding(ERROR, field, message)
        for field, messages in (publication_problems or {}).items()
        for message in messages
    ]
    if review is None:
        if unreviewed_reason:
            findings.insert(0, Finding(ERROR, "ClaimReview", unreviewed_reason))
        return findings
    findings += _required(review) + _recommended(review, publisher_url)
    return sorted(findings, key=lambda finding: finding.level != ERROR)


def _required(review: dict[str, Any]) -> list[Finding]:
    findings = []
    if not review.get("claimReviewed"):
        findings.append(Finding(ERROR, "claimReviewed", "The claim's text is missing."))
    url = review.get("url", "")
    if not url:
        findings.append(
            Finding(ERROR, "url", "No review article URL: Google needs the page of the fact-check.")
        )
    elif urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        findings.append(Finding(ERROR, "url", f"{url!r} is not an http(s) URL."))
    rating = review.get("reviewRating") or {}
    if not rating.get("alternateName"):
        findings.append(
            Finding(ERROR, "reviewRating.alternateName", "The textual rating (verdict) is missing.")
        )
    return findings


def _recommended(review: dict[str, Any], publisher_url: str) -> list[Finding]:
    findings = []
    url = review.get("url", "")
    publisher_host = (urlsplit(publisher_url).hostname or "").removeprefix("www.")
    review_host = (urlsplit(url).hostname or "").removeprefix("www.")
    elsewhere = review_host != publisher_host and not review_host.endswith("." + publisher_host)
    if url and publisher_host and review_host and elsewhere:
        findings.append(
            Finding(
                WARNING,
                "url",
                f"The review article is on {review_host}, not the publisher's site "
                f"{publisher_host}: Google expects the fact-check on the publisher's own site.",
            )
        )
    if not review.get("headline"):
        findings.append(Finding(WARNING, "headline", "The review article has no headline."))
    rating = review.get("reviewRating") or {}
    if "ratingValue" not in rating:
        findings.append(
            Finding(
                WARNING,
                "reviewRating.ratingValue",
                "No numeric rating (this verdict has none): only the textual rating is shown.",
            )
        )
    if not rating.get("ratingExplanation"):
        findings.append(
            Finding(WARNING, "reviewRating.ratingExplanation", "The verdict is not explained.")
        )
    item = review.get("itemReviewed") or {}
    if not item.get("author"):
        findings.append(
            Finding(
                WARNING,
                "itemReviewed.author",
                "Who made the claim is not known: set the claim's claimant.",
            )
        )
    if not item.get("datePublished"):
        findings.append(
            Finding(
                WARNING,
                "itemReviewed.datePublished",
                "When the claim was made is not known: set the claim's date (claimed on).",
            )
        )
    appearances = item.get("appearance") or []
    if not appearances:
        findings.append(
            Finding(
                WARNING,
                "itemReviewed.appearance",
                "No source states the claim: cite it from the source where it was made.",
            )
        )
    elif not any(work.get("url") for work in appearances):
        findings.append(
            Finding(
                WARNING,
                "itemReviewed.appearance.url",
                "No appearance of the claim has a URL: give the stating source its URL.",
            )
        )
    return findings


def claim_findings(claim: Claim, *, with_publication_rules: bool = True) -> list[Finding]:
    """The findings for `claim`'s ClaimReview as it is (or, before publishing, will be)
    published. The claim's citations should be prefetched with their sources."""
    candidate = copy.copy(claim)
    if candidate.status != ClaimStatus.PUBLISHED:
        candidate.status = ClaimStatus.PUBLISHED
    problems = services.publication_problems(candidate) if with_publication_rules else {}
    try:
        review = claimreview.claim_review(
            candidate,
            article=services.review_article(candidate),
            publisher=settings.FACTBASE_PUBLISHER,
        )
        reason = None
    except claimreview.NotReviewed as error:
        review, reason = None, str(error)
    if review is None and "verdict" in problems:
        reason = None  # the publication rule already says the verdict is missing
    return claimreview_findings(
        review,
        unreviewed_reason=reason,
        publication_problems=problems,
        publisher_url=settings.FACTBASE_PUBLISHER["url"],
    )
