"""Django's model backend, with the user's permissions read together with the roles
(`roles.read_access`: one query for both, instead of three), and the session's user read by a
statement the ORM writes once."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection

from partnerships.access.roles import read_access


@functools.cache
def _user_by_pk_sql(vendor: str) -> str:
    """The ORM's own SELECT of one user by primary key, compiled once per database vendor."""
    sql, params = get_user_model()._default_manager.filter(pk=0).query.sql_with_params()
    if params != (0,):  # the key is the statement's only parameter
        raise AssertionError(f"unexpected parameters {params!r} in {sql}")
    return sql


class RolesModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            read_access(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def get_user(self, user_id):
        """ModelBackend.get_user, with the row read by `Manager.raw()` over the ORM's own
        statement, compiled once: the ORM's `get(pk=...)` builds and compiles its query again on
        every request, 0,4 ms of CPU of a cached dashboard view's 2,9 (docs/performance.md,
        "Through gunicorn"); `raw()` makes the row a User with the ORM's converters and
        `from_db`, as `get()` does. No user (not an error) for a session key that is not an id."""
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = next(iter(model._default_manager.raw(_user_by_pk_sql(connection.vendor), [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
