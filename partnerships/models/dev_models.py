"""Development models (mô hình phát triển) built and replicated under a partnership."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import vi_order

from partnerships import geography
from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.partnerships import Partnership
from partnerships.models.units import AdministrativeUnit


def _dates_in_order(*fields: str) -> Q:
    """Every pair of the dates that are both set is in the order given."""
    condition = Q()
    for i, earlier in enumerate(fields):
        for later in fields[i + 1:]:
            condition &= Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__isnull": True}) | Q(
                **{f"{later}__gte": models.F(earlier)})
    return condition


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
    # The model's own stage dates: when it was built (started), maintained, developed and
    # replicated. Not the date a row was saved: records are often entered months later.
    started_on = models.DateField(_("ngày xây dựng"), null=True, blank=True)
    maintained_on = models.DateField(_("ngày duy trì"), null=True, blank=True)
    developed_on = models.DateField(_("ngày phát triển"), null=True, blank=True)
    replicated_on = models.DateField(_("ngày nhân rộng"), null=True, blank=True)
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
        ordering = [vi_order("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | ~Q(replicated_from=models.F("id")),
                name="model_not_replicated_from_itself",
                violation_error_message=_("Mô hình không thể nhân rộng từ chính nó."),
            ),
            models.CheckConstraint(
                condition=_dates_in_order("started_on", "maintained_on", "developed_on", "replicated_on"),
                name="model_stage_dates_in_order",
                violation_error_message=_("Các ngày giai đoạn của mô hình phải theo thứ tự: xây dựng, duy trì, "
                                          "phát triển, nhân rộng."),
            ),
        ]

    def __str__(self):
        return self.name

    @staticmethod
    def replica_q() -> Q:
        """A replica: replicated from another model, or recorded at the stage "replicated"; the
        others were built where they are (the one definition for lists and reports)."""
        return Q(replicated_from__isnull=False) | Q(stage=DevelopmentModel.Stage.REPLICATED)

    # Stage order and the field holding the date each stage was reached.
    STAGE_DATE_FIELDS = (
        (Stage.BUILT, "started_on"),
        (Stage.MAINTAINED, "maintained_on"),
        (Stage.DEVELOPED, "developed_on"),
        (Stage.REPLICATED, "replicated_on"),
    )

    def stage_dates(self) -> list[dict]:
        """Each stage in order with its date and whether the model has reached it (for the page)."""
        order = [stage for stage, _field in self.STAGE_DATE_FIELDS]
        reached = order.index(self.stage) if self.stage in order else 0
        return [
            {"stage": stage, "label": stage.label, "date": getattr(self, field), "reached": i <= reached,
             "current": i == reached}
            for i, (stage, field) in enumerate(self.STAGE_DATE_FIELDS)
        ]

    @property
    def stage_date(self):
        """The date the model reached its current stage (None when not recorded)."""
        return getattr(self, dict(self.STAGE_DATE_FIELDS).get(self.stage, "started_on"))

    def _clean_stage_dates(self) -> dict:
        import datetime

        from django.utils import timezone

        errors = {}
        order = [stage for stage, _field in self.STAGE_DATE_FIELDS]
        reached = order.index(self.stage) if self.stage in order else 0
        today = timezone.localdate()
        previous = None  # (label, date) of the latest earlier stage with a date
        for i, (stage, field) in enumerate(self.STAGE_DATE_FIELDS):
            value = getattr(self, field)
            if value is None:
                continue
            if not isinstance(value, datetime.date):
                continue
            if i > reached:
                errors[field] = _("Mô hình đang ở giai đoạn “%(stage)s”: chưa thể có ngày %(later)s.") % {
                    "stage": self.Stage(self.stage).label, "later": stage.label.lower()}
            elif value > today:
                errors[field] = _("Ngày này chưa tới.")
            elif previous and value < previous[1]:
                errors[field] = _("Ngày %(this)s không thể trước ngày %(earlier)s (%(date)s).") % {
                    "this": stage.label.lower(), "earlier": previous[0].lower(),
                    "date": previous[1].strftime("%d/%m/%Y")}
            previous = (stage.label, value)
        return errors

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = self._clean_stage_dates()
        if self.started_on and self.commune_id:
            refused = geography.validity_error(self.commune, on=self.started_on)
            if refused:  # a model started in 2026 is at a commune that exists in 2026
                raise ValidationError({"commune": refused})
        if self.partnership_id and self.commune_id and not geography.in_area(self.commune, self.partnership.unit):
            errors["commune"] = _("Xã thực hiện phải thuộc địa phương kết nghĩa.")
        if errors:
            raise ValidationError(errors)
