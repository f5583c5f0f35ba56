"""Development models (mô hình phát triển) built and replicated under a partnership."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships import geography
from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.partnerships import Partnership
from partnerships.models.units import AdministrativeUnit


class DevelopmentModel(models.Model):
    class Sector(models.TextChoices):
        CROPS = "crops", _("Trồng trọt")
        LIVESTOCK = "livestock", _("Chăn nuôi")
        FORESTRY = "forestry", _("Lâm nghiệp")
        MEDICINAL = "medicinal", _("Dược liệu")
        TOURISM = "tourism", _("Du lịch cộng đồng")
        CRAFTS = "crafts", _("Ngành nghề, thủ công")
        SERVICES = "services", _("Dịch vụ, thương mại")
        OTHER = "other", _("Khác")

    class Stage(models.TextChoices):
        BUILT = "built", _("Xây dựng")
        MAINTAINED = "maintained", _("Duy trì")
        DEVELOPED = "developed", _("Phát triển")
        REPLICATED = "replicated", _("Nhân rộng")

    name = models.CharField(_("tên mô hình"), max_length=255)
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="models"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã thực hiện"), on_delete=models.PROTECT, related_name="development_models"
    )
    sector = models.CharField(_("lĩnh vực"), max_length=12, choices=Sector.choices, default=Sector.LIVESTOCK)
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, default=Stage.BUILT, db_index=True)
    households = models.PositiveIntegerField(_("số hộ tham gia"), default=0)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ mô hình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replicas",
    )

    history = HistoricalRecords(verbose_name=_("lịch sử mô hình"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình phát triển kinh tế - xã hội")
        verbose_name_plural = _("mô hình phát triển kinh tế - xã hội")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | ~Q(replicated_from=models.F("id")),
                name="model_not_replicated_from_itself",
                violation_error_message=_("Mô hình không thể nhân rộng từ chính nó."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.partnership_id and self.commune_id and not geography.in_area(self.commune, self.partnership.unit):
            raise ValidationError({"commune": _("Xã thực hiện phải thuộc địa phương kết nghĩa.")})
