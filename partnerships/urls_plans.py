from django.urls import path

from . import views_plans as views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("partnerships/<int:partnership_pk>/plans/<int:year>/", views.plan_results, name="plan_results"),
    path("partnerships/<int:partnership_pk>/plans/<int:year>/edit/", views.plan_edit, name="plan_edit"),
]
