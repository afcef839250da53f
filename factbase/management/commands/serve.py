"""Run the whole service: database, migrations, static files (production), seed import, admin
login, gunicorn, job workers.

This is what `make run` calls. The command holds the embedded PostgreSQL (when DATABASE_URL is
unset) for as long as gunicorn runs, so Ctrl-C stops gunicorn and the job workers first and then
the database. A job worker that exits unexpectedly is started again.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Migrate, import the seeds, ensure the admin login, and serve with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("FACTBASE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument(
            "--job-workers",
            type=int,
            default=int(os.environ.get("FACTBASE_JOB_WORKERS", "2")),
            help="Background job workers (webhook deliveries, large extractions); 0 for none.",
        )
        parser.add_argument("--skip-import", action="store_true", help="Do not import the seeds.")

    def handle(self, *args: object, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if isinstance(staticfiles_storage, ManifestFilesMixin):
            # Production serves static files by the hashed names in collectstatic's manifest:
            # without it every page naming one (the admin, the browsable API) is a 500.
            call_command("collectstatic", interactive=False, verbosity=0)
        if "import_seeds" in get_commands() and not options["skip_import"]:
            try:
                # Only seed files not imported before are read, so a journalist's deletions and
                # merges stay as they are and a second start does not extract the seeds again.
                call_command("import_seeds")
            except CommandError as error:  # a bad seed file must not keep the service down
                self.stderr.write(f"Seed import incomplete: {error}")
        call_command("ensure_admin")

        address = f"{options['host']}:{options['port']}"
        child_env = {**os.environ, "DATABASE_URL": settings.DATABASE_URL}
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factbase.asgi",
                # asyncio workers read each request in full before Django runs it: a slow or
                # stalled client holds a socket, never a worker (see factbase/asgi.py).
                "--worker-class",
                "asgi",
                "--asgi-lifespan",
                "off",
                # No control socket: it would be one per user, shared by every instance.
                "--no-control-socket",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
                # How long a request body may stall before the connection is dropped.
                "--timeout",
                str(settings.WEB_REQUEST_TIMEOUT_SECONDS),
            ],
            # Workers use the server this process holds; they neither start nor stop it.
            env=child_env,
        )
        job_workers = JobWorkers(options["job_workers"], child_env, self.stderr)
        base = f"http://{address}"
        # From here on, Ctrl-C (or SIGTERM) at any moment stops gunicorn and the job workers
        # before this process exits and releases the database.
        try:
            # Set for SIGINT too: a process started in the background by a script inherits
            # SIGINT ignored, and Ctrl-C (or `kill -INT`) must stop it all the same.
            signal.signal(signal.SIGINT, _raise_keyboard_interrupt)
            signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
            self.stdout.write(
                self.style.SUCCESS(f"factbase is serving on {base}/")
                + f"\n  admin: {base}/admin/  (user: admin)\n  API:   {base}/api/v1/"
                + "\nCtrl-C stops it."
            )
            started = time.monotonic()
            while (returncode := gunicorn.poll()) is None:
                # The web server first: the job workers start once it answers (or after a
                # minute), so they do not slow its start on a small machine.
                if not job_workers.started and (
                    _accepts(options["host"], options["port"]) or time.monotonic() - started > 60
                ):
                    job_workers.start()
                job_workers.restart_exited()
                time.sleep(0.5)
        except KeyboardInterrupt:
            # A second Ctrl-C must not cut the shutdown short and orphan the children.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            gunicorn.send_signal(signal.SIGTERM)
            job_workers.stop()
            gunicorn.wait()
            self.stdout.write("Stopped.")
            self.stdout.flush()
            return
        job_workers.stop()
        if returncode:
            sys.exit(returncode)


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class JobWorkers:
    """`manage.py run_worker` processes, started again (after a pause) when one exits."""

    RESTART_DELAY = 2.0

    def __init__(self, count: int, env: dict[str, str], log) -> None:
        self.count = count
        self.env = env
        self.log = log
        self.processes: list[subprocess.Popen | None] = [None] * count
        self.exited_at: list[float] = [0.0] * count
        self.started = False

    def _spawn(self) -> subprocess.Popen:
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_worker"]
        process = subprocess.Popen(command, env=self.env)
        self.log.write(f"Job worker started (pid {process.pid}).")
        return process

    def start(self) -> None:
        self.started = True
        for index in range(self.count):
            self.processes[index] = self._spawn()

    def restart_exited(self) -> None:
        now = time.monotonic()
        for index, process in enumerate(self.processes):
            if process is None or process.poll() is None:
                continue
            if not self.exited_at[index]:
                self.log.write(
                    f"Job worker (pid {process.pid}) exited with status {process.returncode};"
                    " restarting."
                )
                self.exited_at[index] = now
            if now - self.exited_at[index] >= self.RESTART_DELAY:
                self.processes[index] = self._spawn()
                self.exited_at[index] = 0.0

    def stop(self) -> None:
        """SIGTERM, then SIGKILL for a worker still busy after a few seconds: a job cut short
        loses nothing (its transaction rolls back) and runs again on the next start."""
        running = [p for p in self.processes if p is not None and p.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
