"""Make sure the superuser `admin` exists, so a fresh install can be logged into."""

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from factbase.private_files import write_private_file

PASSWORD_FILE_NAME = "admin_password"


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if missing. The password is FACTBASE_ADMIN_PASSWORD, or a "
        "generated one printed once and kept in var/admin_password."
    )

    def handle(self, *args: object, **options: Any) -> None:
        users = get_user_model()
        if users.objects.filter(username="admin").exists():
            self.stdout.write("Superuser 'admin' exists.")
            return
        chosen = os.environ.get("FACTBASE_ADMIN_PASSWORD", "")
        password = chosen or secrets.token_urlsafe(12)
        users.objects.create_superuser("admin", email="", password=password)
        if chosen:
            self.stdout.write(
                "Created superuser 'admin' with the password in FACTBASE_ADMIN_PASSWORD."
            )
            return
        path = Path(settings.VAR_DIR) / PASSWORD_FILE_NAME
        write_private_file(path, password + "\n")
        self.stdout.write(
            self.style.SUCCESS(f"Created superuser 'admin' with password: {password}")
            + f"\n(kept in {path}; change it in the admin)"
        )
