"""Admin for sources and entities (the History page they share with claims: factbase.admin_history).

The `claims` app extends these admins with what it knows (citations, claims); this module knows
nothing about claims, so the dependency runs one way.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.contrib.postgres.search import SearchQuery
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from factbase.admin_history import (
    TrackedHistoryAdmin,
    adopt_saved,
    changed_fields,
)
from sources.models import SEARCH_CONFIG, Entity, Source
from sources.services import (
    ENTITY_EDITABLE_FIELDS,
    SOURCE_EDITABLE_FIELDS,
    entity_create,
    entity_update,
    source_create,
    source_find_by_body,
    source_update,
)

# The source's full text and its search vector: list pages (and the list pages of models citing
# sources) need neither, and a body can run to many kilobytes per row.
SOURCE_HEAVY_FIELDS = ("body", "search_vector")


class LinesField(SimpleArrayField):
    """A list edited one item per line (names may contain commas); blank lines are ignored."""

    # SimpleArrayField is a CharField whose to_python returns a list (its stub ignores this too).
    def to_python(self, value: Any) -> Sequence[Any]:  # type: ignore[override]
        lines = [line.strip() for line in (value or "").splitlines()]
        return super().to_python("\n".join(line for line in lines if line))


def one_per_line(label: str, help_text: str) -> LinesField:
    return LinesField(
        forms.CharField(max_length=300),
        delimiter="\n",
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class EntityForm(forms.ModelForm):
    aliases = one_per_line(
        "Aliases", "One per line: acronyms, former names, short forms (“JLM”, “Poale Zion”)."
    )

    class Meta:
        model = Entity
        fields = ["name", "kind", "aliases", "description", "wikidata_id"]


class SourceForm(forms.ModelForm):
    """The admin's source form (its fields come from the admin's fieldsets)."""

    def clean_body(self) -> str:
        # The form cannot see the unique text hash (not a form field): check it here, so the
        # journalist is told instead of the service refusing on save.
        body = self.cleaned_data["body"]
        existing = source_find_by_body(body)
        if existing is not None and existing.pk != self.instance.pk:
            raise forms.ValidationError(
                f"A source with exactly this text is already stored: “{existing}” "
                f"(#{existing.pk}). Cite that one."
            )
        return body


def _links(items, url_name: str) -> str:
    return format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((reverse(url_name, args=[o.pk]), o) for o in items)
    )


@admin.register(Entity)
class EntityAdmin(TrackedHistoryAdmin):
    form = EntityForm
    list_display = ["name", "kind", "alias_list", "wikidata_id", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases"]
    search_help_text = "Name or alias."
    readonly_fields = ["published_sources_list", "created_at", "updated_at"]
    # Shown on the change form; the claims app adds the entity's claims.
    related_fields = ["published_sources_list"]
    PUBLISHED_SHOWN = 50

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["name", "kind", "aliases", "description", "wikidata_id"]})]
        if obj is not None:
            fieldsets.append(("Claims and sources", {"fields": self.related_fields}))
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Entity, form, change: bool) -> None:
        """Through the services, as the API: names stripped, aliases de-duplicated."""
        if change:
            changes = changed_fields(form, ENTITY_EDITABLE_FIELDS)
            saved = entity_update(entity=obj, changes=changes) if changes else obj
        else:
            data = form.cleaned_data
            saved = entity_create(
                name=data["name"],
                kind=data["kind"],
                aliases=data.get("aliases") or [],
                description=data.get("description", ""),
                wikidata_id=data.get("wikidata_id", ""),
            )
        adopt_saved(obj, saved)

    @admin.display(description="Aliases")
    def alias_list(self, obj: Entity) -> str:
        return ", ".join(obj.aliases)

    @admin.display(description="Sources it published")
    def published_sources_list(self, obj: Entity) -> str:
        sources = obj.published_sources.order_by("-published_on", "-id")
        total = sources.count()
        if not total:
            return "None."
        changelist = reverse("admin:sources_source_changelist") + f"?publisher__id__exact={obj.pk}"
        return format_html(
            '<ul class="fb-related">{}</ul><a href="{}">All {} sources published by {}</a>',
            _links(sources[: self.PUBLISHED_SHOWN], "admin:sources_source_change"),
            changelist,
            total,
            obj,
        )


@admin.register(Source)
class SourceAdmin(TrackedHistoryAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published_on", "created_at"]
    list_filter = [
        "kind",
        "language",
        ("publisher", admin.RelatedOnlyFieldListFilter),
        ("published_on", admin.DateFieldListFilter),
    ]
    list_select_related = ["publisher"]
    search_fields = ["title"]
    search_help_text = (
        'Words in the title or text; "exact phrase", OR, -exclude. A full URL finds its source.'
    )
    autocomplete_fields = ["publisher", "authors"]
    readonly_fields = ["body_sha256", "origin", "created_at", "updated_at"]
    date_hierarchy = "published_on"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The list shows no text: do not load every source's body.
    list_deferred = SOURCE_HEAVY_FIELDS

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        """Through the services, as the API (a cited source's text cannot change there)."""
        if change:
            changes = changed_fields(form, SOURCE_EDITABLE_FIELDS)
            saved = source_update(source=obj, changes=changes) if changes else obj
        else:
            data = form.cleaned_data
            saved = source_create(
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                publisher=data.get("publisher"),
                authors=data.get("authors") or (),
                url=data.get("url", ""),
                published_on=data.get("published_on"),
                language=data["language"],
                origin=data.get("origin"),
            )
        # The form's save_m2m then sets the same authors on `obj`: nothing more is written.
        adopt_saved(obj, saved)

    def autocomplete_queryset(self, queryset: QuerySet[Source]) -> QuerySet[Source]:
        """What the source picker reads: the publisher for the label, never the text."""
        return queryset.select_related("publisher").defer(*SOURCE_HEAVY_FIELDS)

    def autocomplete_label(self, source: Source) -> str:
        """A source as the picker lists it: title, then publisher and date, so two sources
        with the same headline can be told apart."""
        details = [str(source.publisher)] if source.publisher_id else []
        if source.published_on:
            details.append(date_format(source.published_on, "j M Y"))
        return f"{source.title} — {', '.join(details)}" if details else source.title

    def get_search_results(self, request, queryset, search_term):
        """Full-text search over title and body (the source's search vector), a URL, or part
        of the title (so the citation form's source autocomplete works as one types)."""
        search_term = search_term.strip()
        if not search_term:
            return queryset, False
        query = SearchQuery(search_term, search_type="websearch", config=SEARCH_CONFIG)
        matches = Q(search_vector=query) | Q(url=search_term) | Q(title__icontains=search_term)
        return queryset.filter(matches), False
