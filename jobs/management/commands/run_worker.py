"""`manage.py run_worker`: run background jobs (webhook deliveries, page extractions)."""

import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.worker import Worker


class Command(BaseCommand):
    help = "Run queued background jobs until stopped (SIGTERM or Ctrl-C finish the current job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Exit once no job is ready instead of waiting."
        )
        parser.add_argument(
            "--poll-interval",
            type=float,
            default=1.0,
            help="Seconds between looks at the queue when no notification arrives (default 1).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        worker = Worker(poll_interval=options["poll_interval"])

        def stop(signum: int, frame: FrameType | None) -> None:
            worker.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Worker {worker.name} started.")
        self.stdout.flush()
        done = worker.run(burst=options["burst"])
        self.stdout.write(f"Worker {worker.name} stopped after {done} job(s).")
