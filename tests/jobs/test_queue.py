"""The PostgreSQL job queue: each job runs once, failures retry with backoff, crashes lose
nothing."""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.queue import job_enqueue, job_handler, job_run_next, job_state, retry_delay
from jobs.worker import Worker
from sources.models import Entity

runs: list[tuple[int, str]] = []
runs_lock = threading.Lock()
release = threading.Event()


@job_handler("tests.record")
def record(job):
    with runs_lock:
        runs.append((job.pk, threading.current_thread().name))
    release.wait(job.payload.get("wait", 0))
    return {"ran": job.pk}


@job_handler("tests.write_then_fail")
def write_then_fail(job):
    Entity.objects.create(name=f"written by job {job.pk}", kind="person")
    raise RuntimeError("the receiving end is broken")


@job_handler("tests.write_then_block")
def write_then_block(job):
    Entity.objects.create(name=f"written by job {job.pk}", kind="person")
    release.wait(30)
    return "done"


@pytest.fixture(autouse=True)
def _reset():
    runs.clear()
    release.clear()
    yield
    release.set()


def in_thread(target, name):
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_the_same_job():
    jobs = [job_enqueue(kind="tests.record", payload={"wait": 0.02}) for _ in range(30)]
    workers = [Worker(name=f"w{index}", poll_interval=0.1) for index in range(2)]
    threads = [in_thread(lambda w=w: w.run(burst=True), name=w.name) for w in workers]
    for thread in threads:
        thread.join(60)

    ran = sorted(job_id for job_id, _ in runs)
    assert ran == sorted(job.pk for job in jobs)  # every job once, none twice
    assert {name for _, name in runs} == {"w0", "w1"}  # and both workers took part
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    assert Job.objects.get(pk=jobs[0].pk).result == {"ran": jobs[0].pk}


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_rolls_back_its_writes_and_retries_with_growing_delays_then_fails():
    job = job_enqueue(kind="tests.write_then_fail", max_attempts=3)
    delays = []
    for _ in range(3):
        before = timezone.now()
        assert job_run_next().pk == job.pk
        job.refresh_from_db()
        delays.append(job.run_at - before)
        Job.objects.filter(pk=job.pk).update(run_at=timezone.now())  # skip the wait

    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert "the receiving end is broken" in job.last_error
    assert not Entity.objects.filter(name__startswith="written by job").exists()
    # The first two failures were retried later and later; the third was final.
    assert retry_delay(1) <= delays[0] < retry_delay(1) + timedelta(seconds=5)
    assert retry_delay(2) <= delays[1] < retry_delay(2) + timedelta(seconds=5)
    assert retry_delay(2) > retry_delay(1)


@pytest.mark.django_db(transaction=True)
def test_a_job_scheduled_for_later_is_not_run_before_its_time():
    job_enqueue(kind="tests.record", run_at=timezone.now() + timedelta(minutes=5))
    assert job_run_next() is None
    assert runs == []


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_dies_leaves_nothing_behind_and_runs_again():
    job = job_enqueue(kind="tests.write_then_block")
    backend = {}

    def first_worker():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend["pid"] = cursor.fetchone()[0]
        with contextlib.suppress(DatabaseError):  # its connection is killed under it
            job_run_next(worker="doomed")

    thread = in_thread(first_worker, "doomed")
    deadline = timezone.now() + timedelta(seconds=20)
    while job_state(Job.objects.get(pk=job.pk)) != "running" and timezone.now() < deadline:
        pass
    assert job_state(Job.objects.get(pk=job.pk)) == "running"
    assert job_run_next(worker="other") is None  # held by the first worker: skipped

    with connections["default"].cursor() as cursor:  # the first worker's process dies
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend["pid"]])
    release.set()
    thread.join(30)

    assert job_state(Job.objects.get(pk=job.pk)) == JobStatus.QUEUED
    assert not Entity.objects.filter(name=f"written by job {job.pk}").exists()
    assert job_run_next(worker="other").pk == job.pk
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Entity.objects.filter(name=f"written by job {job.pk}").count() == 1


@pytest.mark.django_db
def test_enqueueing_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="No handler"):
        job_enqueue(kind="tests.no_such_kind")
