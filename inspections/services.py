"""Every write to inspections, recommendations, reviews and commendations.

Keyword-only, an `actor`, `full_clean()` before saving, in one transaction; who may do it is
asked of `inspections.policy`. Notices go through `notifications.services.notify` inside the
same transaction (e-mail only after it commits).
"""

import os
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Event
from notifications.services import notify
from partnerships.attachments import storage_name, validate_evidence
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import Partnership

from partnerships.access import policy

from . import selectors
from .models import (
    Commendation,
    FollowUp,
    Inspection,
    InspectionFile,
    InspectionStatus,
    Recommendation,
    Review,
    ReviewFile,
    TeamMember,
)

INSPECTION_FIELDS = ("year", "kind", "agency", "partnership", "unit", "subject", "lead_body", "planned_date")
RESULT_FIELDS = ("done_date", "findings", "rating", "conclusion")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotPermitted(message)


def _save_team(inspection: Inspection, team) -> None:
    inspection.team.all().delete()
    for member in team:
        row = TeamMember(inspection=inspection, **member)
        row.full_clean()
        row.save()


@transaction.atomic
def inspection_plan(*, actor, team=(), **fields) -> Inspection:
    """Put an inspection in the year's plan. `team`: dicts of name, position, body, is_lead."""
    _require(policy.may_plan_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh lập kế hoạch kiểm tra, giám sát."))
    inspection = Inspection(created_by=actor, **{name: fields.get(name) for name in INSPECTION_FIELDS})
    inspection.full_clean()
    inspection.save()
    _save_team(inspection, team)
    return inspection


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, team=None, **fields) -> Inspection:
    _require(policy.may_plan_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh sửa kế hoạch kiểm tra, giám sát."))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    for name in INSPECTION_FIELDS:
        if name in fields:
            setattr(inspection, name, fields[name])
    inspection.full_clean()
    inspection.save()
    if team is not None:
        _save_team(inspection, team)
    return inspection


@transaction.atomic
def inspection_cancel(*, actor, inspection: Inspection) -> Inspection:
    _require(policy.may_plan_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh hủy cuộc kiểm tra."))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == InspectionStatus.DONE:
        raise DomainError(_("Cuộc kiểm tra đã thực hiện thì không hủy được."))
    inspection.status = InspectionStatus.CANCELLED
    inspection.full_clean()
    inspection.save(update_fields=["status", "updated_at"])
    return inspection


def _check_links(inspection: Inspection, activities, models, plans) -> None:
    """What was checked must belong to what was inspected: the partnership, the agency's
    partnerships, or (a locality) the partnerships with it or its communes and work done in it."""
    partnerships = set(Partnership.objects.filter(inspection.partnerships_q()).values_list("pk", flat=True))
    for row in [*activities, *models, *plans]:
        inside = row.partnership_id in partnerships or (
            inspection.unit_id and getattr(row, "commune_id", None) == inspection.unit_id
        )
        if not inside:
            raise DomainError(_("“%(name)s” không thuộc đối tượng được kiểm tra.") % {"name": row})


@transaction.atomic
def inspection_record(*, actor, inspection: Inspection, done_date: date, findings: str, rating: str,
                      conclusion: str = "", activities=(), models=(), plans=(), recommendations=()) -> Inspection:
    """Record the result; `recommendations`: dicts of text, owner_agency or owner_unit, deadline.
    Each new recommendation's owners are notified."""
    _require(policy.may_record_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh ghi kết quả kiểm tra, giám sát."))
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == InspectionStatus.CANCELLED:
        raise DomainError(_("Cuộc kiểm tra đã hủy."))
    activities, models, plans = list(activities), list(models), list(plans)
    _check_links(inspection, activities, models, plans)
    inspection.status = InspectionStatus.DONE
    inspection.done_date, inspection.findings, inspection.rating, inspection.conclusion = (
        done_date, findings, rating, conclusion
    )
    inspection.full_clean()
    inspection.save()
    inspection.checked_activities.set(activities)
    inspection.checked_models.set(models)
    inspection.checked_plans.set(plans)
    for item in recommendations:
        recommendation_add(actor=actor, inspection=inspection, **item)
    return inspection


@transaction.atomic
def recommendation_add(*, actor, inspection: Inspection, text: str, deadline: date,
                       owner_agency=None, owner_unit=None) -> Recommendation:
    _require(policy.may_record_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh ghi kiến nghị."))
    recommendation = Recommendation(
        inspection=inspection, text=text, deadline=deadline, owner_agency=owner_agency, owner_unit=owner_unit
    )
    recommendation.full_clean()
    recommendation.save()
    notify(
        recipients=selectors.people_answering_for(recommendation),
        event=Event.RECOMMENDATION_NEW,
        title=_("Kiến nghị sau %(inspection)s, hạn %(deadline)s") % {
            "inspection": inspection, "deadline": deadline.strftime("%d/%m/%Y")},
        body=text,
        url=reverse("inspections:detail", args=[inspection.pk]) + f"#kien-nghi-{recommendation.pk}",
    )
    return recommendation


@transaction.atomic
def recommendation_report(*, actor, recommendation: Recommendation, note: str, done: bool,
                          evidence=None) -> Recommendation:
    """The owner reports what was done (with evidence, checked like every upload) and whether
    the recommendation is now done; coordinators are told."""
    recommendation = Recommendation.objects.select_for_update(of=("self",)).select_related(
        "owner_unit", "inspection").get(pk=recommendation.pk)
    _require(policy.may_report_follow_up(actor, recommendation),
             _("Bạn không phụ trách kiến nghị này nên không báo cáo được."))
    if not note.strip():
        raise DomainError(_("Hãy ghi kết quả thực hiện kiến nghị."))
    if evidence is not None:
        kind = validate_evidence(evidence)
        recommendation.evidence_name = os.path.basename(evidence.name or "")[:255]
        evidence.name = storage_name(kind)
        recommendation.evidence = evidence
    recommendation.follow_up_note = note.strip()
    recommendation.follow_up = FollowUp.DONE if done else FollowUp.OPEN
    recommendation.reported_by = actor
    recommendation.reported_at = timezone.now()
    recommendation.full_clean()
    recommendation.save()
    notify(
        recipients=selectors.coordinators(),
        event=Event.FOLLOW_UP_REPORTED,
        title=_("%(owner)s báo cáo thực hiện kiến nghị: %(text)s") % {
            "owner": recommendation.owner_name, "text": recommendation.text[:80]},
        body=recommendation.follow_up_note,
        url=reverse("inspections:detail", args=[recommendation.inspection_id]) + f"#kien-nghi-{recommendation.pk}",
    )
    return recommendation


@transaction.atomic
def inspection_file_add(*, actor, inspection: Inspection, upload, kind: str) -> InspectionFile:
    """Minutes and photos, checked by content like the activities' evidence."""
    _require(policy.may_record_inspections(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh đính kèm biên bản, hình ảnh."))
    checked = validate_evidence(upload)
    if kind == InspectionFile.Kind.PHOTO and not checked.content_type.startswith("image/"):
        raise DomainError(_("Hình ảnh phải là tệp JPEG, PNG hoặc WebP."))
    row = InspectionFile(inspection=inspection, kind=kind, uploaded_by=actor).take(upload, checked)
    row.full_clean()
    row.save()
    return row


# --- reviews and commendations -------------------------------------------------------------

REVIEW_FIELDS = ("kind", "title", "year_from", "year_to", "held_on", "decision_number", "decision_date", "note")
COMMENDATION_FIELDS = ("kind", "agency", "unit", "person_name", "position", "body", "form", "achievement", "order")


@transaction.atomic
def review_save(*, actor, review: Review | None = None, **fields) -> Review:
    _require(policy.may_manage_reviews(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh quản lý sơ kết, tổng kết."))
    review = Review.objects.select_for_update().get(pk=review.pk) if review else Review(created_by=actor)
    for name in REVIEW_FIELDS:
        if name in fields:
            setattr(review, name, fields[name] if fields[name] is not None else ("" if name in (
                "decision_number", "note") else None))
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_file_add(*, actor, review: Review, upload, title: str) -> ReviewFile:
    _require(policy.may_manage_reviews(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh đính kèm tài liệu."))
    row = ReviewFile(review=review).take(upload)
    row.title = title or row.original_name
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def commendation_save(*, actor, review: Review, commendation: Commendation | None = None, **fields) -> Commendation:
    _require(policy.may_manage_reviews(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh sửa danh sách khen thưởng."))
    row = commendation or Commendation(review=review)
    if row.review_id != review.pk:
        raise NotPermitted(_("Dòng này không thuộc đợt sơ kết, tổng kết này."))
    for name in COMMENDATION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(row, name, "" if value is None and name in ("person_name", "position", "body", "achievement")
                    else value)
    if row.order == 0 and row.pk is None:
        row.order = (review.commendations.count() + 1) * 10
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def commendation_delete(*, actor, commendation: Commendation) -> None:
    _require(policy.may_manage_reviews(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh sửa danh sách khen thưởng."))
    commendation.delete()


@transaction.atomic
def commendations_propose(*, actor, review: Review, collectives, form: str) -> list[Commendation]:
    """Add proposed collectives (agencies the evaluation classified excellent, from `reports`)
    that are not on the list yet. `collectives`: (agency, achievement) pairs."""
    _require(policy.may_manage_reviews(actor), _("Chỉ cán bộ tổng hợp cấp tỉnh sửa danh sách khen thưởng."))
    present = set(review.commendations.filter(agency__isnull=False).values_list("agency_id", flat=True))
    added = []
    for agency, achievement in collectives:
        if agency.pk in present:
            continue
        row = commendation_save(actor=actor, review=review, kind=Commendation.Kind.COLLECTIVE, agency=agency,
                                form=form, achievement=achievement)
        Commendation.objects.filter(pk=row.pk).update(proposed=True)
        present.add(agency.pk)
        added.append(row)
    return added
