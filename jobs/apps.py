from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: a queue in PostgreSQL and the worker that runs it."""

    name = "jobs"
    verbose_name = "Background jobs"
