"""The product's URLs, and under /bench/ the two references each endpoint is measured beside."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.reference import sql, viewsets
from factbase.urls import handler400, handler403, handler404, handler500  # noqa: F401
from factbase.urls import urlpatterns as product_urlpatterns

router = SimpleRouter()
router.register("claims", viewsets.ClaimViewSet, basename="reference-claim")
router.register("sources", viewsets.SourceViewSet, basename="reference-source")
router.register("entities", viewsets.EntityViewSet, basename="reference-entity")
router.register("citations", viewsets.CitationViewSet, basename="reference-citation")

urlpatterns = [
    *product_urlpatterns,
    path("bench/drf/", include(router.urls)),
    path("bench/sql/<str:name>/", sql.page, name="reference-sql"),
    path("bench/sql/<str:name>/<int:pk>/", sql.page, name="reference-sql-detail"),
]
