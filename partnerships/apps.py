from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Kết nghĩa")

    def ready(self):
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        # Django saves the user on every sign-in (last_login), which would make each sign-in a
        # version in the account's history; one UPDATE of the column records it without a save.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(_record_last_login, dispatch_uid="partnerships_last_login")

        from simple_history.signals import pre_create_historical_record

        from partnerships.services.audit import name_import_batch

        pre_create_historical_record.connect(name_import_batch, dispatch_uid="partnerships_import_batch")


def _record_last_login(sender, user, **kwargs):
    from django.utils import timezone

    user.last_login = timezone.now()
    type(user)._default_manager.filter(pk=user.pk).update(last_login=user.last_login)
