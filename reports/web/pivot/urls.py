from django.urls import path

from reports.web.pivot import views

urlpatterns = [
    path("kham-pha/", views.pivot_page, name="pivot"),
    path("kham-pha/luu/", views.pivot_view_save, name="pivot_view_save"),
    path("kham-pha/<int:pk>/xoa/", views.pivot_view_delete, name="pivot_view_delete"),
]
