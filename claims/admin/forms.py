"""Forms of the claim change page: the version check, review rights and quote anchoring."""

from collections.abc import Iterable

import pghistory.models
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from claims.anchoring import anchor_error
from claims.models import Citation, Claim
from claims.quote_matching import find_quote
from claims.services import (
    CITATION_EDITABLE_FIELDS,
    REVIEWED_STATUSES,
    citation_create,
    citation_update,
)


def conflict_message(claim: Claim, opened_version: int | None, current_version: int) -> str:
    """What a journalist reads when someone saved the claim while they were editing it."""
    last = (
        pghistory.models.Events.objects.tracks(claim)
        .filter(pgh_label="update")
        .order_by("-pgh_created_at")
        .first()
    )
    who = ""
    if last is not None:
        user_pk = (last.pgh_context or {}).get("user")
        user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
        by = user.get_username() if user else (last.pgh_context or {}).get("command", "someone")
        when = timezone.localtime(last.pgh_created_at).strftime("%H:%M:%S on %d %b %Y")
        fields = ", ".join(sorted(last.pgh_diff or {})) or "the claim"
        who = f" Last change: {fields}, by {by} at {when}."
    return (
        "This claim was changed by someone else after you opened it "
        f"(you opened version {opened_version}, it is now version {current_version}).{who} "
        "Your changes have NOT been saved, so nothing was overwritten. Copy anything you need "
        "from this form, reload the claim to see the current version, and apply your changes again."
    )


class ClaimAdminForm(forms.ModelForm):
    # The version the journalist opened; saving checks it (the API's If-Match, for the admin).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    can_review = False  # set per request by ClaimAdmin.get_form

    class Meta:
        model = Claim
        fields = [
            "text",
            "claimant",
            "claimed_on",
            "tags",
            "status",
            "assignee",
            "verdict",
            "explanation",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "explanation": forms.Textarea(attrs={"rows": 6, "cols": 90}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if (
            not self.can_review
            and status in REVIEWED_STATUSES
            and status != (self.instance.status if self.instance.pk else None)
        ):
            raise ValidationError("Only reviewers can mark a claim reviewed or published.")
        return status

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk:
            opened = cleaned.get("version")
            if opened is None:
                # Without it a save could overwrite unseen changes: refuse rather than guess.
                raise ValidationError(
                    "This form did not say which version of the claim it was opened at, so "
                    "saving could overwrite someone else's changes. Reload the claim and edit "
                    "it again.",
                    code="missing_version",
                )
            current = Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            current = current.first()
            if opened != current:
                raise ValidationError(
                    conflict_message(self.instance, opened, current), code="stale_version"
                )
        return cleaned


class CitationInlineForm(forms.ModelForm):
    """A citation added by choosing a source and pasting the quote: offsets are found here."""

    start = forms.IntegerField(
        required=False,
        min_value=0,
        label="Start offset",
        help_text="Leave empty: found from the quote. Only needed when the quote occurs twice.",
        widget=forms.NumberInput(attrs={"style": "width: 6em"}),
    )

    class Meta:
        model = Citation
        fields = ["source", "quote", "start", "relation", "rank"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 4, "cols": 36})}
        help_texts = {"quote": "Paste the exact passage from the source."}

    def _offsets_given(self) -> bool:
        start = self.cleaned_data.get("start")
        if start is None:
            return False
        # An existing citation's offsets are stale once its quote or source is edited.
        return not self.instance.pk or "start" in self.changed_data

    def clean(self) -> dict:
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if source is None or not quote:
            return cleaned
        if self.instance.pk and not {"source", "quote", "start"} & set(self.changed_data):
            return cleaned
        if self._offsets_given():
            start = cleaned["start"]
            end = start + len(quote)
            error = anchor_error(source.body, start, end, quote)
            if error:
                self.add_error("quote", error)
                return cleaned
        else:
            found = find_quote(source.body, quote)
            if not found:
                self.add_error(
                    "quote",
                    f"This quote does not occur in “{source}”, even ignoring differences in "
                    "quote marks, dashes and spacing. Check for a typo or a different wording.",
                )
                return cleaned
            if len(found) > 1:
                offsets = ", ".join(str(start) for start, _ in found[:5])
                self.add_error(
                    "quote",
                    f"This quote occurs {len(found)} times in “{source}” (at offsets {offsets}). "
                    "Paste a longer passage, or give the start offset of the one you mean.",
                )
                return cleaned
            start, end = found[0]
            # The source's own characters (curly quotes, dashes), so quote == body[start:end].
            cleaned["quote"] = source.body[start:end]
        cleaned["start"] = start
        self.instance.end = end
        claim_id = self.instance.claim_id
        duplicate = Citation.objects.filter(claim_id=claim_id, source=source, start=start, end=end)
        if claim_id and duplicate.exclude(pk=self.instance.pk).exists():
            self.add_error("quote", "This claim already cites this passage of this source.")
        return cleaned


def save_citation_form(
    citation: Citation, changed: Iterable[str], user: AbstractBaseUser
) -> Citation:
    """Store a citation edited in an admin form through the services.

    The form already anchored the quote, so its offsets go through as validated: nothing is
    located again. Returns the saved row (the unchanged citation when nothing was edited).
    """
    if citation.pk is None:
        return citation_create(
            claim=citation.claim,
            source=citation.source,
            quote=citation.quote,
            start=citation.start,
            end=citation.end,
            relation=citation.relation,
            speaker=citation.speaker,
            note=citation.note,
            rank=citation.rank,
            created_by=user,
        )
    edited = set(changed) & CITATION_EDITABLE_FIELDS
    if not edited:
        return citation
    changes = {field: getattr(citation, field) for field in edited | {"start", "end"}}
    return citation_update(citation=citation, changes=changes)
