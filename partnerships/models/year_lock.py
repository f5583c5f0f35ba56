"""The years whose figures are finalised. While a year has its row here, its activities, plans and
the partnerships in force that year are frozen: the services refuse with YearLocked, and the
database triggers of migration 0007 refuse every other path (raw SQL, bulk loads, the shell).

The row is written and removed only by `partnerships.services.year_lock` (reports' finalise
service calls it); what was finalised, by whom and why it was reopened stays in reports.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LockedYear(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    locked_at = models.DateTimeField(_("thời điểm chốt"), default=timezone.now)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chốt"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("năm đã chốt số liệu")
        verbose_name_plural = _("năm đã chốt số liệu")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)
