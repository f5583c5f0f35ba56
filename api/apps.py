from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read API (`/api/v1/`): sits on top of partnerships and reports; nothing imports it."""

    name = "api"
    verbose_name = _("API đọc dữ liệu")
    default_auto_field = "django.db.models.BigAutoField"
