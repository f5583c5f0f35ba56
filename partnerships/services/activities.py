"""Activity use cases: create, update, the workflow moves, evidence files, locality confirmation."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bulk import insert_many, insert_rows
from partnerships import workflow
from partnerships.access import policy
from partnerships.access.policy import _require_partnership_writer, can_edit_activity, can_write_for_partnership
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import (
    Activity,
    ActivityStatus,
    ActivityConfirmation,
    ActivityStatusChange,
    Attachment,
    AuditKind,
    ConfirmationStatus,
    ImportBatch,
    Partnership,
    PartnershipStatus,
)
from partnerships.services import notices
from partnerships.services.audit import audit, import_batch_close, import_batch_open
from partnerships.services.base import _first_versions, _full_clean, _with_history_user
from partnerships.services.year_lock import locked_years, require_years_open

ACTIVITY_MONEY_FIELDS = ("budget_state", "budget_society", "budget_in_kind")


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


class RowsRefused(DomainError):
    """Some rows of a bulk write were refused; `errors` is [(row index, message)], nothing written."""

    def __init__(self, errors):
        super().__init__(_("Một số dòng bị từ chối; chưa ghi dòng nào."))
        self.errors = errors


# Foreign keys a bulk caller passes as instances it has just read: full_clean would look each
# one up again (a query per key and row); the database's foreign keys still hold them.
_BULK_RESOLVED = ["partnership", "category", "commune", "development_model", "created_by", "confirmed_by"]
IMPORT_BATCH = 1000


@transaction.atomic
def activities_import(*, actor, rows: list[dict], file_name: str = "", file_sha256: str = "",
                      source: str = ImportBatch.Source.OFFICER, batch: ImportBatch | None = None,
                      fields_cleaned: bool = False) -> list[Activity]:
    """Record many new activities as drafts at once (the Excel import): the rules of
    activity_create for every row (who may write for the partnership, an active partnership, an
    open year, full_clean), then one bulk write of the rows, their history and their workflow
    rows; a constant number of queries whatever the rows. One refused row, nothing written.
    The import is an `ImportBatch` (who, when, file name and SHA-256, rows written) that every
    row's first history version names (`history_change_reason`); a caller that already opened
    the batch (the admin's import, which also updates rows) passes it and closes it itself.
    `fields_cleaned`: the caller has run `Activity.full_clean` on exactly these values (the
    officers' import checks every row so before its preview): it is not run a second time; what
    may have changed since (who may write, the partnership active, the year open) still is."""
    locked, allowed, errors, activities = locked_years(), {}, [], []
    for index, fields in enumerate(rows):
        fields = dict(fields)
        partnership = fields.pop("partnership")
        unknown = set(fields) - set(ACTIVITY_EDITABLE_FIELDS)
        if unknown:
            raise TypeError(f"activities_import() got unexpected fields: {sorted(unknown)}")
        activity = Activity(partnership=partnership, created_by=actor, status=ActivityStatus.DRAFT, **fields)
        if activity.commune_id is None and partnership.unit.level == partnership.unit.Level.COMMUNE:
            activity.commune = partnership.unit
        try:
            if partnership.pk not in allowed:
                allowed[partnership.pk] = can_write_for_partnership(actor, partnership)
            if not allowed[partnership.pk]:
                _require_partnership_writer(actor, partnership)
            if partnership.status != PartnershipStatus.ACTIVE:
                raise DomainError(_("Quan hệ kết nghĩa đã kết thúc; không thể ghi nhận hoạt động mới."))
            if activity.start_date:
                require_years_open(activity.start_date.year, locked=locked)
            if not fields_cleaned:
                activity.full_clean(exclude=_BULK_RESOLVED, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.append((index, " ".join(error.messages)))
        except DomainError as error:
            errors.append((index, str(error.message)))
        activities.append(_with_history_user(activity, actor))
    if errors:
        raise RowsRefused(errors)
    own_batch = batch is None
    if own_batch:
        batch = import_batch_open(actor=actor, source=source, file_name=file_name, sha256=file_sha256)
    try:
        # The check constraints were left to the database (validating them in Python costs a
        # query per constraint and row); the callers check the same rules first, in words.
        # COPY on PostgreSQL (`insert_many`): preparing the INSERTs was most of the write's time.
        created = insert_many(Activity, activities, batch_size=IMPORT_BATCH)
        columns, versions = _first_versions(Activity, created, actor=actor, reason=batch.change_reason)
        insert_rows(Activity.history.model, columns, versions, batch_size=IMPORT_BATCH)
    except IntegrityError:
        raise DomainError(_("Cơ sở dữ liệu từ chối dữ liệu nhập (vi phạm ràng buộc dữ liệu); chưa ghi dòng nào.")) from None
    now = timezone.now()
    insert_rows(ActivityStatusChange, ["activity_id", "from_status", "to_status", "actor_id", "comment", "created_at"],
                [(a.pk, "", ActivityStatus.DRAFT, actor.pk, "", now) for a in created], batch_size=IMPORT_BATCH)
    if own_batch:
        import_batch_close(batch=batch, rows_written=len(created))
    return created


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
    if policy.acts_only_as_officer(actor):
        _require_partnership_writer(actor, activity.partnership)
    require_years_open(activity.start_date.year)
    _with_history_user(activity, actor)
    workflow.transition(activity, to_status, actor=actor, comment=comment)
    return activity


@transaction.atomic
def activity_submit(*, actor, activity: Activity) -> Activity:
    activity = _move(activity, ActivityStatus.SUBMITTED, actor=actor)
    notices.activity_moved(activity, ActivityStatus.SUBMITTED)
    return activity


@transaction.atomic
def activity_approve(*, actor, activity: Activity, comment: str = "") -> Activity:
    activity = _move(activity, ActivityStatus.APPROVED, actor=actor, comment=comment)
    notices.activity_moved(activity, ActivityStatus.APPROVED)
    return activity


@transaction.atomic
def activity_return(*, actor, activity: Activity, comment: str) -> Activity:
    activity = _move(activity, ActivityStatus.RETURNED, actor=actor, comment=comment)
    notices.activity_moved(activity, ActivityStatus.RETURNED, comment=comment)
    return activity


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
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=activity.pk)
    if not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ thêm tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại."))
    require_years_open(activity.start_date.year)
    attachment = Attachment(activity=activity, uploaded_by=actor).take(upload)
    attachment.save()
    _audit_added(actor, activity, attachment, upload)
    return attachment


def _audit_added(actor, activity: Activity, attachment: Attachment, upload) -> None:
    audit(actor=actor, kind=AuditKind.ATTACHMENT_ADDED, obj=activity, file=attachment.original_name,
          content_type=attachment.content_type, size=attachment.size, sha256=_sha256_of(upload))


def _sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    activity = Activity.objects.select_for_update().select_related("partnership").get(pk=attachment.activity_id)
    if attachment.confirmation_id:
        raise NotPermitted(_("Tệp do địa phương gửi kèm xác nhận; cơ quan không xóa được."))
    if not can_edit_activity(actor, activity):
        raise NotPermitted(_("Chỉ xóa tệp minh chứng khi hoạt động ở trạng thái nháp hoặc bị trả lại."))
    require_years_open(activity.start_date.year)
    file = attachment.file
    audit(actor=actor, kind=AuditKind.ATTACHMENT_REMOVED, obj=activity, file=attachment.original_name,
          content_type=attachment.content_type, size=attachment.size)
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: file.storage.delete(file.name))


def _require_focal_point_of(actor, activity: Activity) -> None:
    """Only a focal point of the place where the work was done confirms it."""
    if not policy.is_focal_point(actor):
        raise NotPermitted(_("Chỉ cán bộ đầu mối của địa phương mới xác nhận được hoạt động."))
    if not policy.is_focal_point_of(actor, activity):
        raise NotPermitted(_("Hoạt động này không diễn ra trên địa bàn bạn phụ trách."))


MAX_CONFIRMATION_FILES = 10


def _set_confirmation(activity: Activity, status: str, *, actor, comment: str, files=()) -> Activity:
    """Record the focal point's answer: on the activity (the latest answer) and as a row of the
    timeline, with the photos or receipt attached to it. The files are checked by content, all
    of them before anything is stored, like the agency's evidence; one bad file refuses the lot."""
    from partnerships.attachments import validate_evidence

    activity = Activity.objects.select_for_update().select_related("partnership__unit").get(pk=activity.pk)
    _require_focal_point_of(actor, activity)
    require_years_open(activity.start_date.year)
    if activity.status != ActivityStatus.APPROVED and activity.status != ActivityStatus.SUBMITTED:
        raise DomainError(_("Chỉ xác nhận hoạt động đã gửi hoặc đã duyệt."))
    files = list(files or ())
    if len(files) > MAX_CONFIRMATION_FILES:
        raise DomainError(_("Mỗi lần xác nhận kèm tối đa %(n)d tệp.") % {"n": MAX_CONFIRMATION_FILES})
    kinds = [validate_evidence(upload) for upload in files]
    now = timezone.now()
    activity.confirmation_status = status
    activity.confirmation_comment = comment
    activity.confirmed_by = actor
    activity.confirmed_at = now
    _with_history_user(activity, actor).save(
        update_fields=["confirmation_status", "confirmation_comment", "confirmed_by", "confirmed_at", "updated_at"]
    )
    answer = ActivityConfirmation.objects.create(activity=activity, status=status, comment=comment, actor=actor,
                                                 created_at=now)
    stored = []
    try:
        for upload, kind in zip(files, kinds):
            attachment = Attachment(activity=activity, confirmation=answer, uploaded_by=actor).take(upload, kind)
            attachment.save()
            stored.append(attachment.file)
            _audit_added(actor, activity, attachment, upload)
    except Exception:
        # The transaction takes the rows back, not the files already written.
        for file in stored:
            file.storage.delete(file.name)
        raise
    return activity


@transaction.atomic
def activity_confirm(*, actor, activity: Activity, comment: str = "", files=()) -> Activity:
    """The locality confirms that the support was received (photos or a receipt may go with it)."""
    return _set_confirmation(activity, ConfirmationStatus.CONFIRMED, actor=actor, comment=(comment or "").strip(),
                             files=files)


@transaction.atomic
def activity_flag_discrepancy(*, actor, activity: Activity, comment: str, files=()) -> Activity:
    """The locality reports that what was recorded does not match what was received (with photos
    or a receipt showing what was, if any)."""
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Cần ghi rõ nội dung chưa khớp."))
    activity = _set_confirmation(activity, ConfirmationStatus.DISPUTED, actor=actor, comment=comment, files=files)
    notices.activity_disputed(activity, comment=comment)
    return activity
