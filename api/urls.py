"""/api/: the schema, its documentation page (served locally: drf-spectacular-sidecar), the
read-only resources under /api/v1/, and the user's own token page."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views, web

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("models", views.DevelopmentModelViewSet, basename="model")
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/figures/", views.FiguresView.as_view(), name="figures"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("tai-khoan/khoa-api/", web.token_list, name="tokens"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", web.token_revoke, name="token_revoke"),
]
