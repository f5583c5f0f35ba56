"""Provincial agencies and enterprises that twin with localities."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import vi_order


class Agency(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Cơ quan Đảng")
        STATE = "state", _("Cơ quan nhà nước")
        MASS_ORGANISATION = "mass", _("Mặt trận, đoàn thể chính trị - xã hội")
        LOCALITY = "locality", _("Địa phương")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        ARMED_FORCES = "armed", _("Lực lượng vũ trang")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.STATE, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    contact_person = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Agencies are restructured too (departments merged in 2025): an agency that ended names the
    # one that took over its work; its partnerships and figures follow the link in every report
    # (partnerships.agencies: `current_agency_expr` is the one rule the report selectors call).
    ended_on = models.DateField(_("ngày kết thúc hoạt động"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan, đơn vị kế thừa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Cơ quan, đơn vị tiếp nhận nhiệm vụ khi sáp nhập, hợp nhất."),
    )
    # Derived from `successor` (the end of the chain), kept by partnerships.agencies.link_agencies_forward
    # so that reports group an ended agency's work under today's agency without walking the chain.
    current_agency = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan, đơn vị hiện nay"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name=_("lịch sử cơ quan, đơn vị"))

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = [vi_order("name")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True) | models.Q(ended_on__isnull=False),
                name="agency_successor_after_end",
                violation_error_message=_("Cơ quan có đơn vị kế thừa phải có ngày kết thúc hoạt động."),
            ),
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("id")),
                name="agency_not_own_successor",
                violation_error_message=_("Cơ quan không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self):
        return self.name
