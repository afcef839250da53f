"""Forms of the claim change page: combining with a change made meanwhile, review rights, and
anchoring pasted quotes (the services' rules, shown as form errors)."""

import copy
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from import_export.forms import SelectableFieldsExportForm

from claims.admin.conflicts import (
    COMPARED_FIELDS,
    Clash,
    as_input,
    compare,
    opened_values,
    other_edit,
    plain,
    shown,
    snapshot,
    stored,
)
from claims.models import Citation, Claim, ClaimStatus
from claims.services import (
    CITATION_EDITABLE_FIELDS,
    CLAIM_EDITABLE_FIELDS,
    PUBLICATION_FIELDS,
    REVIEWED_STATUSES,
    WORKFLOW_FIELDS,
    citation_anchor,
    citation_create,
    citation_update,
    is_review_change,
    publication_problems,
)
from claims.team import desk_members, member_label
from factbase.users import User
from sources.models import Source

# What a journalist without the review permission may set the status to.
REPORTER_STATUSES = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
ONLY_REVIEWERS = "Only a fact-checker can mark a claim reviewed or published."


class MemberChoiceField(forms.ModelChoiceField):
    """A colleague, chosen from the desk's members by name (no lookup of the user accounts,
    which only administrators may browse)."""

    def label_from_instance(self, obj) -> str:
        return member_label(obj)


def refusal_message(claim: Claim, fields: list[str]) -> str:
    """Why a journalist without the review permission cannot save these changes."""
    reviewed = claim.get_status_display().lower()
    by = f" by {claim.reviewer.get_username()}" if claim.reviewer is not None else ""
    when = (
        f" on {timezone.localtime(claim.reviewed_at).strftime('%d %b %Y')}"
        if claim.reviewed_at
        else ""
    )
    changed = ", ".join(fields)
    return (
        f"This claim is {reviewed}{by}{when}: only a fact-checker can change it now "
        f"(you changed: {changed}). Nothing was saved, and your changes are still in the form "
        "below: send them to the fact-checker as a note, or copy them before you leave."
    )


def race_message(claim: Claim, user: User) -> str:
    """What a journalist reads when another save landed in the instant between checking their
    form and writing it (the form itself catches every slower case, with a comparison)."""
    edit = other_edit(claim, claim.version - 1, user)
    return (
        f"{edit.sentence([])} That save landed at the same moment as yours, so yours was not "
        "saved and nothing was overwritten. Go back in your browser to get what you typed, "
        "then save again."
    )


