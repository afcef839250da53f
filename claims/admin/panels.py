"""The claim form's side panels: similar claims to merge, suggested matches to decide.

The views are POST-only endpoints under the claim's admin URL (ClaimAdmin.get_urls); they call
the services (claim_merge, relation_decide), so history records the decision and who made it.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from claims.models import Claim, ClaimRelation, RelationStatus
from claims.selectors import similar_claims
from claims.services import claim_merge, relation_decide
from factbase.users import acting_user

SIMILAR_SHOWN = 5


@dataclass(frozen=True)
class Suggestion:
    relation: ClaimRelation
    other: Claim


def suggested_matches(claim: Claim) -> list[Suggestion]:
    """Matches the import (or matching) suggested for this claim, awaiting a journalist."""
    relations = ClaimRelation.objects.filter(
        Q(from_claim=claim) | Q(to_claim=claim), status=RelationStatus.SUGGESTED
    ).select_related("from_claim__claimant", "to_claim__claimant")
    return [
        Suggestion(r, r.to_claim if r.from_claim_id == claim.pk else r.from_claim)
        for r in relations
    ]


def panel_context(claim: Claim) -> dict:
    """Context for the change form's panels."""
    suggestions = suggested_matches(claim)
    suggested_ids = {s.other.pk for s in suggestions}
    similar = [
        s
        for s in similar_claims(claim.text, exclude_id=claim.pk, limit=SIMILAR_SHOWN + 5)
        if s.claim.pk not in suggested_ids
    ][:SIMILAR_SHOWN]
    return {
        "suggested_matches": suggestions,
        "similar_claims": similar,
        "merged_duplicates": list(claim.duplicates.select_related("claimant").order_by("id")),
    }


def _change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _editable_claim(model_admin, request: HttpRequest, object_id: str) -> Claim:
    claim = model_admin.get_object(request, object_id)
    if claim is None:
        raise Http404("No such claim.")
    if not model_admin.has_change_permission(request, claim):
        raise PermissionDenied
    return claim


def merge_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
    """Merge the posted `duplicate` claim into this one (its citations move here)."""
    into = _editable_claim(model_admin, request, object_id)
    posted = request.POST.get("duplicate", "").strip()
    if not posted.isascii() or not posted.isdigit():
        messages.error(request, "Choose the claim to merge into this one.")
        return HttpResponseRedirect(_change_url(into))
    duplicate = get_object_or_404(Claim, pk=int(posted))
    moving = duplicate.citations.count()
    try:
        claim_merge(duplicate=duplicate, into=into, user=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:  # a reviewed claim's evidence: the reviewer's call
        messages.error(
            request,
            "A reviewed or published claim is involved: only a fact-checker can merge these "
            "claims. Nothing was changed; add a note asking one to.",
        )
    else:
        left = duplicate.citations.count()
        kept = f" {left} citation(s) of the same passages stayed with it." if left else ""
        messages.success(
            request,
            f"Merged claim #{duplicate.pk} into this claim: {moving - left} citation(s) moved. "
            f"Claim #{duplicate.pk} is kept, marked as a duplicate of this one.{kept}",
        )
    return HttpResponseRedirect(_change_url(into))


def decide_view(
    model_admin, request: HttpRequest, object_id: str, relation_id: int
) -> HttpResponseRedirect:
    """Confirm or reject a suggested match of this claim."""
    claim = _editable_claim(model_admin, request, object_id)
    relation = get_object_or_404(
        ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)), pk=relation_id
    )
    decision = request.POST.get("decision")
    if decision not in (RelationStatus.CONFIRMED, RelationStatus.REJECTED):
        messages.error(request, "Choose to confirm or reject the match.")
        return HttpResponseRedirect(_change_url(claim))
    relation_decide(
        from_claim=relation.from_claim,
        to_claim=relation.to_claim,
        status=decision,
        user=acting_user(request),
        method=relation.method,
        score=relation.score,
        kind=relation.kind,
    )
    other = relation.to_claim if relation.from_claim_id == claim.pk else relation.from_claim
    messages.success(request, f"Match with claim #{other.pk} {RelationStatus(decision).label}.")
    return HttpResponseRedirect(_change_url(claim))
