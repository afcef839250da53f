"""The job queue: enqueue in the caller's transaction, run one job at a time per worker.

A worker takes the oldest ready job with `SELECT ... FOR UPDATE SKIP LOCKED` and keeps that row
lock while the handler runs, in the same transaction that records the outcome. So two workers
never run the same job (the second skips the locked row); a worker that dies mid-job loses its
connection, PostgreSQL rolls its transaction back and releases the lock, and the job is simply
taken again, with none of the dead attempt's writes left behind. A handler's writes commit
together with the job's outcome.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pghistory
from django.db import connection, transaction
from django.utils import timezone

from factbase.users import User
from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

# Postgres channel a worker listens on; jobs and changes to dispatch both notify it.
CHANNEL = "factbase_jobs"
# Advisory lock namespace ("jobs") under which a worker marks the job it is running.
RUNNING_LOCK_CLASS = 0x6A6F6273
# Retry delays after an unexpected error: 10 s, 20 s, 40 s, … at most an hour.
RETRY_BASE_SECONDS = 10
RETRY_MAX_SECONDS = 3600


@dataclass(frozen=True)
class RetryAt:
    """Handler outcome: this attempt failed (its record is kept); try again at `when`."""

    when: datetime
    error: str


@dataclass(frozen=True)
class Failed:
    """Handler outcome: the job failed for good (its writes are kept, e.g. attempt records)."""

    error: str


Handler = Callable[[Job], Any]
_handlers: dict[str, Handler] = {}
_tick_functions: list[Callable[[], Any]] = []


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind`.

    It receives the job and returns its result (JSON data, stored on the job), or `RetryAt` /
    `Failed`. An exception rolls back the handler's writes and counts as a failed attempt,
    retried with backoff while attempts remain.
    """

    def register(handler: Handler) -> Handler:
        _handlers[kind] = handler
        return handler

    return register


def on_tick(function: Callable[[], Any]) -> Callable[[], Any]:
    """Register a function the worker calls before looking for jobs (e.g. to enqueue work)."""
    if function not in _tick_functions:
        _tick_functions.append(function)
    return function


def tick_functions() -> list[Callable[[], Any]]:
    return list(_tick_functions)


def notify_workers() -> None:
    """Wake idle workers when the current transaction commits (NOTIFY is transactional)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def job_enqueue(
    *,
    kind: str,
    payload: dict[str, Any] | None = None,
    run_at: datetime | None = None,
    max_attempts: int = 1,
    created_by: User | None = None,
) -> Job:
    """Queue a job; it becomes visible to workers when the caller's transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"No handler is registered for jobs of kind {kind!r}.")
    job = Job.objects.create(
        kind=kind,
        payload=payload or {},
        run_at=run_at or timezone.now(),
        max_attempts=max_attempts,
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
    )
    notify_workers()
    return job


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff after the `attempt`-th failure."""
    return timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), RETRY_MAX_SECONDS))


def job_run_next(*, worker: str = "worker") -> Job | None:
    """Take the oldest ready job, run it and record the outcome; None when no job is ready."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=JobStatus.QUEUED, run_at__lte=timezone.now())
            .order_by("run_at", "id")
            .first()
        )
        if job is None:
            return None
        _mark_running(job)
        job.attempts += 1
        job.started_at = timezone.now()
        handler = _handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"No handler is registered for jobs of kind {job.kind!r}.")
            context = {"command": "run_worker", "job": job.pk, "worker": worker}
            if job.created_by_id is not None:
                context["user"] = job.created_by_id
            with transaction.atomic(), pghistory.context(**context):
                outcome = handler(job)
        except Exception:
            logger.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
            job.last_error = traceback.format_exc(limit=8)[-5000:]
            if job.attempts < job.max_attempts:
                job.run_at = timezone.now() + retry_delay(job.attempts)
            else:
                job.status = JobStatus.FAILED
                job.finished_at = timezone.now()
        else:
            _record(job, outcome)
        job.save()
    return job


def _record(job: Job, outcome: Any) -> None:
    if isinstance(outcome, RetryAt) and job.attempts < job.max_attempts:
        job.last_error = outcome.error
        job.run_at = outcome.when
        return
    job.finished_at = timezone.now()
    if isinstance(outcome, RetryAt | Failed):
        job.status = JobStatus.FAILED
        job.last_error = outcome.error
    else:
        job.status = JobStatus.SUCCEEDED
        job.result = outcome
        job.last_error = ""


def _lock_key(job: Job) -> tuple[int, int]:
    return RUNNING_LOCK_CLASS, job.pk % 2_147_483_647


def _mark_running(job: Job) -> None:
    """A transaction-scoped advisory lock that others can see in `pg_locks` without taking any
    lock themselves (probing the row lock instead would make the worker skip a polled job)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _lock_key(job))


def job_state(job: Job) -> str:
    """`queued`, `running` (a worker holds it now), `succeeded` or `failed`."""
    if job.status != JobStatus.QUEUED:
        return job.status
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT EXISTS (
                SELECT 1 FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = %s AND objid::bigint = %s
            )
            """,
            _lock_key(job),
        )
        running = cursor.fetchone()[0]
    return "running" if running else JobStatus.QUEUED