def _formfield(field, **kwargs):
    """Model fields as form fields, URLs assuming https:// when typed without a scheme."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ClaimAdminForm(forms.ModelForm):
    # The version the journalist opened; saving checks it (the API's If-Match, for the admin).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The values it was opened with: a change made meanwhile is combined with this one, field
    # by field (claims/admin/conflicts.py).
    opened = forms.CharField(widget=forms.HiddenInput, required=False)
    assignee = MemberChoiceField(
        queryset=desk_members(),
        required=False,
        empty_label="Nobody",
        help_text="The journalist checking this claim; they are notified.",
    )
    can_review = False  # set per request by ClaimAdmin.get_form
    user: User  # the journalist, set per request by ClaimAdmin.get_form
    # Set by ClaimAdmin when claim_update refused to save this form's changes over a newer
    # version: the form then combines them with that version, or shows the comparison.
    changed_since_opened = False

    class Meta:
        model = Claim
        formfield_callback = _formfield
        fields = list(COMPARED_FIELDS)  # every field of the form is compared on a conflict
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            # One click per verdict, beside the explanation and Save.
            "verdict": forms.RadioSelect(attrs={"class": "fb-chips"}),
            "explanation": forms.Textarea(attrs={"rows": 5, "cols": 40}),
            "tags": forms.TextInput(attrs={"size": 30}),
        }
        help_texts = {
            "review_url": "The fact-check article. Empty: the newsroom's address for it.",
            "review_title": "Empty: the newsroom's headline for it.",
        }
        labels = {
            "text": "Claim",
            "claimed_on": "Date claimed",
            "review_url": "Review article URL",
            "review_title": "Review article headline",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The claim page's Publish button: save with the status Published.
        self.publishing = "_publish" in (self.data or {})
        # After a save combined with a change made meanwhile: what to tell the journalist.
        self.combined: str = ""
        self.clashes: list[Clash] = []
        self._mine_only: frozenset[str] | None = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["opened"].initial = snapshot(self.instance)
        if "status" in self.fields and not self.can_review:
            self._offer_reporter_statuses()

    def _offer_reporter_statuses(self) -> None:
        """Offer only the statuses this journalist may set; a reviewed claim's is fixed."""
        current = self.instance.status if self.instance.pk else ClaimStatus.NEW
        # A field with choices (the model's): a ChoiceField.
        status = cast(forms.ChoiceField, self.fields["status"])
        if current in REVIEWED_STATUSES:
            status.disabled = True
            status.help_text = "Only a fact-checker can change the status of a reviewed claim."
        else:
            status.choices = [(s.value, s.label) for s in REPORTER_STATUSES]
            status.help_text = "A fact-checker marks it reviewed or published."
            status.error_messages["invalid_choice"] = ONLY_REVIEWERS

    def suggestion_note(self, reviewer_username: str | None) -> str:
        """A note putting this journalist's refused changes to the fact-checker, so they can
        send them with one click instead of losing them."""
        lines = [
            f"{self.fields[f].label}: {self.cleaned_data.get(f, self.data.get(f, ''))}"
            for f in self.changed_data
            if f in CLAIM_EDITABLE_FIELDS and f not in WORKFLOW_FIELDS and f in self.fields
        ]
        to = f"@{reviewer_username} " if reviewer_username else ""
        return "\n".join([f"{to}Suggested change (not saved: the claim is reviewed):", *lines])

    def review_changes(self) -> list[str]:
        """Labels of the changed fields that only a fact-checker may make, given the claim as
        it is now (empty for a fact-checker, or when nothing reviewed is touched)."""
        if self.can_review or not self.instance.pk:
            return []
        current = Claim.objects.select_related("reviewer").get(pk=self.instance.pk)
        changes = {
            f: self.cleaned_data[f]
            for f in self.changed_data
            if f in CLAIM_EDITABLE_FIELDS and f in self.cleaned_data
        }
        if not is_review_change(current, changes):
            return []
        refused = [
            f
            for f, value in changes.items()
            if f not in WORKFLOW_FIELDS and getattr(current, f) != value
        ]
        return [str(self.fields[f].label or f).lower() for f in refused]

    @cached_property
    def changed_data(self) -> list[str]:
        changed = super().changed_data
        if self._mine_only is not None:
            # Combined with a change made meanwhile: only what this journalist changed, so
            # the other change is not undone by this form's older values.
            changed = [f for f in changed if f not in COMPARED_FIELDS or f in self._mine_only]
        if self.publishing and "status" not in changed:
            changed = [*changed, "status"]
        return changed

    def clean_status(self) -> str:
        status = ClaimStatus.PUBLISHED if self.publishing else self.cleaned_data["status"]
        if (
            not self.can_review
            and status in REVIEWED_STATUSES
            and status != (self.instance.status if self.instance.pk else None)
        ):
            raise ValidationError(ONLY_REVIEWERS)
        return status

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
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
            current = Claim.objects.select_related("reviewer", "claimant", "assignee").get(
                pk=self.instance.pk
            )
            self._apply_choices(cleaned, current)
            if self.changed_since_opened:
                self._reconcile(cleaned, current, opened)
            refused = self.review_changes()
            if refused:
                raise ValidationError(refusal_message(current, refused), code="needs_review")
        self._check_publication(cleaned)
        return cleaned

    def _label(self, name: str) -> str:
        return str(self.fields[name].label or name).lower()

    def _apply_choices(self, cleaned: dict, current: Claim) -> None:
        """Apply the journalist's choices in a comparison ("keep theirs" puts back the stored
        value); each compared field needs a choice."""
        resolving = [f for f in self.data.get("resolving", "").split(",") if f in self.fields]
        missing = []
        for name in resolving:
            choice = self.data.get(f"resolve-{name}")
            if choice == "theirs":
                cleaned[name] = getattr(current, name)
            elif choice != "mine":
                missing.append(name)
        if missing:
            self.clashes = self._clashes(missing, cleaned, current)
            raise ValidationError(
                "Choose, for each field compared below, which version to keep.",
                code="stale_version",
            )

    def _reconcile(self, cleaned: dict, current: Claim, opened_version: int) -> None:
        """The claim changed since the form was opened: combine, or stop with a comparison."""
        editable = [
            f
            for f in COMPARED_FIELDS
            if f in self.fields and f in cleaned and not self.fields[f].disabled
        ]
        mine = {f: plain(cleaned[f]) for f in editable}
        now = stored(current)
        opened = opened_values(cleaned.get("opened"))
        if opened is None:  # no record of the opened values: every difference is a clash
            opened = {f: (now[f] if mine.get(f) == now[f] else object()) for f in now}
        changes = compare(opened, mine, now)
        theirs = [self._label(f) for f in COMPARED_FIELDS if f in changes.by_them and f in mine]
        edit = other_edit(current, opened_version, self.user)
        if changes.combinable:
            self._mine_only = changes.by_me
            self.__dict__.pop("changed_data", None)
            self.combined = (
                f"{edit.sentence(theirs)} Your changes were saved on top of that."
                if changes.by_them
                else ""
            )
            cleaned["version"] = current.version
            return
        self.clashes = self._clashes(
            sorted(changes.clashes, key=COMPARED_FIELDS.index), cleaned, current
        )
        # Saving again compares with the claim as it is now: the form shows the other change
        # where only they changed a field, and the journalist's values everywhere else.
        data = cast(QueryDict, self.data).copy()  # a bound admin form's data: the POST
        data["version"] = str(current.version)
        data["opened"] = snapshot(current)
        for name in changes.by_them - changes.by_me:
            if name in mine:
                data[name] = as_input(getattr(current, name))
        self.data = data
        clashing = ", ".join(clash.label.lower() for clash in self.clashes)
        raise ValidationError(
            f"{edit.sentence(theirs)} You changed {clashing} too. Nothing was saved yet: "
            "compare the two versions below, choose which to keep, and save again. Your other "
            "changes are still in the form.",
            code="stale_version",
        )

    def _clashes(self, names, cleaned: dict, current: Claim) -> list[Clash]:
        return [
            Clash(
                field=name,
                label=str(self.fields[name].label or name),
                theirs=shown(self.fields[name], getattr(current, name)),
                mine=shown(self.fields[name], cleaned.get(name)),
                theirs_raw=as_input(getattr(current, name)),
            )
            for name in names
        ]

    def _check_publication(self, cleaned: dict) -> None:
        """The publication rule (claims.services), as field errors instead of a failed save."""
        if cleaned.get("status") != ClaimStatus.PUBLISHED:
            return
        if self.instance.pk and not PUBLICATION_FIELDS & set(self.changed_data):
            return
        candidate = copy.copy(self.instance)
        for field, value in cleaned.items():
            if field in PUBLICATION_FIELDS:
                setattr(candidate, field, value)
        for field, messages in publication_problems(candidate).items():
            self.add_error(field if field in self.fields else None, messages)


