"""The desk's team work around a claim: notes, its checklist, notifications, saved searches.

Imported by claims/models.py, so the app registers these models; they refer to claims by name
("claims.Claim") so this module can be imported on its own.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower

from factbase.db import ChecksValidatedInPython, history_tracking, max_length_check

NOTE_MAX_CHARS = 5_000
CHECKLIST_ITEM_MAX_CHARS = 200
SAVED_SEARCH_NAME_MAX_CHARS = 100
SAVED_SEARCH_QUERY_MAX_CHARS = 2_000


@history_tracking()
class Note(ChecksValidatedInPython):
    """A journalist's comment on a claim; `@username` mentions notify that colleague."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # A colleague who leaves keeps their notes on the record, unsigned.
        on_delete=models.SET_NULL,
        null=True,
        related_name="claim_notes",
    )
    text = models.TextField(validators=[MaxLengthValidator(NOTE_MAX_CHARS)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="claims_note_not_empty"),
            max_length_check("text", NOTE_MAX_CHARS, name="claims_note_text_max"),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"


@history_tracking()
class ChecklistItem(ChecksValidatedInPython):
    """One task of a claim's checklist ("Find the original source"), done or not, by whom."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(max_length=CHECKLIST_ITEM_MAX_CHARS)
    position = models.PositiveSmallIntegerField(default=0)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                "claim",
                Lower("text"),
                name="claims_checklistitem_unique_task",
                violation_error_message="This claim's checklist already has this task.",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="claims_checklistitem_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", "assigned you a claim"
    MENTIONED = "mentioned", "mentioned you in a note"
    NOTE = "note", "added a note to your claim"


class Notification(ChecksValidatedInPython):
    """Something a colleague did that a journalist should see: unread until they open it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="notifications"
    )
    note = models.ForeignKey(
        Note, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values),
                name="claims_notification_kind_valid",
            )
        ]
        indexes = [
            # The header's unread count and the list of a journalist's notifications.
            models.Index(
                fields=["recipient", "-created_at"],
                name="claims_notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="claims_notification_inbox"),
        ]

    def __str__(self) -> str:
        actor = self.actor.get_username() if self.actor is not None else "Someone"
        return f"{actor} {self.get_kind_display()}"


class SavedSearch(ChecksValidatedInPython):
    """A claim-list search a journalist keeps: its filters, search words and order."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=SAVED_SEARCH_NAME_MAX_CHARS)
    query = models.CharField(
        max_length=SAVED_SEARCH_QUERY_MAX_CHARS,
        blank=True,
        help_text="The claim list's query string: filters, search words and order.",
    )
    shared = models.BooleanField(
        default=False, help_text="Listed for the whole desk, not only for its owner."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "saved searches"
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="claims_savedsearch_unique_name",
                violation_error_message="You already have a saved search with this name.",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="claims_savedsearch_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name
