from django.urls import path

from partnerships.web.audit import views

urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit"),
    path("nhat-ky/xuat-excel/", views.audit_export, name="audit_export"),
]
