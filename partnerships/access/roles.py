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
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_ketnghia_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        user._ketnghia_roles = cached
    return cached


def sees_whole_province(user) -> bool:
    return bool(roles_of(user) & PROVINCE_WIDE_ROLES)
