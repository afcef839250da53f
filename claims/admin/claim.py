"""The claim workbench: list, change form with anchored citations, actions and export."""

from functools import partial
from typing import TYPE_CHECKING, TypedDict, cast
from urllib.parse import urlencode

import pghistory.models
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from claims.admin.actions import (
    VERDICT_ACTIONS,
    assign_to,
    assign_to_me,
    mark_in_review,
    publish,
    tag,
)
from claims.admin.claim_page import refused_note_draft, review_preview, team_context
from claims.admin.filters import (
    QUEUE_ORDER,
    AssigneeFilter,
    ClaimantFilter,
    ClaimedOnFilter,
    ContradictingEvidenceFilter,
    MergedFilter,
    NeedsReviewFilter,
    TagFilter,
)
from claims.admin.forms import (
    CitationFormSet,
    CitationInlineForm,
    ClaimAdminForm,
    DeskExportForm,
    race_message,
    save_citation_form,
)
from claims.admin.navigation import NEXT, step_view
from claims.admin.panels import decide_view, merge_view, panel_context
from claims.admin.speakers import speakers_url, unidentified_speakers_view
from claims.admin.team import checklist_view, note_view, saved_searches_for
from claims.highlight import excerpt
from claims.models import Citation, Claim, ClaimStatus
from claims.resources import (
    CitationRowResource,
    ClaimResource,
    citations_for_export,
    claims_for_export,
)
from claims.search import claims_search
from claims.services import (
    CLAIM_CREATE_LATER_FIELDS,
    CLAIM_EDITABLE_FIELDS,
    REVIEW_PERMISSION,
    REVIEWED_STATUSES,
    StaleVersionError,
    claim_create,
    claim_update,
)
from claims.team import note_create
from factbase.admin_history import TrackedHistoryAdmin, adopt_saved
from factbase.db import related_count
from factbase.users import acting_user

if TYPE_CHECKING:
    from django_stubs_ext import MutableHttpRequest, WithAnnotations

LIST_TEXT_CHARS = 110
# Marks a request whose save claim_update refused as stale (see ClaimAdmin.changeform_view).
CHANGED_SINCE_OPENED = "_claim_changed_since_opened"
# The fieldset the claim page shows beside the citations, with the Save and Publish buttons.
DECISION = "Decision"


class ListCounts(TypedDict):
    """What the claim list annotates each claim with."""

    citation_count: int
    source_count: int


class CitationInline(admin.StackedInline):
    # Each citation a card (collapsible) with its passage highlighted in its source.
    template = "admin/claims/claim/citation_inline.html"
    model = Citation
    form = CitationInlineForm
    formset = CitationFormSet
    fk_name = "claim"
    extra = 1
    # Evidence is deprecated (rank), never deleted from the claim form.
    can_delete = False
    fields = ["in_context", "source", "quote", "start", "relation", "rank"]
    readonly_fields = ["in_context"]
    autocomplete_fields = ["source"]
    verbose_name = "citation"
    verbose_name_plural = "Citations: the claim in its sources, and the evidence"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Citation]:
        return super().get_queryset(request).select_related("source__publisher")

    def get_formset(
        self, request: HttpRequest, obj: Claim | None = None, **kwargs
    ) -> type[CitationFormSet]:
        can_review = request.user.has_perm(REVIEW_PERMISSION)
        if obj is not None and obj.status in REVIEWED_STATUSES and not can_review:
            kwargs["extra"] = kwargs["max_num"] = 0  # offer no row that would be refused
        # The inline builds a subclass of `self.formset` per call: the flag is set on it alone.
        formset = cast(type[CitationFormSet], super().get_formset(request, obj, **kwargs))
        formset.can_review = can_review
        return formset

    @admin.display(description="In its source")
    def in_context(self, citation: Citation) -> str:
        if citation.pk is None:
            return "Choose a source and paste the quote: its place in the source is found on save."
        source = citation.source
        source_link = format_html(
            '<a href="{}">{}</a>', reverse("admin:sources_source_change", args=[source.pk]), source
        )
        original = (
            format_html(' · <a href="{}" target="_blank" rel="noopener">original ↗</a>', source.url)
            if source.url
            else ""
        )
        unidentified = (
            format_html(
                '<p class="fb-unidentified">Speaker named as “{}” — not identified. '
                '<a href="{}">Say who it is</a></p>',
                citation.speaker_as_written,
                speakers_url(citation.speaker_as_written),
            )
            if citation.speaker_as_written and citation.claim.claimant_id is None
            else ""
        )
        if source.body[citation.start : citation.end] != citation.quote:
            return format_html(
                '{}<p class="errornote">Unanchored: the source text at {}–{} no longer matches '
                "this quote.</p>{}{}",
                unidentified,
                citation.start,
                citation.end,
                source_link,
                original,
            )
        return format_html(
            '{}<div class="fb-excerpt">{}</div><div class="fb-source">{}{}{}</div>',
            unidentified,
            excerpt(source.body, citation.start, citation.end, title=source.title),
            source_link,
            f" ({source.publisher})" if source.publisher else "",
            original,
        )


