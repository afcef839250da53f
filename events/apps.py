from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The change feed (every create, update, delete, merge and publish) and webhooks."""

    name = "events"
    verbose_name = "Change events and webhooks"

    def ready(self) -> None:
        from events import webhooks  # noqa: F401 - registers the worker's dispatch and delivery
