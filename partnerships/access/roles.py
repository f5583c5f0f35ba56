"""Roles are Django groups (created by a migration with their model permissions).

Group names are what administrators see in the admin, so they are Vietnamese; code refers to
them only through these constants.
"""

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
    from django.contrib.auth.models import Group, Permission
    from django.db.models import CharField, F, Value

    columns = ("role", "app", "code")
    from_groups = Group.objects.filter(user=user).annotate(
        role=F("name"), app=F("permissions__content_type__app_label"), code=F("permissions__codename"),
    ).values_list(*columns).order_by()
    own = Permission.objects.filter(user=user).annotate(
        role=Value(None, output_field=CharField()), app=F("content_type__app_label"), code=F("codename"),
    ).values_list(*columns).order_by()
    names, group_perms, user_perms = set(), set(), set()
    for role, app, codename in from_groups.union(own, all=True):
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


def sees_whole_province(user) -> bool:
    return bool(roles_of(user) & PROVINCE_WIDE_ROLES)
