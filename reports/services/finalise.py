"""Finalising a year (the coordinator) and reopening it (an administrator only, with a reason).

Finalising stores the workbook, the narrative and the figures exactly as generated, each with a
SHA-256 checksum; from then on the year is locked (partnerships.services.year_lock: the services
refuse and the database triggers of partnerships migration 0007 refuse every other path). A download of a finalised file is checked against its
checksum, so what leaves the portal is what was finalised.
"""

import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.models import Event
from notifications.services import notify
from partnerships import services
from partnerships.access import policy
from partnerships.access.roles import Role
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import Activity, ActivityStatus, AuditKind, ConfirmationStatus, User
from reports.models import FinalisedReport
from reports.services.evaluation_settings import year_settings_create


class ChecksumMismatch(DomainError):
    """A stored file no longer matches the checksum taken when the year was finalised."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def figures_bytes(figures: dict) -> bytes:
    """A canonical serialisation, so the figures' checksum does not depend on key order."""
    return json.dumps(figures, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def current(year: int) -> FinalisedReport | None:
    """The report that locks `year`, if any (its files are not loaded)."""
    return FinalisedReport.objects.defer("xlsx", "docx").filter(year=year, reopened_at__isnull=True).first()


class ActivitiesWaiting(DomainError):
    """Activities of the year still wait for review or for the locality's confirmation: finalising
    would freeze them where they are. Finalising goes ahead only once the coordinator, shown the
    list, confirms (`waiting_acknowledged`)."""

    def __init__(self, message, activities):
        super().__init__(message)
        self.activities = activities


WAITING_LISTED = 20


def waiting_activities(year: int):
    """Activities of `year` that wait for review (submitted) or for confirmation (submitted or
    approved, not yet confirmed or disputed): once the year is finalised they could never move."""
    return (
        Activity.objects.filter(start_date__year=year)
        .filter(Q(status=ActivityStatus.SUBMITTED)
                | Q(status=ActivityStatus.APPROVED, confirmation_status=ConfirmationStatus.PENDING))
        .select_related("partnership__agency", "commune")
        .order_by("start_date", "pk")
    )


def require_year_ended(year: int) -> None:
    """A year is finalised once it is over: not the running year, not a future one."""
    today = timezone.localdate()
    if year >= today.year:
        raise DomainError(
            _("Năm %(year)s chưa kết thúc: chỉ chốt số liệu của năm đã qua (sau ngày 31/12/%(year)s).")
            % {"year": year}
        )


def require_finalisable(*, year: int, waiting_acknowledged: bool = False) -> None:
    """The rules of finalising `year` that do not depend on who asks (finalise_year asks them;
    the page asks them first so that a refusal is a message rather than a failed job)."""
    require_year_ended(year)
    if not waiting_acknowledged:
        waiting = list(waiting_activities(year)[:WAITING_LISTED])
        if waiting:
            raise ActivitiesWaiting(
                _("Năm %(year)s còn hoạt động chờ duyệt hoặc chờ địa phương xác nhận; sau khi chốt, các hoạt "
                  "động này không thể duyệt hay xác nhận nữa. Xem danh sách, rồi xác nhận nếu vẫn chốt.")
                % {"year": year}, waiting)


@transaction.atomic
def finalise_year(*, actor, year: int, waiting_acknowledged: bool = False) -> FinalisedReport:
    """Build the whole-province report of `year`, store it with checksums, and lock the year.
    Refused for a year not yet over; while activities of the year wait for review or
    confirmation, refused with their list (`ActivitiesWaiting`) unless `waiting_acknowledged`."""
    from reports.documents.annual import build_files  # the builders read the selectors; imported late

    if not policy.may_finalise_year(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh được chốt số liệu báo cáo năm."))
    require_finalisable(year=year, waiting_acknowledged=waiting_acknowledged)
    # Serialise finalisations of the same year (the partial unique constraint is the last word).
    versions = FinalisedReport.objects.select_for_update().filter(year=year)
    if any(report.reopened_at is None for report in versions.defer("xlsx", "docx")):
        raise DomainError(_("Năm %(year)s đã được chốt số liệu.") % {"year": year})
    # The finalised figures were scored with these settings: store them, so they stay the year's.
    year_settings_create(actor=actor, year=year)
    # Locked first: writers wait until this commits, so the stored files cannot miss a change.
    services.year_lock_close(actor=actor, year=year)
    figures, xlsx, docx = build_files(year_from=year, year_to=year, district_code=None, user=None)
    version = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
    report = FinalisedReport(
        year=year,
        version=version,
        figures=figures,
        xlsx=xlsx,
        docx=docx,
        xlsx_sha256=sha256(xlsx),
        docx_sha256=sha256(docx),
        figures_sha256=sha256(figures_bytes(figures)),
        finalised_by=actor,
    )
    report.full_clean(exclude=["xlsx", "docx"])
    report.save()
    services.audit(actor=actor, kind=AuditKind.YEAR_FINALISED, obj=report, year=year, version=version,
                   xlsx_sha256=report.xlsx_sha256, docx_sha256=report.docx_sha256,
                   figures_sha256=report.figures_sha256)
    _tell_report_ready(report)
    return report


def _tell_report_ready(report: FinalisedReport) -> None:
    """Leaders and coordinators learn that the year's report is ready (in the same transaction)."""
    readers = User.objects.filter(
        is_active=True, groups__name__in=[Role.LEADER, Role.COORDINATOR]).distinct()
    with override(settings.LANGUAGE_CODE):
        notify(recipients=readers, event=Event.REPORT_READY, url=f"{reverse('reports:annual')}?year={report.year}",
               title=_("Báo cáo năm %(year)s đã chốt số liệu và sẵn sàng") % {"year": report.year},
               key=f"report-ready:{report.year}:{report.version}")


@transaction.atomic
def reopen_year(*, actor, year: int, reason: str) -> FinalisedReport:
    if not policy.may_reopen_year(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống được mở lại năm đã chốt số liệu."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi rõ lý do mở lại năm đã chốt số liệu."))
    report = (
        FinalisedReport.objects.select_for_update().defer("xlsx", "docx")
        .filter(year=year, reopened_at__isnull=True).first()
    )
    if report is None:
        raise DomainError(_("Năm %(year)s chưa được chốt số liệu.") % {"year": year})
    # The reopen is recorded first: the database lets the lock go only once the report says so
    # (reports migration 0007), and lets nothing else of a finalised report change.
    report.reopened_by = actor
    report.reopened_at = timezone.now()
    report.reopen_reason = reason
    report.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    services.year_lock_open(actor=actor, year=year)
    services.audit(actor=actor, kind=AuditKind.YEAR_REOPENED, obj=report, year=year, version=report.version,
                   reason=reason)
    return report


FILES = {
    "xlsx": ("xlsx", "xlsx_sha256", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": ("docx", "docx_sha256", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def stored_file(report_id: int, kind: str) -> tuple[FinalisedReport, bytes, str]:
    """The stored bytes of a finalised file and its content type, after checking its checksum."""
    field, checksum_field, content_type = FILES[kind]
    report = FinalisedReport.objects.defer("xlsx" if kind == "docx" else "docx").get(pk=report_id)
    data = bytes(getattr(report, field))
    if sha256(data) != getattr(report, checksum_field):
        raise ChecksumMismatch(
            _("Tệp đã lưu của báo cáo năm %(year)s không khớp mã kiểm tra SHA-256; không tải xuống. "
              "Đề nghị quản trị hệ thống kiểm tra.") % {"year": report.year}
        )
    return report, data, content_type
