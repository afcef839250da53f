from django.apps import AppConfig


class SourcesConfig(AppConfig):
    """Documents claims come from, and the people and organisations behind them."""

    name = "sources"
    verbose_name = "Sources and entities"
