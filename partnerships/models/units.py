"""Administrative units (province, district, commune), their flags, and the successor map.

A unit's identity is its code *and* its validity: the 2025 reform reused codes for different
units (docs/reference-data.md), so one code names at most one unit per start date, and every
lookup by code says as of which date (partnerships/geography.py).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã, phường, thị trấn")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, db_index=True)
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
        _("hiệu lực đến hết ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối cùng đơn vị còn hiệu lực (trước khi sáp nhập, giải thể); để trống nếu còn hiệu lực."),
    )

    # Derived from the successor map by geography.link_units_forward (never typed; the loader and
    # the map's service refresh them), so that reports "as of today" stay aggregate queries.
    current_unit = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị hiện nay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Đơn vị mà số liệu của đơn vị đã sáp nhập được tính vào khi báo cáo theo địa giới hiện nay."),
    )
    former_district = models.ForeignKey(
        "self",
        verbose_name=_("khu vực huyện cũ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Huyện (đã bỏ cấp huyện) có các xã đã hợp thành đơn vị này."),
    )

    # Flag edits (and any other change) are kept with who made them.
    history = HistoricalRecords(
        verbose_name=_("lịch sử đơn vị hành chính"), excluded_fields=["current_unit", "former_district"]
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
            # One unit per code and start date; the units without a start date (the three-level
            # list, which has no dates) are unique by code among themselves.
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                name="unit_code_per_start",
                violation_error_message=_("Đã có đơn vị hành chính mang mã này, có hiệu lực từ cùng ngày."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_without_start",
                violation_error_message=_("Đã có đơn vị hành chính mang mã này, có hiệu lực từ cùng ngày."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        # Since 2025 communes sit directly under the province (no districts).
        expected_parent = {
            self.Level.DISTRICT: {self.Level.PROVINCE},
            self.Level.COMMUNE: {self.Level.DISTRICT, self.Level.PROVINCE},
        }
        if self.parent_id and self.level in expected_parent and self.parent.level not in expected_parent[self.level]:
            raise ValidationError({"parent": _("Đơn vị cấp trên không đúng cấp.")})


class UnitSuccession(models.Model):
    """One arrow of the successor map: from `effective_on`, (part of) `predecessor` belongs to
    `successor`. An old commune has one arrow per new commune that took part of it (a split has
    several, one of them `is_main`); an old district has one per new commune that took its
    communes; an old province one to the new province."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    effective_on = models.DateField(_("có hiệu lực từ ngày"))
    is_main = models.BooleanField(
        _("đơn vị kế thừa chính"),
        default=True,
        help_text=_("Khi một xã bị chia cho nhiều xã mới: xã mới nhận phần chính (báo cáo quy đổi theo xã này)."),
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Căn cứ, hoặc lý do khi dữ liệu gốc không có."))

    history = HistoricalRecords(verbose_name=_("lịch sử kế thừa đơn vị hành chính"))

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        ordering = ["predecessor__code", "-is_main", "successor__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="succession_once_per_pair",
                violation_error_message=_("Đơn vị kế thừa này đã được ghi."),
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(is_main=True),
                name="succession_one_main",
                violation_error_message=_("Mỗi đơn vị cũ chỉ có một đơn vị kế thừa chính."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="succession_not_itself",
                violation_error_message=_("Đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"
