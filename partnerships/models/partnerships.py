"""A twinning (kết nghĩa) between an agency and a district or commune."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import vi_order
from partnerships import geography
from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.agencies import Agency
from partnerships.models.units import AdministrativeUnit


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("Đang kết nghĩa")
    ENDED = "ended", _("Đã kết thúc")


def in_force_q(start, end, prefix: str = "") -> Q:
    """The partnership was in force at some time between `start` and `end` (dates): signed by the
    end, not ended before the start. The one definition for the lists and the reports."""
    return Q(**{f"{prefix}signed_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start}))


class Partnership(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="partnerships"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa phương kết nghĩa"),
        on_delete=models.PROTECT,
        related_name="partnerships",
        help_text=_("Huyện hoặc xã được kết nghĩa, giúp đỡ."),
    )
    signed_on = models.DateField(_("ngày ký kết"))
    agreement_number = models.CharField(_("số quyết định / thỏa thuận"), max_length=100, blank=True)
    agreement_file = models.FileField(_("tệp văn bản kết nghĩa"), upload_to="agreements/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_reason = models.TextField(_("lý do kết thúc"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # A partnership that continues others after a change of the map (the 2025 reform): the old
    # ones end, this one starts, and the link keeps the thread (services/repointing.py). Two old
    # partnerships of one agency whose communes merged have one successor.
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("quan hệ kết nghĩa trước đó"),
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text=_("Các quan hệ kết nghĩa mà quan hệ này tiếp nối khi sắp xếp đơn vị hành chính."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("lịch sử quan hệ kết nghĩa"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan hệ kết nghĩa")
        verbose_name_plural = _("quan hệ kết nghĩa")
        ordering = [vi_order("agency__name"), vi_order("unit__name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit"],
                condition=Q(status="active"),
                name="partnership_one_active_per_pair",
                violation_error_message=_("Cơ quan này đang kết nghĩa với địa phương này."),
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | Q(status="ended", ended_on__isnull=False),
                name="partnership_end_date_matches_status",
                violation_error_message=_("Quan hệ đã kết thúc phải có ngày kết thúc, và ngược lại."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("signed_on")),
                name="partnership_ends_after_signing",
                violation_error_message=_("Ngày kết thúc không được trước ngày ký kết."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.unit_id and self.unit.level == AdministrativeUnit.Level.PROVINCE:
            raise ValidationError({"unit": _("Địa phương kết nghĩa phải là một huyện hoặc một xã.")})
        if self.unit_id and self.signed_on:
            refused = geography.validity_error(self.unit, on=self.signed_on)
            if refused:  # a partnership signed in 2026 is with a commune that exists in 2026
                raise ValidationError({"unit": refused})
