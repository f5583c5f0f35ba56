"""Every use case that changes data. Views, admin actions, imports and commands call these.

Each service takes keyword-only arguments and an `actor`, validates with full_clean(), runs in
a transaction, and leaves an audit trail (workflow rows; django-simple-history rows, attributed
to the actor).
"""

import datetime
import os
from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import workflow
from .exceptions import DomainError, NotPermitted, YearLocked
from .models import (
    Activity,
    ActivityStatus,
    AnnualPlan,
    Attachment,
    ConfirmationStatus,
    DevelopmentModel,
    Partnership,
    PartnershipStatus,
    PlanCategoryTarget,
)
from .roles import Role, roles_of

ACTIVITY_MONEY_FIELDS = ("budget_state", "budget_society", "budget_in_kind")
# The targets of an annual plan (besides the activities per category), for forms and reports.
PLAN_TARGET_FIELDS = (
    "money_target",
    "society_money_target",
    "people_trained_target",
    "jobs_target",
    "households_out_of_poverty_target",
    "models_target",
)
ACTIVITY_RESULT_FIELDS = (
    "households_reached",
    "people_reached",
    "ethnic_minority_people",
    "people_trained",
    "jobs_created",
    "households_out_of_poverty",
)
ACTIVITY_EDITABLE_FIELDS = (
    "partnership",
    "category",
    "title",
    "description",
    "start_date",
    "end_date",
    "commune",
    *ACTIVITY_MONEY_FIELDS,
    *ACTIVITY_RESULT_FIELDS,
    "development_model",
)


# --- permissions on rows -------------------------------------------------------------------


def is_coordinator(actor) -> bool:
    """Coordinators and administrators: province-wide review and partnership management."""
    return bool(roles_of(actor) & {Role.COORDINATOR, Role.ADMINISTRATOR})


def can_record_activities(actor) -> bool:
    """Whether the actor writes on the agency side at all: coordinators, administrators, and
    officers who belong to an agency (each partnership: can_write_for_partnership)."""
    return is_coordinator(actor) or (Role.OFFICER in roles_of(actor) and actor.agency_id is not None)


def can_write_for_partnership(actor, partnership: Partnership) -> bool:
    """Agency-side writes: the agency's own officers, coordinators and administrators."""
    return is_coordinator(actor) or (can_record_activities(actor) and actor.agency_id == partnership.agency_id)


def writable_partnerships(actor):
    """The active partnerships the actor may record activities for: can_write_for_partnership as
    a queryset, within what the actor may see."""
    active = Partnership.objects.visible_to(actor).filter(status=PartnershipStatus.ACTIVE)
    if is_coordinator(actor):
        return active
    if can_record_activities(actor):
        return active.filter(agency_id=actor.agency_id)
    return active.none()


def _require_partnership_writer(actor, partnership: Partnership) -> None:
    if not can_write_for_partnership(actor, partnership):
        raise NotPermitted(_("Bạn không có quyền ghi nhận hoạt động cho quan hệ kết nghĩa này."))


def can_edit_activity(actor, activity: Activity) -> bool:
    if Role.ADMINISTRATOR in roles_of(actor):
        return True
    return activity.status in workflow.EDITABLE_STATUSES and can_write_for_partnership(actor, activity.partnership)


def _with_history_user(instance, actor):
    # django-simple-history reads this when the row is saved, so bulk paths are attributed too.
    instance._history_user = actor
    return instance


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


# --- the year lock (a finalised annual report; see reports/finalise.py) ---------------------


def locked_years() -> set[int]:
    """Years whose annual report is finalised and not reopened."""
    finalised = apps.get_model("reports", "FinalisedReport")
    return set(finalised.objects.filter(reopened_at__isnull=True).values_list("year", flat=True))


def _refuse_locked(year: int):
    raise YearLocked(
        _("Năm %(year)s đã chốt số liệu báo cáo: không thể thêm, sửa hoặc xóa hoạt động, kế hoạch hay quan hệ "
          "kết nghĩa của năm này. Nếu cần điều chỉnh, đề nghị quản trị hệ thống mở lại năm (ghi rõ lý do).")
        % {"year": year}
    )


def require_years_open(*years) -> None:
    locked = sorted({year for year in years if year is not None} & locked_years())
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


