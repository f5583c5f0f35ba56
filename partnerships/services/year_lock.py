"""The year lock: a locked year's rows are frozen (table LockedYear, triggers of migration 0007).

The annual report's finalise service locks and reopens years through `year_lock_close` and
`year_lock_open`; every other service asks `require_years_open` before it writes.
"""

import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from partnerships.access import policy
from partnerships.exceptions import DomainError, NotPermitted, YearLocked
from partnerships import geography
from partnerships.models import (
    ActivityCategory,
    AdministrativeUnit,
    FrozenClassification,
    FrozenTargetArea,
    LockedYear,
    Partnership,
)

# The tables whose rows a locked year freezes (the triggers of migration 0007 guard the same).
LOCKED_TABLES = ("partnerships_activity", "partnerships_annualplan", "partnerships_plancategorytarget",
                 "partnerships_partnership")


def locked_years() -> set[int]:
    """Years whose figures are finalised and not reopened."""
    return set(LockedYear.objects.values_list("year", flat=True))


@transaction.atomic
def year_lock_close(*, actor, year: int) -> LockedYear:
    """Lock `year`. Call it first in the transaction that records what is finalised: on
    PostgreSQL writers then wait until it commits (and the triggers refuse them), so whatever the
    caller builds meanwhile cannot miss a change. SQLite writes one at a time."""
    if not policy.may_finalise_year(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh được chốt số liệu báo cáo năm."))
    if LockedYear.objects.select_for_update().filter(year=year).exists():
        raise DomainError(_("Năm %(year)s đã được chốt số liệu.") % {"year": year})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(LOCKED_TABLES)} IN SHARE MODE")
    lock = LockedYear(year=year, locked_by=actor)
    lock.full_clean()
    lock.save()
    # The year's substantive share keeps the classification it is finalised with.
    FrozenClassification.objects.bulk_create(
        FrozenClassification(lock=lock, category=category)
        for category in ActivityCategory.objects.filter(is_substantive=True))
    # And its coverage gaps the target areas (units' flags) it is finalised with.
    FrozenTargetArea.objects.bulk_create(
        (FrozenTargetArea(lock=lock, unit_id=pk)
         for pk in AdministrativeUnit.objects.filter(geography.target_area_q()).values_list("pk", flat=True)),
        batch_size=2000)
    return lock


@transaction.atomic
def year_lock_open(*, actor, year: int) -> None:
    """Reopen `year` (administrators only; the reason is recorded by the caller)."""
    if not policy.may_reopen_year(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống được mở lại năm đã chốt số liệu."))
    deleted, _rows = LockedYear.objects.filter(year=year).delete()
    if not deleted:
        raise DomainError(_("Năm %(year)s chưa được chốt số liệu.") % {"year": year})


def _refuse_locked(year: int):
    raise YearLocked(
        _("Năm %(year)s đã chốt số liệu báo cáo: không thể thêm, sửa hoặc xóa hoạt động, kế hoạch hay quan hệ "
          "kết nghĩa của năm này. Nếu cần điều chỉnh, đề nghị quản trị hệ thống mở lại năm (ghi rõ lý do).")
        % {"year": year}
    )


def require_years_open(*years, locked: set[int] | None = None) -> None:
    """Refuse if any of `years` is locked (`locked`: the locked years, when the caller read them once)."""
    locked = sorted({year for year in years if year is not None} & (locked_years() if locked is None else locked))
    if locked:
        _refuse_locked(locked[0])


def _locked_years_in_force(locked: set[int], signed_on, ended_on) -> set[int]:
    """Of the `locked` years, those during which a partnership signed on `signed_on` and ended on
    `ended_on` was in force."""
    if signed_on is None:
        return set()
    return {
        year for year in locked
        if signed_on <= datetime.date(year, 12, 31) and (ended_on is None or ended_on >= datetime.date(year, 1, 1))
    }


def require_partnership_change_open(before: Partnership | None, after: Partnership) -> None:
    """The figures of a locked year count the partnerships in force then: none may enter, leave,
    or change agency, unit or signing date. (The database triggers apply the same rule.)"""
    locked = locked_years()
    was = _locked_years_in_force(locked, before.signed_on, before.ended_on) if before else set()
    now = _locked_years_in_force(locked, after.signed_on, after.ended_on)
    moved = before is not None and (before.agency_id, before.unit_id, before.signed_on) != (
        after.agency_id, after.unit_id, after.signed_on)
    refused = (was ^ now) | (was if moved else set())
    if refused:
        _refuse_locked(min(refused))


def _year_lock_snapshot(partnership: Partnership) -> Partnership:
    return Partnership(agency_id=partnership.agency_id, unit_id=partnership.unit_id,
                       signed_on=partnership.signed_on, ended_on=partnership.ended_on)


def require_partnership_open(partnership: Partnership) -> None:
    """Refuse deleting a partnership in force during a locked year."""
    years = _locked_years_in_force(locked_years(), partnership.signed_on, partnership.ended_on)
    if years:
        _refuse_locked(min(years))
