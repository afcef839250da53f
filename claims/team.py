"""The desk's team work: who can be assigned a claim or mentioned, notes with @mentions, the
per-claim checklist, notifications and saved searches."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.team_models import ChecklistItem, Note, Notification, NotificationKind, SavedSearch
from factbase.users import User

# Whoever may change claims can be given one to check.
ASSIGNABLE_PERMISSION = "claims.change_claim"


def desk_members() -> QuerySet:
    """Active staff users who may change claims (directly, by group or as superusers), by name."""
    return (
        get_user_model()
        .objects.with_perm(ASSIGNABLE_PERMISSION, is_active=True, include_superusers=True)
        .filter(is_staff=True)
        .order_by("username")
    )


def member_label(user: User) -> str:
    """How a colleague is named in menus: the username, with the full name when there is one."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


# --- Team work on a claim: notes, checklist, notifications, saved searches -----------------
# Writes, each in one transaction; the admin's views call these (claims/admin/team.py).

MENTION = re.compile(r"(?<![\w@])@([\w.@+-]+)")


def mentioned_users(text: str) -> list:
    """The desk members named as @username in `text`, in order of first mention."""
    names = list(dict.fromkeys(name.rstrip(".") for name in MENTION.findall(text)))
    if not names:
        return []
    members = {user.get_username().casefold(): user for user in desk_members_and_readers()}
    return [members[n.casefold()] for n in names if n.casefold() in members]


def desk_members_and_readers() -> QuerySet:
    """Active staff users who may see claims: anyone a note can be addressed to."""
    return (
        get_user_model()
        .objects.with_perm("claims.view_claim", is_active=True, include_superusers=True)
        .filter(is_staff=True)
    )


def _notify(*, recipients, kind: str, claim, actor, note=None) -> int:
    notifications = [
        Notification(recipient=user, kind=kind, claim=claim, actor=actor, note=note)
        for user in recipients
        if actor is None or user.pk != actor.pk
    ]
    Notification.objects.bulk_create(notifications)
    return len(notifications)


@transaction.atomic
def note_create(*, claim, author: User, text: str) -> Note:
    """Add a note to `claim`; notify each colleague @mentioned, and the claim's assignee.

    ValidationError (field `text`) for an empty or overlong note.
    """
    note = Note(claim=claim, author=author, text=text.strip())
    note.full_clean()
    note.save()
    mentioned = mentioned_users(note.text)
    _notify(
        recipients=mentioned, kind=NotificationKind.MENTIONED, claim=claim, actor=author, note=note
    )
    assignee = claim.assignee
    if assignee is not None and assignee not in mentioned:
        _notify(
            recipients=[assignee], kind=NotificationKind.NOTE, claim=claim, actor=author, note=note
        )
    return note


def notify_assigned(*, claim, assignee: User | None, by: User | None):
    """Tell `assignee` that `by` gave them `claim` (nobody is told of assigning themselves)."""
    if assignee is not None:
        _notify(recipients=[assignee], kind=NotificationKind.ASSIGNED, claim=claim, actor=by)


@transaction.atomic
def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s unread notifications read (only those in `ids`, if given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def checklist_start(*, claim) -> list[ChecklistItem]:
    """Give `claim` the newsroom's standard checklist (FACTBASE_CHECKLIST), keeping any task
    it already has; returns the tasks added."""
    existing = {text.casefold() for text in claim.checklist.values_list("text", flat=True)}
    start = claim.checklist.count()
    added: list[ChecklistItem] = []
    for text in settings.FACTBASE_CHECKLIST:
        if text.casefold() not in existing:
            added.append(ChecklistItem(claim=claim, text=text, position=start + len(added)))
    ChecklistItem.objects.bulk_create(added)
    return added


@transaction.atomic
def checklist_item_add(*, claim, text: str) -> ChecklistItem:
    """Add a task to the end of `claim`'s checklist; ValidationError for an empty, overlong or
    repeated task."""
    item = ChecklistItem(claim=claim, text=text.strip(), position=claim.checklist.count())
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_item_set_done(*, item: ChecklistItem, done: bool, user: User) -> ChecklistItem:
    """Tick (recording who and when) or untick a task."""
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if done and item.done_at is None:
        item.done_by, item.done_at = user, timezone.now()
    elif not done:
        item.done_by, item.done_at = None, None
    item.save(update_fields=["done_by", "done_at"])
    return item


@transaction.atomic
def saved_search_save(*, owner: User, name: str, query: str, shared: bool = False) -> SavedSearch:
    """Keep a claim-list search under `name` (replacing the owner's search of that name)."""
    query = query.lstrip("?")
    search = SavedSearch.objects.filter(owner=owner, name__iexact=name.strip()).first()
    if search is None:
        search = SavedSearch(owner=owner)
    search.name, search.query, search.shared = name.strip(), query, shared
    search.full_clean()
    search.save()
    return search


@transaction.atomic
def saved_search_delete(*, search: SavedSearch, user: User) -> None:
    """Delete a saved search; only its owner may."""
    if search.owner_id != user.pk:
        raise PermissionDenied("Only its owner can delete a saved search.")
    search.delete()
