"""The write path for claims and citations: the API, the admin and the importer all call these."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.anchoring import locate
from claims.models import Citation, CitationRelation, Claim, ClaimOrigin, ClaimStatus
from sources.models import Entity, Source

# Fields whose change is an editorial review decision (needs claims.review_claim).
REVIEW_FIELDS = frozenset({"verdict", "explanation"})
REVIEWED_STATUSES = frozenset({ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED})
CLAIM_EDITABLE_FIELDS = frozenset(
    {
        "text",
        "claimant",
        "claimed_on",
        "status",
        "verdict",
        "explanation",
        "tags",
        "check_worthiness",
    }
)


class StaleVersionError(Exception):
    """The claim changed since the caller read it; its write would overwrite someone's work."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            f"The claim has changed since you read it (now version {current_version})."
        )
        self.current_version = current_version


def is_review_change(claim: Claim, changes: dict[str, Any]) -> bool:
    """Whether applying `changes` to `claim` sets a verdict or marks it reviewed/published."""
    for field, value in changes.items():
        if field in REVIEW_FIELDS and getattr(claim, field) != value:
            return True
        if field == "status" and value in REVIEWED_STATUSES and claim.status != value:
            return True
    return False


@transaction.atomic
def claim_create(
    *,
    text: str,
    claimant: Entity | None = None,
    claimed_on: date | None = None,
    origin: str = ClaimOrigin.ENTERED,
    check_worthiness: float | None = None,
    tags: Iterable[str] = (),
    created_by: AbstractBaseUser | None = None,
) -> Claim:
    """Create a new claim in status `new`; ValidationError field by field when invalid."""
    claim = Claim(
        text=text,
        claimant=claimant,
        claimed_on=claimed_on,
        origin=origin,
        check_worthiness=check_worthiness,
        tags=list(tags),
        created_by=created_by,
    )
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    changes: dict[str, Any],
    user: AbstractBaseUser | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Apply `changes` to a claim under a row lock and return the fresh row.

    With `expected_version`, the write happens only if nobody changed the claim since that
    version was read (StaleVersionError otherwise): the check and the write share one lock, so
    of two concurrent writers holding the same version exactly one succeeds. A review decision
    records who made it and when.
    """
    unknown = set(changes) - CLAIM_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersionError(locked.version)
    reviewing = is_review_change(locked, changes)
    for field, value in changes.items():
        setattr(locked, field, value)
    if reviewing:
        locked.reviewer = user if user is not None and user.is_authenticated else None
        locked.reviewed_at = timezone.now()
    locked.full_clean()
    locked.save()
    locked.refresh_from_db(fields=["version", "updated_at"])  # the trigger bumped the version
    return locked


@transaction.atomic
def citation_create(
    *,
    claim: Claim,
    source: Source,
    quote: str,
    start: int | None = None,
    end: int | None = None,
    relation: str = CitationRelation.STATES,
    speaker: Entity | None = None,
    note: str = "",
    created_by: AbstractBaseUser | None = None,
) -> Citation:
    """Cite `quote` from `source` for `claim`.

    Without offsets the quote is located in the source (it must occur exactly once); with them
    it must match the source text there exactly. ValidationError explains a quote that does not
    anchor.
    """
    if start is None:
        try:
            anchor = locate(source.body, quote)
        except ValueError as error:
            raise ValidationError({"quote": str(error)}) from error
        start, end = anchor.start, anchor.end
    elif end is None:
        end = start + len(quote)
    citation = Citation(
        claim=claim,
        source=source,
        quote=quote,
        start=start,
        end=end,
        relation=relation,
        speaker=speaker,
        note=note,
        created_by=created_by,
    )
    citation.full_clean()
    citation.save()
    return citation
