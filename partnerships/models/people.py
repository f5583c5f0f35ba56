"""Portal users: officers of an agency or focal points of a locality; roles are groups."""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from partnerships.models.agencies import Agency
from partnerships.models.units import AdministrativeUnit


class User(AbstractUser):
    """A portal user. Officers belong to an agency, focal points to a locality; roles are groups."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    locality = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa phương phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        help_text=_("Huyện hoặc xã mà cán bộ đầu mối địa phương phụ trách."),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    # Rights: every version of an account with its roles (groups) and own permissions. The
    # password hash is never copied; last_login is written by a queryset update (apps.py), so a
    # sign-in is not a version.
    history = HistoricalRecords(
        verbose_name=_("lịch sử người dùng"),
        excluded_fields=["password", "last_login"],
        m2m_fields=["groups", "user_permissions"],
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(locality__isnull=True),
                name="user_agency_or_locality",
                violation_error_message=_("Người dùng thuộc một cơ quan hoặc một địa phương, không thể cả hai."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


# Roles are groups: the permissions a role holds are rights, so their changes are kept too
# (the history table lives in this app, django.contrib.auth has no migrations of ours).
register(Group, app="partnerships", m2m_fields=["permissions"], verbose_name=_("lịch sử vai trò (nhóm)"))
