from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Checkable statements, their editorial state, and the citations that anchor them."""

    name = "claims"
    verbose_name = "Claims and citations"

    def ready(self) -> None:
        from claims import checks  # noqa: F401  (registers the system checks)
        from claims.services import source_body_guard
        from sources.services import body_guard_register

        # A cited source's text may not change: sources asks, not knowing of citations.
        body_guard_register(source_body_guard)
