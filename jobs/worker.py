"""The worker loop: run tick functions, run ready jobs, then sleep until notified or polled."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)

from jobs.queue import CHANNEL, job_run_next, tick_functions

logger = logging.getLogger(__name__)


class Worker:
    """Runs jobs until stopped; `burst` runs until nothing is ready and returns.

    It sleeps on PostgreSQL's LISTEN, so a job (or a change to dispatch) is picked up as soon as
    its transaction commits, and polls every `poll_interval` seconds anyway (for jobs scheduled
    for later, and notifications lost while the database was away).
    """

    def __init__(self, *, name: str | None = None, poll_interval: float = 1.0) -> None:
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        self.poll_interval = poll_interval
        self.stopping = threading.Event()
        self._listening_on = None

    def stop(self) -> None:
        """Finish the job in hand, then return from `run`."""
        self.stopping.set()

    def run(self, *, burst: bool = False) -> int:
        """Run jobs; returns how many were run."""
        done = 0
        while not self.stopping.is_set():
            try:
                self._listen()
                ran = self.run_ready()
                done += ran
                if burst and ran == 0:
                    break
                if ran == 0:
                    self._wait()
            except (OperationalError, InterfaceError) as error:
                # The database went away: drop the connection and try again shortly.
                logger.warning("Worker %s lost the database (%s); retrying.", self.name, error)
                self._reset_connection()
                self.stopping.wait(min(5.0, self.poll_interval * 2))
        return done

    def run_ready(self) -> int:
        """Run tick functions, then every job that is ready; returns how many jobs ran."""
        for function in tick_functions():
            try:
                function()
            except DatabaseError:
                raise
            except Exception:
                logger.exception("Worker tick %s failed", function.__qualname__)
        ran = 0
        while not self.stopping.is_set() and job_run_next(worker=self.name) is not None:
            ran += 1
        return ran

    def _listen(self) -> None:
        connection.ensure_connection()
        raw = connection.connection
        if raw is not self._listening_on:
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
            self._listening_on = raw

    def _wait(self) -> None:
        """Until a notification arrives, the poll interval passes or the worker is stopped."""
        deadline = time.monotonic() + self.poll_interval
        raw = connection.connection
        while not self.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            # Short slices, so a stop request is honoured within a fraction of a second.
            if any(True for _ in raw.notifies(timeout=min(remaining, 0.5), stop_after=1)):
                # Drain what else arrived, so a burst of commits means one wake-up.
                for _ in raw.notifies(timeout=0.01):
                    pass
                return

    def _reset_connection(self) -> None:
        self._listening_on = None
        with contextlib.suppress(DatabaseError):
            connection.close()
        close_old_connections()
