"""manage.py create_token USER: an API token for a tool (shown once; stored hashed)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import get_token_model
from knox.settings import knox_settings


class Command(BaseCommand):
    help = "Create an API token for USER and print it (it cannot be shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        expiry = parser.add_mutually_exclusive_group()
        expiry.add_argument(
            "--days", type=int, help="Days until the token expires (default: REST_KNOX TTL)."
        )
        expiry.add_argument("--no-expiry", action="store_true", help="A token that never expires.")

    def handle(self, *args, username, days=None, no_expiry=False, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"No user called {username!r}.") from error
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        ttl = None if no_expiry else timedelta(days=days) if days else knox_settings.TOKEN_TTL
        instance, token = get_token_model().objects.create(user=user, expiry=ttl)
        expires = instance.expiry.isoformat() if instance.expiry else "never"
        self.stderr.write(f"Token for {username} (expires {expires}); it is not shown again:")
        self.stdout.write(token)
