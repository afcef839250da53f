"""Speakers not yet identified: the written names the importer could not resolve, with how many
claims each would give a claimant, and where a journalist says who each one is.

The view lives under the claim admin (`ClaimAdmin.get_urls`); identifying calls
`claims.services.speaker_identify`, as any other writer would.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from claims.models import Citation
from claims.selectors import unidentified_speakers
from claims.services import speaker_identify
from factbase.users import acting_user
from sources.models import Entity

# Example quotes shown under each written name, so the journalist sees who is meant.
EXAMPLES_PER_NAME = 3
# Written names on one page (the most frequent first).
NAMES_PER_PAGE = 200


class IdentifySpeakerForm(forms.Form):
    written = forms.CharField(widget=forms.HiddenInput, max_length=300)
    entity = forms.ModelChoiceField(
        queryset=Entity.objects.all(),
        label="Who is it?",
        widget=AutocompleteSelect(Citation._meta.get_field("speaker"), admin.site),
    )


def speakers_url(written: str | None = None) -> str:
    """The list of speakers not yet identified (only `written`, if given)."""
    url = reverse("admin:claims_claim_unidentified_speakers")
    return f"{url}?{urlencode({'name': written})}" if written else url


def _examples(names: list[str]) -> dict[str, list[Citation]]:
    """A few citations per written name, in one query."""
    rows = (
        Citation.objects.filter(speaker_as_written__in=names, claim__claimant__isnull=True)
        .select_related("source")
        .only("quote", "speaker_as_written", "claim_id", "source__title")
        .order_by("speaker_as_written", "-id")
    )
    examples: dict[str, list[Citation]] = {name: [] for name in names}
    for citation in _first_per_name(rows, EXAMPLES_PER_NAME, len(names)):
        examples[citation.speaker_as_written].append(citation)
    return examples


def _first_per_name(rows: QuerySet[Citation], each: int, names: int) -> list[Citation]:
    # Window functions would need a subquery per page; a bounded read is enough for the desk.
    out: list[Citation] = []
    seen: dict[str, int] = {}
    for citation in rows[: each * names * 4]:
        count = seen.get(citation.speaker_as_written, 0)
        if count < each:
            out.append(citation)
            seen[citation.speaker_as_written] = count + 1
    return out


def unidentified_speakers_view(modeladmin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """GET: the written names with their counts; POST: identify one of them."""
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        form = IdentifySpeakerForm(request.POST)
        if form.is_valid():
            if not request.user.has_perm("sources.change_entity"):
                raise PermissionDenied
            written, entity = form.cleaned_data["written"], form.cleaned_data["entity"]
            try:
                done = speaker_identify(written=written, entity=entity, user=acting_user(request))
            except ValidationError as error:
                modeladmin.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                left = (
                    f" {done.left_for_review} reviewed claim(s) were left for a fact-checker."
                    if done.left_for_review
                    else ""
                )
                modeladmin.message_user(
                    request,
                    f"“{written}” is {entity.name}: {done.claims} claim(s) now have "
                    f"{entity.name} as claimant, and later imports will know the name.{left}",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(speakers_url())
        modeladmin.message_user(request, "Choose who the speaker is.", messages.ERROR)
    only = request.GET.get("name") or None
    speakers = unidentified_speakers(written=only)[:NAMES_PER_PAGE]
    examples = _examples([s.written for s in speakers])
    rows = [
        {
            "speaker": speaker,
            "examples": examples[speaker.written],
            # One form per name: the same field names, ids of their own.
            "form": IdentifySpeakerForm(
                initial={"written": speaker.written}, auto_id=f"id_s{number}_%s"
            ),
        }
        for number, speaker in enumerate(speakers)
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Speakers not yet identified",
        "rows": rows,
        "only": only,
        "media": modeladmin.media + IdentifySpeakerForm().media,
    }
    return TemplateResponse(request, "admin/claims/claim/unidentified_speakers.html", context)
