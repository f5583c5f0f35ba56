from django.urls import path

from partnerships.web.reminders import views

urlpatterns = [
    path("nhac-viec/", views.reminder_list, name="reminder_list"),
    path("nhac-viec/<int:pk>/", views.reminder_list, name="reminder_edit"),
]
