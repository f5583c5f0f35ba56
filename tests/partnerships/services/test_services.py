"""Services: the rules every write path shares (portal, admin, import, commands)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted, TransitionNotAllowed
from partnerships.models import ActivityStatus, ConfirmationStatus, PartnershipStatus
from partnerships.access import policy
from tests.factories import CommuneFactory, DistrictFactory, category

pytestmark = pytest.mark.django_db


def _create(actor, partnership, **overrides):
    fields = {
        "category": category("dao-tao-nghe"),
        "title": "Lớp dạy nghề đan lát cho thanh niên Cơ Tu",
        "start_date": datetime.date(2024, 5, 2),
        "budget_state": 30_000_000,
        "people_reached": 25,
        "ethnic_minority_people": 25,
        "people_trained": 25,
    }
    fields.update(overrides)
    return services.activity_create(actor=actor, partnership=partnership, **fields)


def test_officer_records_a_draft_with_its_first_workflow_row(officer, partnership, commune):
    activity = _create(officer, partnership, commune=commune)
    assert activity.status == ActivityStatus.DRAFT
    assert activity.created_by == officer
    assert [(c.from_status, c.to_status) for c in activity.status_changes.all()] == [("", "draft")]
    assert activity.history.first().history_user == officer


def test_commune_outside_the_partner_district_is_refused(officer, partnership):
    elsewhere = CommuneFactory(parent=DistrictFactory())
    with pytest.raises(ValidationError) as error:
        _create(officer, partnership, commune=elsewhere)
    assert "commune" in error.value.message_dict


def test_minority_people_cannot_exceed_people_reached(officer, partnership):
    with pytest.raises(ValidationError):
        _create(officer, partnership, people_reached=3, ethnic_minority_people=4)


def test_officer_cannot_record_for_another_agency(other_officer, partnership):
    with pytest.raises(NotPermitted):
        _create(other_officer, partnership)


def test_ended_partnership_takes_no_new_activity(coordinator, officer, partnership):
    services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2024, 1, 1), reason="Sáp nhập")
    partnership.refresh_from_db()
    with pytest.raises(DomainError):
        _create(officer, partnership)


def test_commune_partnership_fills_in_its_commune(officer, agency, commune, coordinator):
    direct = services.partnership_create(actor=coordinator, agency=agency, unit=commune, signed_on=datetime.date(2022, 1, 1))
    assert _create(officer, direct).commune == commune


def test_full_review_cycle_records_every_move(officer, coordinator, partnership):
    activity = _create(officer, partnership)
    services.activity_submit(actor=officer, activity=activity)
    services.activity_return(actor=coordinator, activity=activity, comment="Bổ sung danh sách học viên")
    activity.refresh_from_db()
    assert policy.can_edit_activity(officer, activity)
    services.activity_update(actor=officer, activity=activity, people_trained=24)
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    moves = [(c.from_status, c.to_status, c.actor.username) for c in activity.status_changes.all()]
    assert moves == [
        ("", "draft", "officer"),
        ("draft", "submitted", "officer"),
        ("submitted", "returned", "coordinator"),
        ("returned", "submitted", "officer"),
        ("submitted", "approved", "coordinator"),
    ]
    assert not policy.can_edit_activity(officer, activity)
    with pytest.raises(NotPermitted):
        services.activity_update(actor=officer, activity=activity, title="Đổi sau khi duyệt")


def test_return_needs_a_comment_and_officers_cannot_approve(officer, coordinator, partnership):
    activity = _create(officer, partnership)
    services.activity_submit(actor=officer, activity=activity)
    with pytest.raises(TransitionNotAllowed):
        services.activity_return(actor=coordinator, activity=activity, comment="  ")
    with pytest.raises(TransitionNotAllowed):
        services.activity_approve(actor=officer, activity=activity)
    with pytest.raises(TransitionNotAllowed):
        services.activity_submit(actor=officer, activity=activity)  # already submitted


def test_only_the_local_focal_point_confirms(officer, coordinator, partnership, commune, focal_point, district):
    from partnerships.access.roles import Role
    from tests.factories import UserFactory

    activity = _create(officer, partnership, commune=commune)
    services.activity_submit(actor=officer, activity=activity)
    services.activity_approve(actor=coordinator, activity=activity)
    stranger = UserFactory(username="focal-other", locality=CommuneFactory(parent=district), role=Role.FOCAL_POINT)
    with pytest.raises(NotPermitted):
        services.activity_confirm(actor=stranger, activity=activity)
    with pytest.raises(NotPermitted):
        services.activity_confirm(actor=officer, activity=activity)
    with pytest.raises(DomainError):
        services.activity_flag_discrepancy(actor=focal_point, activity=activity, comment="")
    services.activity_flag_discrepancy(actor=focal_point, activity=activity, comment="Chỉ nhận 20 con bò, không phải 25")
    activity.refresh_from_db()
    assert activity.confirmation_status == ConfirmationStatus.DISPUTED
    services.activity_confirm(actor=focal_point, activity=activity)
    activity.refresh_from_db()
    assert (activity.confirmation_status, activity.confirmed_by) == (ConfirmationStatus.CONFIRMED, focal_point)


def test_partnership_end_needs_reason_and_only_coordinators(coordinator, officer, partnership):
    with pytest.raises(NotPermitted):
        services.partnership_end(actor=officer, partnership=partnership, ended_on=datetime.date(2024, 1, 1), reason="x")
    with pytest.raises(DomainError):
        services.partnership_end(actor=coordinator, partnership=partnership, ended_on=datetime.date(2024, 1, 1), reason="")
    ended = services.partnership_end(
        actor=coordinator, partnership=partnership, ended_on=datetime.date(2024, 1, 1), reason="Hoàn thành giai đoạn"
    )
    assert ended.status == PartnershipStatus.ENDED
    assert ended.history.first().history_user == coordinator


def test_plan_save_creates_then_updates_with_category_targets(officer, partnership):
    plan = services.plan_save(
        actor=officer, partnership=partnership, year=2025, money_target=100_000_000,
        category_targets={category("mo-hinh"): 2, category("dao-tao-nghe"): 1},
    )
    plan = services.plan_save(actor=officer, partnership=partnership, year=2025, money_target=120_000_000,
                              category_targets={category("mo-hinh"): 3})
    assert plan.money_target == 120_000_000
    assert {(t.category.code, t.activities_target) for t in plan.category_targets.all()} == {("mo-hinh", 3)}
