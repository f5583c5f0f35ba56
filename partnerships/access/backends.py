"""Django's model backend, with the user's permissions read together with the roles
(`roles.read_access`: one query for both, instead of three), and the signed-in user's row read
by a query written once."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connection

from partnerships.access.roles import read_access


class RolesModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if user_obj.is_active and not user_obj.is_anonymous and obj is None:
            read_access(user_obj)
        return super()._get_permissions(user_obj, obj, from_name)

    def get_user(self, user_id):
        """Django's `get_user`: the session's user, if they may still sign in, read on every
        request. Through the ORM (`objects.get(pk=...)`) building the query and the instance cost
        ≈ 2 ms of CPU under load for a row the database answers in 0,1 ms (docs/performance.md,
        "Through gunicorn"); the same SELECT is written once and its row made into a User as the
        ORM does (the database's converters, `from_db`)."""
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, columns = _user_query(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, column, converters in _converters(columns):
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        user = model.from_db(connection.alias, [column.target.attname for column in columns], values)
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_query(vendor: str) -> tuple[str, list]:
    """What `User.objects.get(pk=...)` sends (every concrete column, the key its one parameter),
    with the columns in the order it selects them."""
    model = get_user_model()
    sql, params = model._default_manager.filter(pk=0).query.get_compiler(connection=connection).as_sql()
    assert list(params) == [0], params
    return sql, [field.get_col(model._meta.db_table) for field in model._meta.concrete_fields]


def _converters(columns) -> list:
    """The database's converters of the columns that have any (SQLite's dates and booleans;
    none on PostgreSQL), as the ORM applies them: kept on the thread's connection, whose
    methods they are."""
    converters = getattr(connection, "ketnghia_user_converters", None)
    if converters is None:
        converters = [(index, column, found) for index, column in enumerate(columns)
                      if (found := connection.ops.get_db_converters(column) + column.get_db_converters(connection))]
        connection.ketnghia_user_converters = converters
    return converters