# --- activities ----------------------------------------------------------------------------


@transaction.atomic
def activity_create(*, actor, partnership: Partnership, **fields) -> Activity:
    """Record a new activity as a draft."""
    _require_partnership_writer(actor, partnership)
    unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"activity_create() got unexpected fields: {sorted(unknown)}")
    if partnership.status != PartnershipStatus.ACTIVE:
        raise DomainError(_("Quan hệ kết nghĩa đã kết thúc; không thể ghi nhận hoạt động mới."))
    if fields.get("start_date"):
        require_years_open(fields["start_date"].year)
    activity = Activity(partnership=partnership, created_by=actor, status=ActivityStatus.DRAFT, **fields)
    if activity.commune_id is None and partnership.unit.level == partnership.unit.Level.COMMUNE:
        activity.commune = partnership.unit
    _full_clean(activity)
    _with_history_user(activity, actor).save()
    activity.status_changes.create(from_status="", to_status=ActivityStatus.DRAFT, actor=actor)
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, **fields) -> Activity:
    """Change an activity's content; only drafts and returned items (administrators: any)."""
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)
    if not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ sửa được hoạt động ở trạng thái nháp hoặc bị trả lại."))
    unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"activity_update() got unexpected fields: {sorted(unknown)}")
    if "partnership" in fields:
        _require_partnership_writer(actor, fields["partnership"])
    new_start = fields.get("start_date")
    require_years_open(activity.start_date.year, new_start.year if new_start else None)
    for name, value in fields.items():
        setattr(activity, name, value)
    _full_clean(activity)
    _with_history_user(activity, actor).save()
    return activity


def _move(activity: Activity, to_status: str, *, actor, comment: str = "") -> Activity:
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)
    roles = roles_of(actor)
    if Role.OFFICER in roles and not roles & {Role.COORDINATOR, Role.ADMINISTRATOR}:
        _require_partnership_writer(actor, activity.partnership)
    require_years_open(activity.start_date.year)
    _with_history_user(activity, actor)
    workflow.transition(activity, to_status, actor=actor, roles=roles, comment=comment)
    return activity


@transaction.atomic
def activity_submit(*, actor, activity: Activity) -> Activity:
    return _move(activity, ActivityStatus.SUBMITTED, actor=actor)


@transaction.atomic
def activity_approve(*, actor, activity: Activity, comment: str = "") -> Activity:
    return _move(activity, ActivityStatus.APPROVED, actor=actor, comment=comment)


@transaction.atomic
def activity_return(*, actor, activity: Activity, comment: str) -> Activity:
    return _move(activity, ActivityStatus.RETURNED, actor=actor, comment=comment)


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    """Drafts that were never submitted may be deleted by those who may edit them."""
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)
    if activity.status != ActivityStatus.DRAFT or not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ xóa được hoạt động nháp của cơ quan mình."))
    require_years_open(activity.start_date.year)
    files = [attachment.file for attachment in activity.attachments.all()]
    _with_history_user(activity, actor).delete()
    # Evidence files go with the draft, once its deletion is committed.
    transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])


@transaction.atomic
def attachment_add(*, actor, activity: Activity, upload) -> Attachment:
    """Attach an evidence file (checked by content, see attachments.py) while the activity is editable."""
    from .attachments import storage_name, validate_evidence

    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)
    if not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ thêm tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại."))
    require_years_open(activity.start_date.year)
    kind = validate_evidence(upload)
    original_name = os.path.basename(upload.name or "")[:255]
    upload.name = storage_name(kind)
    attachment = Attachment(
        activity=activity,
        file=upload,
        original_name=original_name,
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=attachment.activity_id)
    if not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ xóa tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại."))
    require_years_open(activity.start_date.year)
    file = attachment.file
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: file.storage.delete(file.name))


def _require_focal_point_of(actor, activity: Activity) -> None:
    """Only a focal point of the place where the work was done confirms it."""
    if Role.FOCAL_POINT not in roles_of(actor) or not actor.locality_id:
        raise NotPermitted(_("Chỉ cán bộ đầu mối của địa phương mới xác nhận được hoạt động."))
    places = {activity.partnership.unit_id, activity.partnership.unit.parent_id, activity.commune_id}
    if actor.locality_id not in places:
        raise NotPermitted(_("Hoạt động này không diễn ra trên địa bàn bạn phụ trách."))


