"""Account URLs: Django's auth views under /accounts/ (names as Django expects), user management."""

from django.contrib.auth import views as auth_views
from django.urls import path

from partnerships.web.accounts import views

# Django's own names (login, password_reset_confirm, ...), unprefixed: its views reverse them.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("them/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_edit, name="user_edit"),
    path("<int:pk>/<str:action>/", views.user_action, name="user_action"),
]
