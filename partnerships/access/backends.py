"""Django's model backend, with the user's permissions read together with the roles
(`roles.read_access`: one query for both, instead of three)."""

from django.contrib.auth.backends import ModelBackend

from partnerships.access.roles import read_access


class RolesModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            read_access(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)
