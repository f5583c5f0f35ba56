from django.urls import path

from . import views_annual

urlpatterns = [
    path("annual/", views_annual.annual, name="annual"),
    path("annual/download/<str:kind>/", views_annual.annual_download, name="annual_download"),
    path("annual/finalised/<int:pk>/<str:kind>/", views_annual.finalised_file, name="annual_finalised_file"),
    path("annual/finalise/", views_annual.annual_finalise, name="annual_finalise"),
    path("annual/reopen/", views_annual.annual_reopen, name="annual_reopen"),
    path("annual/evaluation/", views_annual.annual_evaluation, name="annual_evaluation"),
]
