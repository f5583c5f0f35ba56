from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from partnerships.access import policy


class HasPortalRole(BasePermission):
    """The pages' first check (no role → 403) held to the API as well: an account without a role
    reads nothing, even the reference data."""

    message = _("Tài khoản chưa được phân vai trò nên không đọc được dữ liệu.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and policy.may_use_api(request.user))
