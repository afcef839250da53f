"""schema.org ClaimReview for a reviewed claim: plain data in, JSON-LD dict out.

https://schema.org/ClaimReview; Google's fact-check markup reads `claimReviewed`,
`reviewRating` (with `alternateName`, the textual rating), `url`, `author` and `datePublished`,
and `itemReviewed` (a `Claim` with its `author`, `datePublished` and `appearance`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from string import Formatter
from typing import Any

from claims.models import Citation, CitationRelation, Claim, ClaimStatus, Verdict
from sources.models import EntityKind

REVIEWED_STATUSES = frozenset({ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED})
BEST_RATING, WORST_RATING = 5, 1
# Verdict -> ratingValue on a 1 (worst) to 5 (best) scale. `unproven` has no place on it: its
# rating carries the textual rating (alternateName) only.
RATING_VALUES: dict[str, int] = {
    Verdict.ACCURATE: 5,
    Verdict.MOSTLY_ACCURATE: 4,
    Verdict.MIXED: 3,
    Verdict.MISLEADING: 2,
    Verdict.INACCURATE: 1,
}
REQUIRED_PROPERTIES = ("@context", "@type", "claimReviewed", "reviewRating", "url", "author")


# Placeholders the newsroom's review URL and title templates may use.
ARTICLE_PLACEHOLDERS = frozenset({"id", "claim", "claimant", "verdict"})


class NotReviewed(Exception):
    """The claim has no published verdict, so there is no ClaimReview for it."""


@dataclass(frozen=True)
class ReviewArticle:
    """The newsroom's article reviewing a claim: where it is published, and its headline.

    Either may be empty when neither the claim nor the newsroom's templates give it.
    """

    url: str
    title: str


def template_error(template: str) -> str | None:
    """What is wrong with a review URL or title template, or None when it can be filled."""
    try:
        names = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError as error:
        return str(error)
    unknown = names - ARTICLE_PLACEHOLDERS
    if unknown:
        return (
            f"unknown placeholder(s) {', '.join(sorted(unknown))}; use "
            f"{', '.join('{' + name + '}' for name in sorted(ARTICLE_PLACEHOLDERS))}"
        )
    return None


def fill_template(template: str, claim: Claim) -> str:
    """A review URL or title template filled in for `claim` (checked by template_error)."""
    return template.format_map(
        {
            "id": claim.pk,
            "claim": claim.text,
            "claimant": claim.claimant.name if claim.claimant is not None else "",
            "verdict": claim.get_verdict_display(),
        }
    )


def review_article(claim: Claim, *, templates: dict[str, str]) -> ReviewArticle:
    """The claim's own review URL and title, else the newsroom's templates filled in."""
    url = claim.review_url or (fill_template(templates["url"], claim) if templates["url"] else "")
    title = claim.review_title or (
        fill_template(templates["title"], claim) if templates["title"] else ""
    )
    return ReviewArticle(url=url, title=title)


def unreviewed_reason(claim: Claim) -> str | None:
    """Why `claim` has no ClaimReview yet, or None when it has one."""
    if claim.status not in REVIEWED_STATUSES:
        return (
            f"Claim {claim.pk} is not reviewed (status: {claim.get_status_display().lower()}); "
            "a ClaimReview exists once it is reviewed or published with a verdict."
        )
    if claim.verdict == Verdict.UNRATED:
        return f"Claim {claim.pk} is {claim.status} but has no verdict yet."
    return None


def _entity(entity) -> dict[str, Any] | None:
    if entity is None:
        return None
    kind = "Person" if entity.kind == EntityKind.PERSON else "Organization"
    data: dict[str, Any] = {"@type": kind, "name": entity.name}
    if entity.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata_id}"
    return data


def _appearances(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Where the claim was made: the sources that state it (others are evidence, not this)."""
    seen, appearances = set(), []
    for citation in citations:
        source = citation.source
        if citation.relation != CitationRelation.STATES or source.pk in seen:
            continue
        seen.add(source.pk)
        work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
        if source.url:
            work["url"] = source.url
        if source.published_on:
            work["datePublished"] = source.published_on.isoformat()
        publisher = _entity(source.publisher)
        if publisher:
            work["publisher"] = publisher
        appearances.append(work)
    return appearances


def claim_review(
    claim: Claim, *, article: ReviewArticle, publisher: dict[str, str]
) -> dict[str, Any]:
    """The ClaimReview JSON-LD of a reviewed claim; NotReviewed when it has none.

    `article` is the newsroom's review article (its `url` and headline; left out while
    unknown, which only a claim not yet published can be); `publisher` ({"name", "url"}) is the
    fact-checking organisation. The claim's citations should be prefetched with their sources.
    """
    reason = unreviewed_reason(claim)
    if reason:
        raise NotReviewed(reason)
    organisation = {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}
    reviewed = (claim.reviewed_at or claim.updated_at).date().isoformat()
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": claim.get_verdict_display(),
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "author": organisation,
        "datePublished": reviewed,
    }
    if article.url:
        rating["url"] = article.url
    if claim.verdict in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[claim.verdict]
    if claim.explanation:
        rating["ratingExplanation"] = claim.explanation
    item: dict[str, Any] = {"@type": "Claim"}
    author = _entity(claim.claimant)
    if author:
        item["author"] = author
    if claim.claimed_on:
        item["datePublished"] = claim.claimed_on.isoformat()
    appearances = _appearances(claim.citations.all())
    if appearances:
        item["appearance"] = appearances
        # The earliest dated appearance (ISO dates sort as text); undated ones come last.
        item["firstAppearance"] = min(
            appearances, key=lambda work: work.get("datePublished", "9999-12-31")
        )
    review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if article.url:
        review["url"] = article.url
    if article.title:
        review["headline"] = article.title
    review.update(
        {
            "claimReviewed": claim.text,
            "datePublished": reviewed,
            "author": organisation,
            "reviewRating": rating,
            "itemReviewed": item,
        }
    )
    return review
