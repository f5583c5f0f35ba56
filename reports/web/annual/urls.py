from django.urls import path

from reports.web.annual import views as views_annual

urlpatterns = [
    path("bao-cao-nam/", views_annual.annual, name="annual"),
    path("bao-cao-nam/tai-ve/<str:kind>/", views_annual.annual_download, name="annual_download"),
    path("bao-cao-nam/tao-tep/<str:kind>/", views_annual.annual_build, name="annual_build"),
    path("bao-cao-nam/ban-da-chot/<int:pk>/<str:kind>/", views_annual.finalised_file, name="annual_finalised_file"),
    path("bao-cao-nam/chot/", views_annual.annual_finalise, name="annual_finalise"),
    path("bao-cao-nam/mo-lai/", views_annual.annual_reopen, name="annual_reopen"),
    path("bao-cao-nam/danh-gia/", views_annual.annual_evaluation, name="annual_evaluation"),
]
