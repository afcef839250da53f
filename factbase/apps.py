from django.apps import AppConfig


class FactbaseConfig(AppConfig):
    """Project plumbing (operator commands); holds no models and no domain logic."""

    name = "factbase"
    verbose_name = "factbase"
