from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class FactbaseConfig(AppConfig):
    """Project plumbing (operator commands); holds no models and no domain logic."""

    name = "factbase"
    verbose_name = "factbase"
    default = True

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from factbase import db_router  # noqa: F401  (registers its system check)
        from factbase.timestamp_loading import use_c_timestamptz_loader

        connection_created.connect(use_c_timestamptz_loader, dispatch_uid="c_timestamptz_loader")


class DeskAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the newsroom's admin site (factbase.admin_site)."""

    default = False
    default_site = "factbase.admin_site.DeskAdminSite"
