"""A background job: work queued in PostgreSQL and run by a worker (`manage.py run_worker`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    # A queued job that a worker has taken is still `queued` in the table until it finishes (the
    # worker holds its row lock meanwhile); `queue.job_state` reports it as running.
    QUEUED = "queued", "Queued"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """One unit of background work: which handler runs it, with what, and how it went."""

    kind = models.CharField(max_length=100, help_text="The registered handler that runs it.")
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    run_at = models.DateTimeField(default=timezone.now, help_text="Not run before this time.")
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=1)
    result = models.JSONField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="jobs_job_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="jobs_job_max_attempts_positive"
            ),
        ]
        indexes = [
            # The worker's scan: ready jobs in order, among only the queued ones.
            models.Index(
                fields=["run_at", "id"],
                name="jobs_job_ready",
                condition=models.Q(status="queued"),
            ),
            models.Index(fields=["kind", "status"], name="jobs_job_kind_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
