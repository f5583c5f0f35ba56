from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("chua-doc/", views.unread, name="unread"),
    path("<int:pk>/mo/", views.open_notice, name="open"),
    path("da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
    path("thu-dien-tu/", views.email_preference, name="email_preference"),
]
