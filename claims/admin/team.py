"""The desk's team work in the admin: a claim's notes and checklist (POST endpoints under the
claim's admin URL), a journalist's notifications, and saved searches of the claim list.

Every write goes through claims.team; a refusal or an invalid entry comes back as a message on
the claim page, never as an error page.
"""

from urllib.parse import parse_qsl, urlencode

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ERROR_FLAG, PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from claims.models import ChecklistItem, Claim, Notification, SavedSearch
from claims.team import (
    checklist_item_add,
    checklist_item_set_done,
    checklist_start,
    note_create,
    notifications_mark_read,
    saved_search_delete,
    saved_search_save,
)
from factbase.users import acting_user

# A saved search keeps the claim list's filters, search words and order; not the page
# number, the popup and error flags.
UNSAVED_PARAMS = {PAGE_VAR, IS_POPUP_VAR, TO_FIELD_VAR, ERROR_FLAG, "_changelist_filters"}


def claim_page(claim: Claim, request: HttpRequest, anchor: str = "") -> HttpResponseRedirect:
    """Back to the claim's page, keeping the list it was opened from (for next/previous)."""
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    filters = request.POST.get("_changelist_filters") or request.GET.get("_changelist_filters")
    if filters:
        url += "?" + urlencode({"_changelist_filters": filters})
    return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))


def _claim_to_work_on(model_admin, request: HttpRequest, object_id: str) -> Claim:
    claim = model_admin.get_object(request, object_id)
    if claim is None:
        raise Http404("No such claim.")
    if not model_admin.has_change_permission(request, claim):
        raise PermissionDenied("Only journalists who may change claims can add notes or tasks.")
    return claim


def _report(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def note_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
    """Add a note to the claim; @mentioned colleagues and the assignee are notified."""
    claim = _claim_to_work_on(model_admin, request, object_id)
    try:
        note = note_create(
            claim=claim, author=acting_user(request), text=request.POST.get("text", "")
        )
    except ValidationError as error:
        _report(request, error)
    else:
        told = note.notifications.count()
        messages.success(request, f"Note added{f'; {told} colleague(s) notified' if told else ''}.")
    return claim_page(claim, request, "fb-notes")


def checklist_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponseRedirect:
    """Start the standard checklist ("start"), add a task ("add"), or tick or untick one
    ("done:<id>", "undone:<id>")."""
    claim = _claim_to_work_on(model_admin, request, object_id)
    action, _, item_id = request.POST.get("checklist", "").partition(":")
    try:
        if action == "start":
            checklist_start(claim=claim)
        elif action == "add":
            checklist_item_add(claim=claim, text=request.POST.get("text", ""))
        elif action in ("done", "undone"):
            if not item_id.isascii() or not item_id.isdigit():
                raise Http404("No such task.")
            item = get_object_or_404(ChecklistItem, claim=claim, pk=int(item_id))
            checklist_item_set_done(item=item, done=action == "done", user=acting_user(request))
        else:
            messages.error(request, "Choose what to do with the checklist.")
    except ValidationError as error:
        _report(request, error)
    return claim_page(claim, request, "fb-checklist")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A journalist's own notifications: assignments and notes by colleagues, newest first."""

    menu_rank = 1
    list_display = ["what", "claim_link", "created_at", "unread"]
    list_display_links = None
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    list_per_page = 50
    actions = ["mark_read"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return (
            super()
            .get_queryset(request)
            .filter(recipient=request.user)
            .select_related("actor", "claim", "note")
        )

    # Everyone on the desk has notifications; only their own are listed, none are typed in.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = self.has_module_permission(request)
        return allowed and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="notification")
    def what(self, notification: Notification) -> str:
        url = reverse("admin:claims_notification_open", args=[notification.pk])
        quoted = f": “{notification.note}”" if notification.note_id else ""
        return format_html('<a href="{}">{}{}</a>', url, notification, quoted)

    @admin.display(description="claim")
    def claim_link(self, notification: Notification) -> str:
        return format_html("#{}: {}", notification.claim_id, notification.claim)

    @admin.display(description="unread", boolean=True)
    def unread(self, notification: Notification) -> bool:
        return notification.read_at is None

    @admin.action(description="Mark selected notifications read")
    def mark_read(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        marked = notifications_mark_read(
            user=acting_user(request), ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"{marked} notification(s) marked read.", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<int:notification_id>/open/",
                self.admin_site.admin_view(self.open_view),
                name="claims_notification_open",
            ),
            path(
                "read-all/",
                self.admin_site.admin_view(require_POST(self.read_all_view)),
                name="claims_notification_read_all",
            ),
            *super().get_urls(),
        ]

    def open_view(self, request: HttpRequest, notification_id: int) -> HttpResponseRedirect:
        """Open what a notification is about (and count it as read)."""
        notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
        notifications_mark_read(user=acting_user(request), ids=[notification.pk])
        anchor = "fb-notes" if notification.note_id else ""
        url = reverse("admin:claims_claim_change", args=[notification.claim_id])
        return HttpResponseRedirect(url + (f"#{anchor}" if anchor else ""))

    def read_all_view(self, request: HttpRequest) -> HttpResponseRedirect:
        marked = notifications_mark_read(user=acting_user(request))
        self.message_user(request, f"{marked} notification(s) marked read.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:claims_notification_changelist"))


