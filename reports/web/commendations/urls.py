from django.urls import path

from reports.web.commendations import views

urlpatterns = [
    path("so-ket-tong-ket/<int:pk>/de-xuat-khen-thuong/", views.commendations_propose, name="commendations_propose"),
]
