"""The admin helpers every editorial app shares: the History page from the database's audit
trail, giving the admin's object the row a service saved, change lists that defer heavy columns."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pghistory.models
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse

from factbase.admin_pagination import EstimatedCountPaginator
from factbase.db import HISTORY_BOOKKEEPING_FIELDS, history_events, link_change

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
        pairs = [
            p for p in pairs if p[0] not in HISTORY_BOOKKEEPING_FIELDS and _field_of(model, p[0])
        ]
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
            what=f"{str(model._meta.verbose_name).capitalize()} #{obj_id}",
            action=action.get(label, label),
            changes=[
                (str(_field_of(model, k).verbose_name), shown(model, k, old), shown(model, k, new))
                for k, old, new in pairs
            ],
        )
        for event, model, obj_id, label, pairs in parsed
    ]


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
    # No "Show counts" beside the filters either: each count reads the whole list.
    show_facets = admin.ShowFacets.NEVER
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
