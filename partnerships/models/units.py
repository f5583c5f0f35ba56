"""Administrative units (province, district, commune) and their flags."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã, phường, thị trấn")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_mountainous = models.BooleanField(_("miền núi"), default=False)
    is_ethnic_minority_area = models.BooleanField(_("vùng đồng bào dân tộc thiểu số"), default=False)
    is_border = models.BooleanField(_("biên giới đất liền"), default=False)
    is_especially_difficult = models.BooleanField(_("đặc biệt khó khăn"), default=False)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(
        _("hết hiệu lực từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày đơn vị bị sáp nhập hoặc giải thể; để trống nếu còn hiệu lực."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True) | (~Q(level="province") & Q(parent__isnull=False)),
                name="unit_parent_matches_level",
                violation_error_message=_("Tỉnh không có đơn vị cấp trên; huyện và xã phải có."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        expected_parent = {self.Level.DISTRICT: self.Level.PROVINCE, self.Level.COMMUNE: self.Level.DISTRICT}
        if self.parent_id and self.level in expected_parent and self.parent.level != expected_parent[self.level]:
            raise ValidationError({"parent": _("Đơn vị cấp trên không đúng cấp.")})