class CitationFormSet(forms.BaseInlineFormSet):
    """The claim form's citations: a reviewed claim's evidence is a fact-checker's to change."""

    can_review = False  # set per request by CitationInline.get_formset

    def clean(self) -> None:
        super().clean()
        claim = self.instance
        if self.can_review or not claim.pk:
            return
        status = Claim.objects.filter(pk=claim.pk).values_list("status", flat=True).first()
        if status in REVIEWED_STATUSES and any(form.has_changed() for form in self.forms):
            raise ValidationError(
                f"This claim is {ClaimStatus(status).label.lower()}: only a fact-checker can "
                "add or change its evidence. Your citation is still in the form below: send "
                "it to the fact-checker as a note.",
                code="needs_review",
            )


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

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if source is None or not quote:
            return cleaned
        if self.instance.pk and not {"source", "quote", "start"} & set(self.changed_data):
            return cleaned
        if self._offsets_given():
            # The model checks that the quote is the source text there (Citation.clean).
            start = cleaned["start"]
            end = start + len(quote)
        else:
            try:
                anchor = citation_anchor(source=source, quote=quote, lenient=True)
            except ValidationError as error:
                self.add_error(None, error)
                return cleaned
            start, end = anchor.start, anchor.end
            # The source's own characters (curly quotes, dashes), so quote == body[start:end].
            cleaned["quote"] = source.body[start:end]
        cleaned["start"] = start
        self.instance.end = end
        self._refuse_a_second_citation(source, start, end)
        return cleaned

    def _refuse_a_second_citation(self, source: Source, start: int, end: int) -> None:
        """The model's constraint on the anchor (claim, source, start, end), which ModelForm
        validation skips (`end` is not a field of the form), as an error on the quote."""
        candidate = copy.copy(self.instance)
        candidate.source, candidate.start, candidate.end = source, start, end
        anchor = {"claim", "source", "start", "end"}
        others = {field.name for field in Citation._meta.concrete_fields} - anchor
        try:
            candidate.validate_constraints(exclude=others)
        except ValidationError as error:
            self.add_error("quote", error.messages)


def save_citation_form(citation: Citation, changed: Iterable[str], user: User) -> Citation:
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
    return citation_update(citation=citation, changes=changes, user=user)


class DeskExportForm(SelectableFieldsExportForm):
    """The export page with CSV chosen (the first format) instead of an empty "---"."""

    def __init__(self, formats, resources, **kwargs) -> None:
        super().__init__(formats, resources, **kwargs)
        field = self.fields["format"]
        field.choices = [choice for choice in field.choices if choice[0] != ""]
        field.initial = "0"
