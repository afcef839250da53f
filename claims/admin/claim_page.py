"""What the claim page shows besides the form: the review as it is (or will be) published, the
claim's notes and checklist, and a note draft that keeps a refused edit."""

import copy
from dataclasses import dataclass

from django.contrib.admin.helpers import AdminForm, InlineAdminFormSet
from django.urls import NoReverseMatch, reverse

from claims.admin.forms import ClaimAdminForm
from claims.claimreview_checks import ERROR, Finding, claim_findings
from claims.models import Claim, ClaimStatus, Verdict
from claims.services import REVIEWED_STATUSES, publication_problems, review_article


@dataclass(frozen=True)
class ReviewPreview:
    """The fact-check as readers get it: headline, where it lives, verdict and explanation."""

    title: str
    url: str
    verdict: str
    explanation: str
    published: bool
    problems: list[str]
    claimreview_url: str
    # What Google's ClaimReview guidelines would reject or warn about (the publishing rules
    # are in `problems`).
    google_errors: list[Finding]
    google_warnings: list[Finding]


def review_preview(claim: Claim) -> ReviewPreview | None:
    """The published review of `claim`, or a preview of it once a verdict is set."""
    if claim.verdict == Verdict.UNRATED and claim.status != ClaimStatus.PUBLISHED:
        return None
    article = review_article(claim)
    candidate = copy.copy(claim)
    candidate.status = ClaimStatus.PUBLISHED
    problems = [
        message for messages in publication_problems(candidate).values() for message in messages
    ]
    try:
        claimreview = reverse("claim-claimreview", args=[claim.pk])
    except NoReverseMatch:
        claimreview = ""
    findings = claim_findings(claim, with_publication_rules=False)
    return ReviewPreview(
        title=article.title,
        url=article.url,
        verdict=claim.get_verdict_display(),
        explanation=claim.explanation,
        published=claim.status == ClaimStatus.PUBLISHED,
        problems=problems,
        claimreview_url=claimreview if claim.status in REVIEWED_STATUSES else "",
        google_errors=[finding for finding in findings if finding.level == ERROR],
        google_warnings=[finding for finding in findings if finding.level != ERROR],
    )


def team_context(claim: Claim) -> dict:
    """The claim's notes (oldest first) and checklist (in order), with who wrote and ticked."""
    checklist = list(claim.checklist.select_related("done_by"))
    return {
        "notes": list(claim.notes.select_related("author")),
        "checklist": checklist,
        "checklist_done": sum(1 for item in checklist if item.done),
    }


def refused_note_draft(adminform: AdminForm, inline_formsets: list[InlineAdminFormSet]) -> str:
    """When a save was refused for want of the review permission, a note putting the refused
    changes to the fact-checker (their text is kept there, ready to send); else ""."""
    form = adminform.form
    if not isinstance(form, ClaimAdminForm):
        return ""
    claim = form.instance
    refused_fields = any(e.code == "needs_review" for e in form.non_field_errors().as_data())
    refused_evidence = [
        inline
        for inline in inline_formsets
        if any(e.code == "needs_review" for e in inline.formset.non_form_errors().as_data())
    ]
    if not (refused_fields or refused_evidence) or not claim.pk:
        return ""
    reviewer = Claim.objects.filter(pk=claim.pk).values_list("reviewer__username", flat=True)
    draft = form.suggestion_note(reviewer.first())
    for inline in refused_evidence:
        for citation_form in inline.formset.forms:
            if citation_form.has_changed():
                data = citation_form.cleaned_data if hasattr(citation_form, "cleaned_data") else {}
                source = data.get("source")
                quote = data.get("quote") or citation_form["quote"].value()
                draft += f"\nEvidence: “{quote}”" + (f" ({source})" if source else "")
    return draft
