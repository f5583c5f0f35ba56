"""Django's model backend, with the user's permissions read together with the roles
(`roles.read_access`: one query for both, instead of three)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from partnerships.access.roles import read_access


class RolesModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            read_access(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def get_user(self, user_id):
        """Django's, with no user (not an error) for a session key that is not an id."""
        try:
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        return super().get_user(user_id)
