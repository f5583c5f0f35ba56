"""Reference data use cases: administrative units (and their targeting flags), the successor map
of the 2025 reform, agencies, activity categories. Kept by coordinators and administrators; the admin, its imports and its list edits
call these."""

import datetime

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext as _

from partnerships import geography
from partnerships.agencies import link_agencies_forward
from partnerships.access.policy import require_reference_data_manager
from partnerships.exceptions import DomainError
from partnerships.models import ActivityCategory, AdministrativeUnit, Agency, AuditKind, UnitSuccession
from partnerships.services.audit import audit
from partnerships.services.base import _full_clean, _with_history_user


@transaction.atomic
def _save(actor, row: Model) -> Model:
    require_reference_data_manager(actor)
    _full_clean(row)
    _with_history_user(row, actor).save()
    return row


@transaction.atomic
def _delete(actor, row: Model) -> None:
    require_reference_data_manager(actor)
    try:
        with transaction.atomic():
            row.delete()
    except ProtectedError as error:
        raise DomainError(
            _("Không xóa được “%(row)s”: còn dữ liệu dùng đến (%(count)s dòng).")
            % {"row": row, "count": len(error.protected_objects)}
        ) from error


def unit_save(*, actor, unit: AdministrativeUnit) -> AdministrativeUnit:
    """Create or change an administrative unit; `unit` holds the new values."""
    return _save(actor, unit)


def unit_delete(*, actor, unit: AdministrativeUnit) -> None:
    _delete(actor, unit)


def succession_save(*, actor, succession: UnitSuccession) -> UnitSuccession:
    """Create or change a row of the successor map (old unit → the unit that took it over); the
    units' derived links (reports "as of today") follow in the same transaction."""
    saved = _save(actor, succession)
    geography.link_units_forward()
    return saved


def succession_delete(*, actor, succession: UnitSuccession) -> None:
    _delete(actor, succession)
    geography.link_units_forward()


@transaction.atomic
def agency_save(*, actor, agency: Agency) -> Agency:
    """Create or change an agency; `agency` holds the new values (an ended agency's successor
    too: the derived links reports read follow in the same transaction)."""
    saved = _save(actor, agency)
    link_agencies_forward()
    return saved


@transaction.atomic
def agency_end(*, actor, agency: Agency, ended_on: datetime.date, successor: Agency | None = None) -> Agency:
    """An agency restructured away (merged into another): it ends on `ended_on`, no longer active;
    with a `successor`, its partnerships and figures count under that agency in every report."""
    require_reference_data_manager(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.ended_on:
        raise DomainError(_("Cơ quan, đơn vị này đã kết thúc hoạt động."))
    if successor is not None and (successor.pk == agency.pk or successor.current_agency_id == agency.pk):
        raise DomainError(_("Cơ quan kế thừa không thể là chính cơ quan này."))
    agency.ended_on, agency.successor, agency.is_active = ended_on, successor, False
    saved = agency_save(actor=actor, agency=agency)
    audit(actor=actor, kind=AuditKind.CHANGED, obj=saved, ended_on=ended_on.isoformat(),
          successor=successor.pk if successor else None)
    return saved


def agency_delete(*, actor, agency: Agency) -> None:
    _delete(actor, agency)
    link_agencies_forward()


def category_save(*, actor, category: ActivityCategory) -> ActivityCategory:
    """Create or change an activity category; `category` holds the new values."""
    return _save(actor, category)


def category_delete(*, actor, category: ActivityCategory) -> None:
    _delete(actor, category)
