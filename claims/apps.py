from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Checkable statements, their editorial state, and the citations that anchor them."""

    name = "claims"
    verbose_name = "Claims and citations"

    def ready(self) -> None:
        from claims import checks  # noqa: F401  (registers the system checks)
