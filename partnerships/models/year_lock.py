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


class FrozenClassification(models.Model):
    """A category that was substantive when its year was locked: a finalised year's substantive
    share is read with the classification it was finalised with, whatever the category's flag
    says later (versioned by year; `substantive_q`). Written and removed with the lock."""

    lock = models.ForeignKey(LockedYear, verbose_name=_("năm đã chốt"), on_delete=models.CASCADE,
                             related_name="frozen_classifications")
    category = models.ForeignKey("partnerships.ActivityCategory", verbose_name=_("loại hoạt động"),
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("phân loại thiết thực khi chốt năm")
        verbose_name_plural = _("phân loại thiết thực khi chốt năm")
        constraints = [models.UniqueConstraint(fields=["lock", "category"], name="frozen_classification_once")]


def substantive_q(year: str = "year", category: str = "category") -> models.Q:
    """"The row's category is substantive", for rows with a reporting `year` column and a
    `category` foreign key: in a locked year as classified when the year was locked (if the lock
    recorded its classification), otherwise as classified now. Pure SQL, so it costs no query of
    its own wherever an aggregate uses it; and uncorrelated (IN, not EXISTS), so that the database
    reads the few frozen rows once per query and looks each row up in a hash, instead of running
    two subqueries per row and per measure (the province's key figures at 1 M: 250 → 30 ms of
    SQL, docs/performance.md)."""
    from django.db.models import BigIntegerField, ExpressionWrapper, F
    from django.db.models.lookups import In

    def pair(year_field, category_field):
        # (category, year) as one number, as Django has no public row-value IN: a year has 4 digits.
        return ExpressionWrapper(F(category_field) * 10_000 + F(year_field), output_field=BigIntegerField())

    frozen = FrozenClassification.objects.all()
    frozen_pairs = frozen.annotate(pair=pair("lock__year", "category")).values("pair")
    return models.Q(In(pair(year, category), frozen_pairs)) | (
        ~models.Q(**{f"{year}__in": frozen.values("lock__year")}) & models.Q(**{f"{category}__is_substantive": True})
    )


class FrozenTargetArea(models.Model):
    """A unit that was in the directive's target area (its flags) when its year was locked: a
    finalised year's coverage gaps are read with the flags it was finalised with
    (`target_area_in_year_q`). Written and removed with the lock."""

    lock = models.ForeignKey(LockedYear, verbose_name=_("năm đã chốt"), on_delete=models.CASCADE,
                             related_name="frozen_target_areas")
    unit = models.ForeignKey("partnerships.AdministrativeUnit", verbose_name=_("đơn vị hành chính"),
                             on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vùng mục tiêu khi chốt năm")
        verbose_name_plural = _("vùng mục tiêu khi chốt năm")
        constraints = [models.UniqueConstraint(fields=["lock", "unit"], name="frozen_target_area_once")]


def target_area_in_year_q(year: int) -> models.Q:
    """"This unit (the query's rows) is a target area" as `year` sees it: as flagged when the year
    was locked (if the lock recorded it), otherwise as flagged now (geography.target_area_q)."""
    from django.db.models import Exists, OuterRef

    from partnerships import geography

    frozen = FrozenTargetArea.objects.filter(lock__year=year)
    return Exists(frozen.filter(unit=OuterRef("pk"))) | (~Exists(frozen) & geography.target_area_q())
