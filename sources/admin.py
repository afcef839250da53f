"""Admin for sources and entities, and the history page every editorial admin shares.

The `claims` app extends these admins with what it knows (citations, claims); this module knows
nothing about claims, so the dependency runs one way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pghistory.models
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.postgres.forms import SimpleArrayField
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from factbase.admin_pagination import EstimatedCountPaginator
from factbase.db import history_events, link_change
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

# Bookkeeping columns that change on every write and say nothing to a journalist.
HISTORY_HIDDEN_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "version", "prefix", "suffix", "body_sha256", "search_name"}
)
HISTORY_MAX_EVENTS = 500


@dataclass
class HistoryRow:
    when: datetime
    actor: str
    what: str
    action: str
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def _actor(context: dict[str, Any] | None, users: dict[Any, str]) -> str:
    """Who made a change: the user of a request, or the management command (and its file)."""
    context = context or {}
    if context.get("user") is not None:
        return users.get(context["user"], f"user #{context['user']}")
    if context.get("command"):
        extra = ", ".join(f"{k} {v}" for k, v in context.items() if k != "command")
        return f"command {context['command']}" + (f" ({extra})" if extra else "")
    return "database (no user recorded)"


def _field_of(model: type[Model], key: str):
    try:
        return model._meta.get_field(key.removesuffix("_id") if key.endswith("_id") else key)
    except FieldDoesNotExist:
        return None


def history_rows(events: list[pghistory.models.Events]) -> list[HistoryRow]:
    """Events as readable rows: names instead of ids, with a constant number of queries."""
    users = {
        user.pk: user.get_username()
        for user in get_user_model().objects.filter(
            pk__in={e.pgh_context["user"] for e in events if (e.pgh_context or {}).get("user")}
        )
    }
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    parsed = []
    for event in events:
        link = link_change(event)
        if link is not None:  # an author added or removed: a change of the source's authors
            model, obj_id, label = link.owner_model, link.owner_id, "update"
            pairs = [(link.field, link.old, link.new)]
        else:
            model, obj_id, label = apps.get_model(event.pgh_obj_model), event.pgh_obj_id, None
            if event.pgh_label == "update":
                pairs = [(k, old, new) for k, (old, new) in (event.pgh_diff or {}).items()]
            else:
                data = (event.pgh_data or {}).items()
                pairs = [(k, None, v) for k, v in data if v not in ("", [], None)]
        pairs = [p for p in pairs if p[0] not in HISTORY_HIDDEN_FIELDS and _field_of(model, p[0])]
        for key, old, new in pairs:
            related = _field_of(model, key)
            if related.many_to_one or related.many_to_many:
                wanted[related.related_model].update(v for v in (old, new) if v is not None)
        parsed.append((event, model, obj_id, label or event.pgh_label, pairs))
    names = {
        related: {obj.pk: str(obj) for obj in related._base_manager.filter(pk__in=pks)}
        for related, pks in wanted.items()
    }

    def shown(model: type[Model], key: str, value: Any) -> Any:
        model_field = _field_of(model, key)
        if value is None:
            return None
        if model_field.many_to_one or model_field.many_to_many:
            return names[model_field.related_model].get(value, f"#{value} (deleted)")
        if model_field.choices:
            return dict(model_field.flatchoices).get(value, value)  # what a journalist reads
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return value

    action = {"insert": "created", "update": "changed", "delete": "deleted"}
    return [
        HistoryRow(
            when=event.pgh_created_at,
            actor=_actor(event.pgh_context, users),
            what=f"{model._meta.verbose_name.capitalize()} #{obj_id}",
            action=action.get(label, label),
            changes=[
                (str(_field_of(model, k).verbose_name), shown(model, k, old), shown(model, k, new))
                for k, old, new in pairs
            ],
        )
        for event, model, obj_id, label, pairs in parsed
    ]


# The source's full text and its search vector: list pages (and the list pages of models citing
# sources) need neither, and a body can run to many kilobytes per row.
SOURCE_HEAVY_FIELDS = ("body", "search_vector")


def adopt_saved(obj: Model, saved: Model) -> None:
    """Give the admin's `obj` the row a service saved.

    The admin goes on using `obj` (its inlines, the many-to-many fields, the log entry and the
    response), so it must become the saved row, with its primary key.
    """
    deferred = saved.get_deferred_fields()  # e.g. generated columns: load only if read
    for model_field in type(saved)._meta.concrete_fields:
        if model_field.attname in deferred:
            obj.__dict__.pop(model_field.attname, None)
        else:
            setattr(obj, model_field.attname, getattr(saved, model_field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def changed_fields(form, editable: frozenset[str]) -> dict[str, Any]:
    """The form's changed fields that the service may change, with their cleaned values."""
    return {f: form.cleaned_data[f] for f in form.changed_data if f in editable}


class DeferringChangeList(ChangeList):
    """A change list that does not load the columns its admin's `list_deferred` names."""

    def get_queryset(self, request: HttpRequest, *args, **kwargs) -> QuerySet:
        queryset = super().get_queryset(request, *args, **kwargs)
        deferred = getattr(self.model_admin, "list_deferred", ())
        return queryset.defer(*deferred) if deferred else queryset


class TrackedHistoryAdmin(admin.ModelAdmin):
    """The "History" page from the database's audit trail (django-pghistory), not LogEntry.

    So it shows every change whatever made it: the form, a list action, a service called by the
    API, or the import command.
    """

    object_history_template = "admin/tracked_history.html"
    # Big lists show the planner's estimate of their rows, never counted over the table; the
    # "(N total)" beside a filtered count would count the whole table on every page.
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Columns the change list neither shows nor needs (a source's text, also through a
    # `list_select_related` relation: "source__body").
    list_deferred: tuple[str, ...] = ()

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return DeferringChangeList

    def history_events(self, obj: Model) -> QuerySet:
        return history_events(obj)  # its own changes and its many-to-many links

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id}.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        events = list(self.history_events(obj).order_by("-pgh_created_at")[:HISTORY_MAX_EVENTS])
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "rows": history_rows(events),
            "truncated": len(events) == HISTORY_MAX_EVENTS,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


class LinesField(SimpleArrayField):
    """A list edited one item per line (names may contain commas); blank lines are ignored."""

    def to_python(self, value: str) -> list:
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