def saved_query(query_string: str) -> str:
    """The parts of a claim-list query string worth keeping in a saved search."""
    pairs = [(k, v) for k, v in parse_qsl(query_string.lstrip("?")) if k not in UNSAVED_PARAMS]
    return urlencode(pairs)


def saved_searches_for(user) -> list[SavedSearch]:
    """The user's own saved searches and those their colleagues share, by name."""
    return list(SavedSearch.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner"))


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Saved searches of the claim list: one's own, and the desk's shared ones."""

    menu_rank = 2
    list_display = ["run", "owner", "shared", "created_at"]
    list_display_links = None
    actions = ["delete_own"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SavedSearch]:
        return (
            super()
            .get_queryset(request)
            .filter(Q(owner=request.user) | Q(shared=True))
            .select_related("owner")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request) and (
            obj is None or obj.shared or obj.owner_id == request.user.pk
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # saved from the claim list ("Save this search")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the action below deletes one's own only

    @admin.display(description="saved search")
    def run(self, search: SavedSearch) -> str:
        url = reverse("admin:claims_claim_changelist") + "?" + search.query
        return format_html('<a href="{}">{}</a>', url, search.name)

    @admin.action(description="Delete selected saved searches (your own)")
    def delete_own(self, request: HttpRequest, queryset: QuerySet[SavedSearch]) -> None:
        selected = list(queryset)
        own = [search for search in selected if search.owner_id == request.user.pk]
        for search in own:
            saved_search_delete(search=search, user=acting_user(request))
        skipped = len(selected) - len(own)
        note = f" ({skipped} shared by colleagues left alone)" if skipped else ""
        self.message_user(request, f"{len(own)} saved search(es) deleted{note}.")

    def get_urls(self):
        return [
            path(
                "save/",
                self.admin_site.admin_view(require_POST(self.save_view)),
                name="claims_savedsearch_save",
            ),
            *super().get_urls(),
        ]

    def save_view(self, request: HttpRequest) -> HttpResponseRedirect:
        """Save the claim list's current search under a name."""
        query = saved_query(request.POST.get("query", ""))
        try:
            search = saved_search_save(
                owner=acting_user(request),
                name=request.POST.get("name", ""),
                query=query,
                shared=bool(request.POST.get("shared")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Search saved as “{search.name}”.")
        return HttpResponseRedirect(
            reverse("admin:claims_claim_changelist") + (f"?{query}" if query else "")
        )
