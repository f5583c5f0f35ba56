from django.urls import path

from partnerships.web.exports import views

urlpatterns = [
    path("xuat-excel/<slug:name>/", views.list_export, name="list_export"),
    path("xuat-excel/<slug:name>/trong-nen/", views.list_export_start, name="list_export_start"),
]
