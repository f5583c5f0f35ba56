"""Everything about activities (the home page is the portal's)."""

from django.urls import path

from partnerships.web.activities import views

urlpatterns = [
    path("hoat-dong/", views.activity_list, name="activity_list"),
    path("hoat-dong/xuat-excel/", views.activity_export, name="activity_export"),
    path("hoat-dong/xuat-excel/trong-nen/", views.activity_export_start, name="activity_export_start"),
    path("hoat-dong/them/", views.activity_create, name="activity_create"),
    path("hoat-dong/hang-loat/<slug:action>/", views.activity_bulk, name="activity_bulk"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_update, name="activity_update"),
    path("hoat-dong/<int:pk>/tep/", views.activity_attachment_add, name="activity_attachment_add"),
    path("hoat-dong/<int:pk>/tep/<int:attachment_pk>/", views.activity_attachment, name="activity_attachment"),
    path(
        "hoat-dong/<int:pk>/tep/<int:attachment_pk>/xoa/",
        views.activity_attachment_delete,
        name="activity_attachment_delete",
    ),
    path("hoat-dong/<int:pk>/<slug:action>/", views.activity_action, name="activity_action"),
]