@admin.register(Claim)
class ClaimAdmin(ExportMixin, TrackedHistoryAdmin):
    menu_rank = 0  # first in the menu: the desk's main list
    form = ClaimAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/claims/claim/change_list.html"
    inlines = [CitationInline]
    list_display = [
        "short_text",
        "claimant",
        "status",
        "verdict",
        "citation_count",
        "source_count",
        "worthiness",
        "assignee",
        "updated_at",
    ]
    list_filter = [
        NeedsReviewFilter,
        "status",
        "verdict",
        "origin",
        ClaimantFilter,
        TagFilter,
        ("claimed_on", ClaimedOnFilter),
        ContradictingEvidenceFilter,
        AssigneeFilter,
        MergedFilter,
    ]
    list_select_related = ["claimant", "assignee"]
    list_per_page = 50
    # Only to show the search box: get_search_results searches the claims' search documents.
    search_fields = ["text"]
    search_help_text = (
        "Words of the claim, the claimant's name or alias, or a source's title, best matches "
        'first; spelling variants match ("anti-semitism" finds "antisemitism"). '
        '"exact phrase", either OR other, -excluded.'
    )
    # No date_hierarchy: listing its years reads the date of every claim (a second or more on
    # a newsroom's archive); ClaimedOnFilter takes a range of dates instead.
    # The assignee is chosen from the desk's members (ClaimAdminForm), not looked up among
    # user accounts, which only administrators may browse.
    autocomplete_fields = ["claimant"]
    actions = [mark_in_review, assign_to_me, assign_to, tag, publish, *VERDICT_ACTIONS]
    resource_classes = [ClaimResource, CitationRowResource]
    export_form_class = DeskExportForm
    to_encoding = "utf-8-sig"  # a byte-order mark, so spreadsheets read the CSV as UTF-8
    export_formats = [CSV, XLSX]
    # The claim page (admin/claims/claim/change_form.html) puts the "Decision" fieldset beside
    # the citations, with Save; the others above and below them. The hidden `version` field is
    # rendered by the template (a non-editable model field cannot be named in fieldsets).
    fieldsets = [
        (None, {"fields": ["text", ("claimant", "claimed_on"), "tags"]}),
        (
            DECISION,
            {
                "fields": [
                    "status",
                    "assignee",
                    "verdict",
                    "explanation",
                    "review_url",
                    "review_title",
                ]
            },
        ),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "origin",
                    "check_worthiness",
                    "duplicate_of",
                    "created_by",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    readonly_fields = [
        "origin",
        "check_worthiness",
        "duplicate_of",
        "reviewer",
        "reviewed_at",
        "created_by",
        "created_at",
        "updated_at",
    ]

    # --- permissions ---------------------------------------------------------------------

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW_PERMISSION)

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_review_permission(request):
            readonly += ["verdict", "explanation", "review_url", "review_title"]
        return readonly

    def get_form(
        self, request: HttpRequest, obj: Claim | None = None, change: bool = False, **kwargs
    ) -> type[ClaimAdminForm]:
        # ModelAdmin builds a subclass of `self.form` per call: these are set on it alone.
        form = cast(type[ClaimAdminForm], super().get_form(request, obj, change, **kwargs))
        form.can_review = self.has_review_permission(request)
        form.user = acting_user(request)
        form.changed_since_opened = getattr(request, CHANGED_SINCE_OPENED, False)
        return form

    # --- change list ---------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=related_count(Citation.objects.all(), pointing_by="claim"),
                source_count=related_count(
                    Citation.objects.all(), pointing_by="claim", distinct="source"
                ),
            )
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {
            "saved_searches": saved_searches_for(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_ordering(self, request: HttpRequest) -> list:
        """The review queue's order for the queue and for my claims; newest first otherwise."""
        if request.GET.get(NeedsReviewFilter.parameter_name) == "yes" or request.GET.get(
            AssigneeFilter.parameter_name
        ):
            return list(QUEUE_ORDER)
        return list(super().get_ordering(request))

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip()
        if not term:
            return queryset, False
        matching = claims_search(queryset, term)
        if ORDER_VAR not in request.GET:
            # Best match first, unless the journalist sorted a column.
            matching = matching.order_by("-search_rank", *queryset.query.order_by)
        return matching, False

    @admin.display(description="claim", ordering="text")
    def short_text(self, claim: Claim) -> str:
        text = claim.text
        if len(text) > LIST_TEXT_CHARS:
            text = text[: LIST_TEXT_CHARS - 1] + "…"
        merged = " (merged duplicate)" if claim.duplicate_of_id else ""
        return format_html('<span title="{}">{}</span>{}', claim.text, text, merged)

    @admin.display(description="check-worthy", ordering="check_worthiness")
    def worthiness(self, claim: Claim) -> str:
        return "—" if claim.check_worthiness is None else f"{claim.check_worthiness:.0%}"

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, claim: "WithAnnotations[Claim, ListCounts]") -> int:
        return claim.citation_count

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, claim: "WithAnnotations[Claim, ListCounts]") -> int:
        return claim.source_count

    def get_export_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return claims_for_export(super().get_export_queryset(request))

    def get_data_for_export(self, request: HttpRequest, queryset: QuerySet[Claim], **kwargs):
        """The listed claims, or for the per-citation export their citations."""
        chosen = self.choose_export_resource_class(kwargs.get("export_form"), request)
        rows = citations_for_export(queryset) if chosen is CitationRowResource else queryset
        return super().get_data_for_export(request, rows, **kwargs)

    # --- change form ---------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if claim is not None:
            extra_context.update(panel_context(claim))
            extra_context.update(team_context(claim))
            extra_context["review"] = review_preview(claim)
            extra_context["can_merge"] = self.has_change_permission(request, claim)
            extra_context["title"] = f"Claim #{claim.pk}"
            extra_context["changelist_filters"] = request.GET.get("_changelist_filters", "")
            extra_context["can_review"] = self.has_review_permission(request)
            extra_context["can_publish"] = (
                extra_context["can_review"] and claim.status != ClaimStatus.PUBLISHED
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        # A draft typed in the note box survives a failed save; a refused edit becomes one.
        draft = request.POST.get("note", "") if request.method == "POST" else ""
        if "adminform" in context:
            refused = refused_note_draft(
                context["adminform"], context.get("inline_admin_formsets", [])
            )
            draft = "\n\n".join(part for part in (refused, draft) if part)
        context["note_draft"] = draft
        return super().render_change_form(request, context, *args, **kwargs)

    def response_change(self, request: HttpRequest, obj: Claim):
        """After Save the journalist stays on the claim; "Save and next" opens the next one."""
        if "_savenext" in request.POST:
            self.message_user(request, f"Claim #{obj.pk} saved.", messages.SUCCESS)
            filters = request.GET.get("_changelist_filters", "")
            url = reverse("admin:claims_claim_step", args=[obj.pk, NEXT])
            return HttpResponseRedirect(f"{url}?{urlencode({'_changelist_filters': filters})}")
        return super().response_change(self._staying(request), obj)

    def response_add(self, request: HttpRequest, obj: Claim, post_url_continue=None):
        return super().response_add(self._staying(request), obj, post_url_continue)

    @staticmethod
    def _staying(request: HttpRequest) -> HttpRequest:
        """The request as if "Save and continue editing" was pressed (Save, Publish)."""
        if not {"_addanother", "_saveasnew", IS_POPUP_VAR} & set(request.POST):
            post = request.POST.copy()
            post["_continue"] = "1"
            cast("MutableHttpRequest", request).POST = post
        return request

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # claim_update found the claim changed since the form was opened; nothing was
            # written (the whole save was rolled back). The form is checked again against the
            # claim as it is now: the changes are combined, or the form shows the comparison.
            setattr(request, CHANGED_SINCE_OPENED, True)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Yet another save landed between that check and the write: say so rather than fail.
            claim = Claim.objects.get(pk=unquote(object_id))
            messages.error(request, race_message(claim, request.user))
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))

    def save_model(self, request: HttpRequest, obj: Claim, form, change: bool) -> None:
        user = acting_user(request)
        data = form.cleaned_data
        if change:
            changes = {f: data[f] for f in form.changed_data if f in CLAIM_EDITABLE_FIELDS}
            if form.publishing:
                changes["status"] = ClaimStatus.PUBLISHED
            # Even with no field changes (only citations edited) this checks the version.
            saved = claim_update(
                claim=obj, changes=changes, user=user, expected_version=data["version"]
            )
        else:
            saved = claim_create(
                text=data["text"],
                claimant=data.get("claimant"),
                claimed_on=data.get("claimed_on"),
                tags=data.get("tags") or [],
                created_by=user,
                review={f: data[f] for f in CLAIM_CREATE_LATER_FIELDS if f in data},
            )
        # The form, its inlines and the response all use `obj`: give it the saved row.
        adopt_saved(obj, saved)
        if change and form.combined:
            messages.info(request, form.combined)
        draft = request.POST.get("note", "").strip()
        if draft:  # a note typed but not yet added when Save was pressed
            note_create(claim=saved, author=user, text=draft)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not Citation:
            return super().save_formset(request, form, formset, change)
        forms_by_pk = {inline.instance.pk: inline for inline in formset.initial_forms}
        for citation in formset.save(commit=False):
            citation.claim = form.instance
            changed = forms_by_pk[citation.pk].changed_data if citation.pk is not None else ()
            save_citation_form(citation, changed, acting_user(request))
        return None

    # --- merge and matches ---------------------------------------------------------------

    def get_urls(self):
        def post_only(view):
            return self.admin_site.admin_view(require_POST(partial(view, self)))

        return [
            path("<path:object_id>/merge/", post_only(merge_view), name="claims_claim_merge"),
            path("<path:object_id>/notes/", post_only(note_view), name="claims_claim_note"),
            path(
                "<path:object_id>/step/<str:direction>/",
                self.admin_site.admin_view(partial(step_view, self)),
                name="claims_claim_step",
            ),
            path(
                "<path:object_id>/checklist/",
                post_only(checklist_view),
                name="claims_claim_checklist",
            ),
            path(
                "<path:object_id>/matches/<int:relation_id>/",
                post_only(decide_view),
                name="claims_claim_decide_match",
            ),
            path(
                "speakers/",
                self.admin_site.admin_view(partial(unidentified_speakers_view, self)),
                name="claims_claim_unidentified_speakers",
            ),
            *super().get_urls(),
        ]

    # --- history -------------------------------------------------------------------------

    def history_events(self, obj: models.Model) -> QuerySet:
        # The claim, its citations (also ones merged away) and its matches and merges.
        return pghistory.models.Events.objects.references(obj)

    def history_view(self, request, object_id, extra_context=None):
        extra = {"includes_related": "citations, matches and merges", **(extra_context or {})}
        return super().history_view(request, object_id, extra)
