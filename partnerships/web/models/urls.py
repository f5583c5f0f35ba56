from django.urls import path

from partnerships.web.models import views

urlpatterns = [
    path("mo-hinh/", views.model_list, name="model_list"),
    path("mo-hinh/them/", views.model_create, name="model_create"),
    path("mo-hinh/<int:pk>/", views.model_detail, name="model_detail"),
    path("mo-hinh/<int:pk>/sua/", views.model_update, name="model_update"),
]
