"""The admin index overview: where the claims stand and what needs a fact-checker next."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse

from claims.admin.filters import NEEDS_REVIEW, QUEUE_ORDER
from claims.models import Claim, ClaimStatus, Verdict

NEWEST_SHOWN = 10


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int
    url: str


def _changelist(**params: str) -> str:
    return reverse("admin:claims_claim_changelist") + ("?" + urlencode(params) if params else "")


def _buckets(field: str, choices: type[ClaimStatus] | type[Verdict]) -> list[Bucket]:
    """Counts of the claims standing for themselves (merged duplicates are counted once, in
    their canonical claim)."""
    counts = dict(
        Claim.objects.filter(duplicate_of__isnull=True)
        .order_by()
        .values_list(field)
        .annotate(n=Count("id"))
        .values_list(field, "n")
    )
    return [
        Bucket(
            str(choice.label),
            counts.get(choice.value, 0),
            _changelist(**{field: choice.value, "merged": "no"}),
        )
        for choice in choices
    ]


def claims_overview() -> dict:
    """Counts by status and verdict and the next claims in the review queue: three queries."""
    return {
        "by_status": _buckets("status", ClaimStatus),
        "by_verdict": _buckets("verdict", Verdict),
        "needing_review": list(
            Claim.objects.filter(status__in=NEEDS_REVIEW, duplicate_of__isnull=True)
            .select_related("claimant", "assignee")
            .order_by(*QUEUE_ORDER)[:NEWEST_SHOWN]
        ),
        "needing_review_url": _changelist(needs_review="yes"),
        "changelist_url": _changelist(),
    }


# The project's admin site shows the overview first.
admin.site.index_template = "admin/claims/index.html"
