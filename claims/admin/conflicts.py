"""Two people (or one person in two tabs) editing the same claim: what changed on each side,
who made the other change, and how the two compare, in a journalist's words.

The claim form carries the values it was opened with (`snapshot`, as JSON). On save, if the
claim changed meanwhile, the form compares three versions of each field: as opened, as now
stored, and as posted. Fields changed on one side only are combined (the journalist's edits
are applied on top of the other change); a field changed on both sides to different values is
a clash, shown side by side for the journalist to choose.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pghistory.models
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.utils import timezone

from claims.models import Claim
from factbase.users import User

# The fields of the claim form that two editors can both change.
COMPARED_FIELDS = (
    "text",
    "claimant",
    "claimed_on",
    "tags",
    "status",
    "assignee",
    "verdict",
    "explanation",
    "review_url",
    "review_title",
)


def plain(value: Any) -> Any:
    """A field value as JSON keeps it: a related row by its key, a date as ISO text."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return list(value)
    return value


def stored(claim: Claim) -> dict[str, Any]:
    """The compared fields of `claim` as stored, in plain values."""
    # serializable_value: a foreign key's id, not the object it points to.
    return {name: plain(claim.serializable_value(name)) for name in COMPARED_FIELDS}


def snapshot(claim: Claim) -> str:
    """What the form carries: the compared fields as it was opened."""
    return json.dumps(stored(claim))


def opened_values(carried: str | None) -> dict[str, Any] | None:
    """The values the form was opened with, or None when it carried none (or garbage)."""
    try:
        values = json.loads(carried or "")
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


@dataclass(frozen=True)
class Changes:
    """What happened to the claim since the form was opened."""

    by_me: frozenset[str]  # fields the journalist changed in this form
    by_them: frozenset[str]  # fields changed in the stored claim meanwhile
    clashes: frozenset[str]  # changed on both sides, to different values

    @property
    def combinable(self) -> bool:
        return not self.clashes


def compare(opened: dict[str, Any], mine: dict[str, Any], current: dict[str, Any]) -> Changes:
    """The three-way comparison of the form's fields (`mine` holds the posted fields only)."""
    by_me = {f for f, value in mine.items() if value != opened.get(f)}
    by_them = {f for f in COMPARED_FIELDS if current.get(f) != opened.get(f)}
    clashes = {f for f in by_me & by_them if mine[f] != current[f]}
    return Changes(frozenset(by_me), frozenset(by_them), frozenset(clashes))


@dataclass(frozen=True)
class OtherEdit:
    """Who changed the claim since it was opened, and when (the last of their changes)."""

    me: bool
    names: tuple[str, ...]
    when: str

    def sentence(self, labels: list[str]) -> str:
        what = ", ".join(labels) if labels else "the claim"
        if self.me:
            return f"You changed {what} in another tab or window at {self.when}."
        who = " and ".join(self.names) or "Someone"
        return f"{who} changed {what} at {self.when}."


def other_edit(claim: Claim, opened_version: int | None, user: User) -> OtherEdit:
    """Who made the changes since `opened_version` (from the history), and when."""
    events = pghistory.models.Events.objects.tracks(claim).filter(pgh_label="update")
    if opened_version is not None:
        events = events.filter(pgh_data__version__gt=opened_version)
    events = list(events.order_by("pgh_created_at"))
    contexts = [e.pgh_context or {} for e in events]
    user_ids = {context.get("user") for context in contexts}
    commands = sorted({c for context in contexts if (c := context.get("command")) is not None})
    known_ids = [pk for pk in user_ids if pk is not None]
    names = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=known_ids)}
    me = bool(events) and user_ids == {user.pk}
    others = [names[pk] for pk in user_ids if pk in names and pk != user.pk]
    others += [f"the {command} command" for command in commands]
    if None in user_ids and not commands:
        others.append("an automatic update")
    when = (
        timezone.localtime(events[-1].pgh_created_at).strftime("%H:%M on %d %b")
        if events
        else "a moment ago"
    )
    return OtherEdit(me=me, names=tuple(sorted(others)), when=when)


@dataclass(frozen=True)
class Clash:
    """One field changed on both sides: both versions, as a journalist reads them."""

    field: str
    label: str
    theirs: str
    mine: str
    theirs_raw: str  # what the form field holds for their version (the "keep theirs" choice)


def shown(form_field, value: Any) -> str:
    """A value as the form field would label it."""
    if value in (None, "", []):
        return "(empty)"
    choices = dict(getattr(form_field, "choices", None) or ())
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(choices.get(value, value))


def as_input(value: Any) -> str:
    """A stored value as the form field's input text (the key of a related row)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)
