"""Dashboards and the annual report. Each area keeps its own module."""

from reports.web.annual.urls import urlpatterns as annual_urls
from reports.web.commendations.urls import urlpatterns as commendation_urls
from reports.web.dashboard.urls import urlpatterns as dashboard_urls
from reports.web.pivot.urls import urlpatterns as pivot_urls

app_name = "reports"
urlpatterns = dashboard_urls + pivot_urls + annual_urls + commendation_urls
