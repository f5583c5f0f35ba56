from django.urls import path

from . import views_import as views

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
