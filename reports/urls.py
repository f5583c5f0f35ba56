"""Dashboards and the annual report. Each area keeps its own module."""

from .urls_dashboard import urlpatterns as dashboard_urls
from .urls_annual import urlpatterns as annual_urls

app_name = "reports"
urlpatterns = dashboard_urls + annual_urls
