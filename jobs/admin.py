"""Background jobs in the admin: what ran, when, how often, and why it failed (read-only)."""

from django.contrib import admin
from django.http import HttpRequest

from jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "attempts", "run_at", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are queued by the application, never typed in

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
