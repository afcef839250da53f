"""URL configuration: the admin site and the REST API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from claims.extraction_views import ExtractingSourceViewSet, ExtractionStatusView
from claims.factcheck_views import FactCheckDiscoveryView, FactCheckSearchView
from claims.relation_views import ClaimRelationViewSet
from claims.views import CitationViewSet, ClaimReviewFeedView, ClaimViewSet
from events.api import SubscriptionViewSet
from events.views import EventFeedView
from factbase.api.auth_views import LoginView, LogoutAllView, LogoutView
from factbase.api.docs_views import DocsView, SchemaView
from factbase.api.router import FactbaseRouter
from sources.views import EntityViewSet

router = FactbaseRouter()
# Sources, with `?extract=true` on POST (the claims app adds extraction to the sources view).
router.register("sources", ExtractingSourceViewSet, basename="source")
router.register("entities", EntityViewSet, basename="entity")
router.register("claims", ClaimViewSet, basename="claim")
router.register("citations", CitationViewSet, basename="citation")
router.register("relations", ClaimRelationViewSet, basename="relation")
router.register("webhooks", SubscriptionViewSet, basename="webhook")

api_urlpatterns = [
    path("auth/login/", LoginView.as_view(), name="api-login"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/logoutall/", LogoutAllView.as_view(), name="api-logoutall"),
    path("claimreview/", ClaimReviewFeedView.as_view(), name="claimreview-feed"),
    path("events/", EventFeedView.as_view(), name="event-feed"),
    path("extractions/<int:pk>/", ExtractionStatusView.as_view(), name="extraction-detail"),
    path("factcheck/claims:search", FactCheckSearchView.as_view(), name="factcheck-search"),
    path(
        "factcheck/$discovery/rest",
        FactCheckDiscoveryView.as_view(),
        name="factcheck-discovery",
    ),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]

urlpatterns = [
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urlpatterns)),
    path("api-auth/", include("rest_framework.urls")),
]

# JSON error bodies for /api/ paths that no view handled (HTML elsewhere).
handler400 = "factbase.api.errors.handler400"
handler403 = "factbase.api.errors.handler403"
handler404 = "factbase.api.errors.handler404"
handler500 = "factbase.api.errors.handler500"
