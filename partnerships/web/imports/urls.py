from django.urls import path

from partnerships.web.imports import views

urlpatterns = [
    path("nhap-excel/", views.import_upload, name="import_upload"),
    path("nhap-excel/tep-mau.xlsx", views.import_template, name="import_template"),
    path("nhap-excel/xac-nhan/", views.import_confirm, name="import_confirm"),
]
