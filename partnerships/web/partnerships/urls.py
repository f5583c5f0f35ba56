from django.urls import path

from partnerships.web.partnerships import views

urlpatterns = [
    path("ket-nghia/", views.partnership_list, name="partnership_list"),
    path("ket-nghia/chuyen-don-vi-moi/", views.partnership_repointing, name="partnership_repointing"),
    path("ket-nghia/chuyen-don-vi-moi/hoat-dong/", views.activity_repointing, name="activity_repointing"),
    path("ket-nghia/them/", views.partnership_create, name="partnership_create"),
    path("ket-nghia/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("ket-nghia/<int:pk>/sua/", views.partnership_update, name="partnership_update"),
    path("ket-nghia/<int:pk>/ket-thuc/", views.partnership_end, name="partnership_end"),
    path("ket-nghia/<int:pk>/van-ban/", views.partnership_agreement, name="partnership_agreement"),
]
