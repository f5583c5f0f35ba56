"""Partnership use cases: create, update, end (coordinators)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access.policy import is_coordinator_or_admin
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import (
    Partnership,
    PartnershipStatus,
)
from partnerships.services.base import _full_clean, _with_history_user
from partnerships.services.year_lock import (
    _year_lock_snapshot,
    require_partnership_change_open,
    require_partnership_open,
)

# What a coordinator changes on a partnership; ending it is partnership_end (a date and a reason).
PARTNERSHIP_FIELDS = ("agency", "unit", "signed_on", "agreement_number", "agreement_file", "note")

# --- partnerships --------------------------------------------------------------------------


def _require_coordinator(actor) -> None:
    if not is_coordinator_or_admin(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh quản lý quan hệ kết nghĩa."))


def _require_known(fields: dict, service: str) -> None:
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {sorted(unknown)}")


@transaction.atomic
def partnership_create(*, actor, agency, unit, signed_on: datetime.date, **fields) -> Partnership:
    _require_coordinator(actor)
    _require_known(fields, "partnership_create")
    partnership = Partnership(agency=agency, unit=unit, signed_on=signed_on, **fields)
    require_partnership_change_open(None, partnership)
    _full_clean(partnership)
    _with_history_user(partnership, actor).save()
    return partnership


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, **fields) -> Partnership:
    _require_coordinator(actor)
    _require_known(fields, "partnership_update")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    before = _year_lock_snapshot(partnership)
    for name, value in fields.items():
        setattr(partnership, name, value)
    require_partnership_change_open(before, partnership)
    _full_clean(partnership)
    _with_history_user(partnership, actor).save()
    return partnership


@transaction.atomic
def partnership_end(*, actor, partnership: Partnership, ended_on: datetime.date, reason: str) -> Partnership:
    _require_coordinator(actor)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status == PartnershipStatus.ENDED:
        raise DomainError(_("Quan hệ kết nghĩa này đã kết thúc."))
    if not (reason or "").strip():
        raise DomainError(_("Cần ghi rõ lý do kết thúc quan hệ kết nghĩa."))
    before = _year_lock_snapshot(partnership)
    partnership.status = PartnershipStatus.ENDED
    partnership.ended_on = ended_on
    require_partnership_change_open(before, partnership)
    partnership.end_reason = reason.strip()
    _full_clean(partnership)
    _with_history_user(partnership, actor).save()
    return partnership


@transaction.atomic
def partnership_delete(*, actor, partnership: Partnership) -> None:
    """A partnership recorded by mistake, with nothing under it (activities, plans and models
    protect it), and not in force during a locked year."""
    _require_coordinator(actor)
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    require_partnership_open(partnership)
    if partnership.activities.exists() or partnership.plans.exists() or partnership.models.exists():
        raise DomainError(_("Quan hệ kết nghĩa đã có hoạt động, kế hoạch hoặc mô hình: không xóa được; "
                            "hãy ghi nhận kết thúc quan hệ kết nghĩa."))
    _with_history_user(partnership, actor).delete()
