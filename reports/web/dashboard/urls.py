from django.urls import path

from reports.web.dashboard import views

urlpatterns = [
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/huyen/", views.district_list, name="district_list"),
    path("tong-quan/xa/", views.commune_list, name="commune_list"),
    path("tong-quan/co-quan/", views.agency_list, name="agency_list"),
    path("tong-quan/huyen/<str:code>/", views.district_detail, name="district_detail"),
    path("tong-quan/xa/<str:code>/", views.commune_detail, name="commune_detail"),
    path("tong-quan/co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
]
