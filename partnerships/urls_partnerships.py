from django.urls import path

from . import views_partnerships as views

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/edit/", views.partnership_update, name="partnership_update"),
    path("partnerships/<int:pk>/end/", views.partnership_end, name="partnership_end"),
    path("partnerships/<int:pk>/agreement/", views.partnership_agreement, name="partnership_agreement"),
]
