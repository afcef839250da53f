"""An object's change history (django-pghistory events) as API data."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from rest_framework import serializers

from factbase.db import HISTORY_BOOKKEEPING_FIELDS, link_change
from factbase.db import history_events as events_of


class HistoryUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer):
    old = serializers.JSONField(allow_null=True, help_text="null for a creation.")
    new = serializers.JSONField(allow_null=True, help_text="null for a deletion.")


class HistoryEventSerializer(serializers.Serializer):
    """One recorded change: what happened, when, by whom (a user or a command), what changed."""

    action = serializers.ChoiceField(choices=["insert", "update", "delete"])
    at = serializers.DateTimeField()
    user = HistoryUserSerializer(allow_null=True, help_text="The user who made the change.")
    command = serializers.CharField(
        allow_null=True, help_text="The management command that made it (importer, …)."
    )
    file = serializers.CharField(allow_null=True, help_text="The file a command was working on.")
    changes = serializers.DictField(child=FieldChangeSerializer(), help_text="Field -> {old, new}.")


def _changes(event) -> dict[str, dict[str, Any]]:
    if event.pgh_label == "update" and event.pgh_diff:
        items = {field: tuple(values) for field, values in event.pgh_diff.items()}
    else:
        data = {k: v for k, v in (event.pgh_data or {}).items() if not k.startswith("pgh_")}
        if event.pgh_label == "delete":
            items = {field: (value, None) for field, value in data.items()}
        else:
            items = {
                field: (None, value) for field, value in data.items() if value not in (None, "", [])
            }
    return {
        field: {"old": old, "new": new}
        for field, (old, new) in sorted(items.items())
        if field not in HISTORY_BOOKKEEPING_FIELDS
    }


def history_events(obj) -> QuerySet:
    """Every event of `obj` (its many-to-many links' included), oldest first."""
    return events_of(obj).order_by("pgh_created_at", "pgh_id")


def history_entries(events: Iterable) -> list[dict[str, Any]]:
    """Events as history entries (one query for their users, whatever their number).

    Adding or removing a many-to-many link (a source's author) is an update of that field:
    `{"authors": {"old": null, "new": <id added>}}`, or the id removed as `old`.
    """
    events = list(events)
    user_ids = {
        (event.pgh_context or {}).get("user")
        for event in events
        if isinstance((event.pgh_context or {}).get("user"), int)
    }
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    history = []
    for event in events:
        context = event.pgh_context or {}
        user = users.get(context.get("user"))
        link = link_change(event)
        history.append(
            {
                "action": "update" if link else event.pgh_label,
                "at": event.pgh_created_at,
                "user": {"id": user.pk, "username": user.get_username()} if user else None,
                "command": context.get("command"),
                "file": context.get("file"),
                "changes": {link.field: {"old": link.old, "new": link.new}}
                if link
                else _changes(event),
            }
        )
    return history
