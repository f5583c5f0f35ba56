from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Tác vụ nền")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app's job kinds register themselves when their `jobs` module is imported.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
