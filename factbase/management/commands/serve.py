"""Run the whole service: database, migrations, seed import, admin login, gunicorn.

This is what `make run` calls. The command holds the embedded PostgreSQL (when DATABASE_URL is
unset) for as long as gunicorn runs, so Ctrl-C stops gunicorn first and then the database.
"""

import os
import signal
import subprocess
import sys
from types import FrameType

from django.conf import settings
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
        parser.add_argument("--skip-import", action="store_true", help="Do not import the seeds.")

    def handle(self, *args: object, **options: object) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if "import_seeds" in get_commands() and not options["skip_import"]:
            try:
                call_command("import_seeds")
            except CommandError as error:  # a bad seed file must not keep the service down
                self.stderr.write(f"Seed import incomplete: {error}")
        call_command("ensure_admin")

        address = f"{options['host']}:{options['port']}"
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factbase.wsgi",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
                # Posting a long page for extraction can take tens of seconds.
                "--timeout",
                "120",
            ],
            # Workers use the server this process holds; they neither start nor stop it.
            env={**os.environ, "DATABASE_URL": settings.DATABASE_URL},
        )
        base = f"http://{address}"
        # From here on, Ctrl-C (or SIGTERM) at any moment stops gunicorn before this process
        # exits and releases the database.
        try:
            signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
            self.stdout.write(
                self.style.SUCCESS(f"factbase is serving on {base}/")
                + f"\n  admin: {base}/admin/  (user: admin)\n  API:   {base}/api/v1/"
                + "\nCtrl-C stops it."
            )
            returncode = gunicorn.wait()
        except KeyboardInterrupt:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait()
            self.stdout.write("Stopped.")
            self.stdout.flush()
            return
        if returncode:
            sys.exit(returncode)
