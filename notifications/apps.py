from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Reminder rules live with the data they read (partnerships, inspections, ...) in a
        # `reminders` module and register themselves; this app never imports them by name.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
