from django.urls import path

from partnerships.web.plans import views

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ket-nghia/<int:partnership_pk>/ke-hoach/<int:year>/", views.plan_results, name="plan_results"),
    path("ket-nghia/<int:partnership_pk>/ke-hoach/<int:year>/sua/", views.plan_edit, name="plan_edit"),
]
