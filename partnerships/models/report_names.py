"""The names on a report by date (issuing body, parent body, place, signer). They live with the
domain, not with the annual report, so that every document that carries them (the annual report,
the inspections' commendation list) reads one lookup, `partnerships.names.report_names`.

The tables keep the names they were created with in reports (migration partnerships 0020 moved
only Django's state): no row was copied and no table renamed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportNames(models.Model):
    """The names on the annual report (issuing body, the body above it, place, signer's title),
    by the date from which they apply: bodies change with a reform (Quảng Nam's bodies until
    30/06/2025, Đà Nẵng's after). A report carries the names in force on the last day of its
    period (`partnerships.names.report_names`); before the first row, the REPORT_* settings."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200,
                              help_text=_("Ví dụ: BAN CÁN SỰ ĐẢNG UBND TỈNH (viết như trên văn bản)."))
    parent_body = models.CharField(_("cơ quan cấp trên"), max_length=200, help_text=_("Ví dụ: TỈNH ỦY QUẢNG NAM."))
    place = models.CharField(_("địa danh"), max_length=100, help_text=_("Ví dụ: Quảng Nam (trong dòng “…, ngày … tháng … năm …”)."))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="BÍ THƯ")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True,
                                   help_text=_("Để trống: một dòng chấm để ký tay."))

    history = HistoricalRecords(verbose_name=_("lịch sử tên trên báo cáo"), table_name="reports_historicalreportnames")

    class Meta:
        db_table = "reports_reportnames"
        verbose_name = _("tên cơ quan trên báo cáo")
        verbose_name_plural = _("tên cơ quan trên báo cáo")
        ordering = ["-valid_from"]

    def __str__(self):
        return _("%(issuer)s, từ %(date)s") % {"issuer": self.issuer, "date": self.valid_from.strftime("%d/%m/%Y")}
