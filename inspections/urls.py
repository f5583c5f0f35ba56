from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("kiem-tra/", views.inspection_list, name="list"),
    path("kiem-tra/them/", views.inspection_create, name="create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="detail"),
    path("kiem-tra/<int:pk>/sua/", views.inspection_update, name="update"),
    path("kiem-tra/<int:pk>/ket-qua/", views.inspection_record, name="record"),
    path("kiem-tra/<int:pk>/huy/", views.inspection_cancel, name="cancel"),
    path("kiem-tra/<int:pk>/tep/", views.inspection_file_add, name="file_add"),
    path("kiem-tra/<int:pk>/tep/<int:file_pk>/", views.inspection_file, name="file"),
    path("kien-nghi/<int:pk>/bao-cao/", views.recommendation_report, name="recommendation_report"),
    path("kien-nghi/<int:pk>/minh-chung/", views.recommendation_evidence, name="recommendation_evidence"),
    path("so-ket-tong-ket/", views.review_list, name="review_list"),
    path("so-ket-tong-ket/them/", views.review_create, name="review_create"),
    path("so-ket-tong-ket/<int:pk>/", views.review_detail, name="review_detail"),
    path("so-ket-tong-ket/<int:pk>/sua/", views.review_update, name="review_update"),
    path("so-ket-tong-ket/<int:pk>/tai-lieu/", views.review_file_add, name="review_file_add"),
    path("so-ket-tong-ket/<int:pk>/tai-lieu/<int:file_pk>/", views.review_file, name="review_file"),
    path("so-ket-tong-ket/<int:pk>/khen-thuong/them/", views.commendation_edit, name="commendation_add"),
    path("so-ket-tong-ket/<int:pk>/khen-thuong/<int:commendation_pk>/", views.commendation_edit,
         name="commendation_edit"),
    path("so-ket-tong-ket/<int:pk>/khen-thuong/<int:commendation_pk>/xoa/", views.commendation_delete,
         name="commendation_delete"),
    path("so-ket-tong-ket/<int:pk>/khen-thuong.<str:fmt>", views.commendation_export, name="commendation_export"),
]
