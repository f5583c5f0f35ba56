"""Roles are Django groups (created by a migration with their model permissions).

Group names are what administrators see in the admin, so they are Vietnamese; code refers to
them only through these constants.
"""

import functools
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    OFFICER = "Cán bộ đầu mối cơ quan, đơn vị"
    FOCAL_POINT = "Cán bộ đầu mối địa phương"
    COORDINATOR = "Cán bộ tổng hợp cấp tỉnh"
    LEADER = "Lãnh đạo tỉnh"
    ADMINISTRATOR = "Quản trị hệ thống"


ROLE_LABELS = {
    Role.OFFICER: _("Cán bộ đầu mối cơ quan, đơn vị"),
    Role.FOCAL_POINT: _("Cán bộ đầu mối địa phương"),
    Role.COORDINATOR: _("Cán bộ tổng hợp cấp tỉnh"),
    Role.LEADER: _("Lãnh đạo tỉnh"),
    Role.ADMINISTRATOR: _("Quản trị hệ thống"),
}

# Which roles see every row (the province-wide view). Officers and focal points are scoped.
PROVINCE_WIDE_ROLES = {Role.COORDINATOR, Role.LEADER, Role.ADMINISTRATOR}


def roles_of(user) -> set[Role]:
    """The user's roles, read once per request with their permissions (`read_access`)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    read_access(user)
    return user._ketnghia_roles


def read_access(user) -> None:
    """Read the user's groups and permissions in one query and keep them on the user object for
    the request: the roles for `roles_of`, the permissions where Django's ModelBackend keeps its
    own (`_user_perm_cache`, `_group_perm_cache`), so that `has_perm` reads nothing more.

    Every page's menu asks both (docs/performance.md, "Through gunicorn"): Django alone reads the
    groups, the user's permissions and the groups' permissions in three queries. Nothing outlives
    the request, so a role revoked in the admin holds from the next request on.
    A superuser's permissions are all of them: Django's backend reads those itself."""
    if getattr(user, "_ketnghia_roles", None) is not None:
        return
    from django.db import connection

    from common.db import prepared_cursor

    with prepared_cursor() as cursor:  # planned once per connection: five tables, 0,44 ms to plan
        cursor.execute(_access_sql(connection.vendor), [user.pk, user.pk])
        rows = cursor.fetchall()
    names, group_perms, user_perms = set(), set(), set()
    for role, app, codename in rows:
        if role is None:
            user_perms.add(f"{app}.{codename}")
            continue
        names.add(role)
        if codename is not None:
            group_perms.add(f"{app}.{codename}")
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    else:
        user._user_perm_cache, user._group_perm_cache = user_perms, group_perms
    user._ketnghia_roles = roles


@functools.cache
def _access_sql(vendor: str) -> str:
    """The query of `read_access` as SQL, written once from the models' tables: the user's groups
    with their permissions (one row per pair; a group without any, once with NULLs), then the
    user's own permissions (role NULL). Built through the ORM on every request it cost about
    3 ms of Python (docs/performance.md, "Through gunicorn"); the database's part is 0,1 ms."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    q = connection.ops.quote_name
    user_model = get_user_model()
    groups = user_model._meta.get_field("groups")
    own = user_model._meta.get_field("user_permissions")
    granted = Group._meta.get_field("permissions")
    group, permission, content_type = (q(model._meta.db_table) for model in (Group, Permission, ContentType))
    via, via_user, via_group = q(groups.m2m_db_table()), q(groups.m2m_column_name()), q(groups.m2m_reverse_name())
    gp, gp_group, gp_permission = (q(granted.m2m_db_table()), q(granted.m2m_column_name()),
                                   q(granted.m2m_reverse_name()))
    up, up_user, up_permission = q(own.m2m_db_table()), q(own.m2m_column_name()), q(own.m2m_reverse_name())
    return (
        f"SELECT {group}.{q('name')}, {content_type}.{q('app_label')}, {permission}.{q('codename')} "
        f"FROM {group} INNER JOIN {via} ON {group}.{q('id')} = {via}.{via_group} "
        f"LEFT OUTER JOIN {gp} ON {group}.{q('id')} = {gp}.{gp_group} "
        f"LEFT OUTER JOIN {permission} ON {gp}.{gp_permission} = {permission}.{q('id')} "
        f"LEFT OUTER JOIN {content_type} ON {permission}.{q('content_type_id')} = {content_type}.{q('id')} "
        f"WHERE {via}.{via_user} = %s "
        f"UNION ALL "
        f"SELECT NULL, {content_type}.{q('app_label')}, {permission}.{q('codename')} "
        f"FROM {permission} INNER JOIN {up} ON {permission}.{q('id')} = {up}.{up_permission} "
        f"INNER JOIN {content_type} ON {permission}.{q('content_type_id')} = {content_type}.{q('id')} "
        f"WHERE {up}.{up_user} = %s"
    )


def sees_whole_province(user) -> bool:
    return bool(roles_of(user) & PROVINCE_WIDE_ROLES)
