"""The API router class; `factbase.urls` builds the router and registers every app's viewsets."""

from rest_framework.routers import APIRootView, DefaultRouter

from factbase.api.views import ThrottleFirstMixin


class FactbaseRootView(ThrottleFirstMixin, APIRootView):
    """The resources of the factbase API; see /api/v1/docs/ for the full reference."""


class FactbaseRouter(DefaultRouter):
    APIRootView = FactbaseRootView
    include_format_suffixes = False
