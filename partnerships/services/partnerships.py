"""Partnership use cases: create, update, end (coordinators)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.access.policy import is_coordinator
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import (
    Partnership,
    PartnershipStatus,
)
from partnerships.services.base import _full_clean, _with_history_user
from partnerships.services.year_lock import _year_lock_snapshot, require_partnership_change_open

# --- partnerships --------------------------------------------------------------------------


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise NotPermitted(_("Chỉ cán bộ tổng hợp cấp tỉnh quản lý quan hệ kết nghĩa."))


@transaction.atomic
def partnership_create(*, actor, agency, unit, signed_on: datetime.date, **fields) -> Partnership:
    _require_coordinator(actor)
    partnership = Partnership(agency=agency, unit=unit, signed_on=signed_on, **fields)
    require_partnership_change_open(None, partnership)
    _full_clean(partnership)
    _with_history_user(partnership, actor).save()
    return partnership


@transaction.atomic
def partnership_update(*, actor, partnership: Partnership, **fields) -> Partnership:
    _require_coordinator(actor)
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


# --- plans ---------------------------------------------------------------------------------