def _set_confirmation(activity: Activity, status: str, *, actor, comment: str) -> Activity:
    activity = Activity.objects.select_for_update().select_related("partnership__unit").get(pk=activity.pk)
    _require_focal_point_of(actor, activity)
    require_years_open(activity.start_date.year)
    if activity.status != ActivityStatus.APPROVED and activity.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Chỉ xác nhận hoạt động đã gửi hoặc đã duyệt."))
    activity.confirmation_status = status
    activity.confirmation_comment = comment
    activity.confirmed_by = actor
    activity.confirmed_at = timezone.now()
    _with_history_user(activity, actor).save(
        update_fields=["confirmation_status", "confirmation_comment", "confirmed_by", "confirmed_at", "updated_at"]
    )
    return activity


@transaction.atomic
def activity_confirm(*, actor, activity: Activity, comment: str = "") -> Activity:
    """The locality confirms that the support was received."""
    return _set_confirmation(activity, ConfirmationStatus.CONFIRMED, actor=actor, comment=(comment or "").strip())


@transaction.atomic
def activity_flag_discrepancy(*, actor, activity: Activity, comment: str) -> Activity:
    """The locality reports that what was recorded does not match what was received."""
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Cần ghi rõ nội dung chưa khớp."))
    return _set_confirmation(activity, ConfirmationStatus.DISPUTED, actor=actor, comment=comment)


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


@transaction.atomic
def plan_save(
    *, actor, partnership: Partnership, year: int, category_targets: dict | None = None, **targets
) -> AnnualPlan:
    """Create or update the annual plan of a partnership; `category_targets` maps category → count."""
    _require_partnership_writer(actor, partnership)
    require_years_open(year)
    last_year = partnership.ended_on.year if partnership.ended_on else None
    if year < partnership.signed_on.year or (last_year is not None and year > last_year):
        raise DomainError(
            _("Năm %(year)s nằm ngoài thời gian kết nghĩa (từ năm %(first)s đến %(last)s): không lập kế hoạch được.")
            % {"year": str(year), "first": str(partnership.signed_on.year),
               "last": str(last_year) if last_year else _("nay")}
        )
    plan = AnnualPlan.objects.select_for_update().filter(partnership=partnership, year=year).first()
    if plan is None:
        plan = AnnualPlan(partnership=partnership, year=year)
    for name, value in targets.items():
        setattr(plan, name, value)
    _full_clean(plan)
    _with_history_user(plan, actor).save()
    if category_targets is not None:
        plan.category_targets.exclude(category__in=list(category_targets)).delete()
        for category, count in category_targets.items():
            PlanCategoryTarget.objects.update_or_create(
                plan=plan, category=category, defaults={"activities_target": count}
            )
    return plan


# --- development models --------------------------------------------------------------------

DEVELOPMENT_MODEL_FIELDS = (
    "name",
    "partnership",
    "commune",
    "sector",
    "stage",
    "households",
    "started_on",
    "description",
    "replicated_from",
)


@transaction.atomic
def development_model_save(*, actor, model: DevelopmentModel | None = None, **fields) -> DevelopmentModel:
    """Create a development model (model=None) or change one; the agency's officers and coordinators.

    Stage changes are kept by django-simple-history, so the model page can show when each stage
    was reached and who recorded it.
    """
    unknown = set(fields) - set(DEVELOPMENT_MODEL_FIELDS)
    if unknown:
        raise TypeError(f"development_model_save() got unexpected fields: {sorted(unknown)}")
    if model is None:
        model = DevelopmentModel()
    else:
        model = DevelopmentModel.objects.select_for_update().select_related("partnership").get(pk=model.pk)
        _require_partnership_writer(actor, model.partnership)
    for name, value in fields.items():
        setattr(model, name, value)
    if model.partnership_id is None:
        raise DomainError(_("Cần chọn quan hệ kết nghĩa của mô hình."))
    _require_partnership_writer(actor, model.partnership)
    if model.replicated_from_id and model.pk and model.replicated_from_id == model.pk:
        raise DomainError(_("Mô hình không thể nhân rộng từ chính nó."))
    _full_clean(model)
    _with_history_user(model, actor).save()
    return model
