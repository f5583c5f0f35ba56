"""Re-pointing partnerships to the new units after the 2025 reform."""

import datetime

import pytest

from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import AnnualPlan, AuditEvent, AuditKind, Partnership, PartnershipStatus, PlanCategoryTarget
from tests.factories import ActivityFactory, AgencyFactory, DevelopmentModelFactory, PartnershipFactory, category
from tests.reform import build_reform

pytestmark = pytest.mark.django_db


@pytest.fixture
def reform(db):
    return build_reform()


def test_a_commune_partnership_moves_to_its_successor_with_history_and_plans(reform, coordinator, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan, signed_on=datetime.date(2021, 10, 1))
    ActivityFactory(partnership=old, commune=reform.a_xan, start_date=datetime.date(2024, 4, 1))
    plan_2025 = AnnualPlan.objects.create(partnership=old, year=2025, money_target=100)
    plan_2026 = AnnualPlan.objects.create(partnership=old, year=2026, money_target=200)

    [proposal] = services.repointing_proposals(actor=coordinator)
    assert proposal.partnership == old and proposal.successors == [reform.hung_son]
    assert proposal.ends_on == datetime.date(2025, 6, 30) and proposal.plans == [plan_2026]

    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    old.refresh_from_db()
    assert old.status == PartnershipStatus.ENDED and old.ended_on == datetime.date(2025, 6, 30)
    assert old.end_reason == "sắp xếp đơn vị hành chính"
    assert new.unit == reform.hung_son and new.agency == agency and new.signed_on == datetime.date(2025, 7, 1)
    assert list(new.predecessors.all()) == [old]
    # the change year's plan stays beside the first half-year's results; later years move
    plan_2025.refresh_from_db(), plan_2026.refresh_from_db()
    assert plan_2025.partnership == old and plan_2026.partnership == new
    # the activity keeps its partnership and commune; the history keeps the old partnership's versions
    assert old.activities.get().commune == reform.a_xan
    assert old.history.first().end_reason == "sắp xếp đơn vị hành chính"
    assert old.history.first().history_user == coordinator
    event = AuditEvent.objects.get(kind=AuditKind.REPOINTED)
    assert event.actor == coordinator and event.object_id == str(old.pk) and event.details["units"] == ["20443"]
    assert services.repointing_proposals(actor=coordinator) == []


def test_two_partnerships_of_one_agency_whose_communes_merged_become_one(reform, coordinator, agency):
    a = PartnershipFactory(agency=agency, unit=reform.a_xan)
    b = PartnershipFactory(agency=agency, unit=reform.chom)
    AnnualPlan.objects.create(partnership=a, year=2026, money_target=100, note="A")
    plan_b = AnnualPlan.objects.create(partnership=b, year=2026, money_target=50, note="B")
    target = PlanCategoryTarget.objects.create(plan=plan_b, category=category(), activities_target=2)

    proposals = services.repointing_proposals(actor=coordinator)
    assert {p.partnership for p in proposals} == {a, b}
    assert all(p.merged_with for p in proposals)

    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[a.pk, b.pk])
    assert set(new.predecessors.all()) == {a, b}
    assert Partnership.objects.filter(agency=agency, status=PartnershipStatus.ACTIVE).get() == new
    merged = AnnualPlan.objects.get(partnership=new, year=2026)
    assert merged.money_target == 150 and merged.note == "A\nB"
    assert merged.category_targets.get().activities_target == 2
    assert not AnnualPlan.objects.filter(pk=plan_b.pk).exists()
    assert AnnualPlan.history.filter(id=plan_b.pk, history_type="-").exists()  # deleted, kept in history
    del target


def test_a_district_partnership_goes_to_every_commune_that_took_its_communes(reform, coordinator, agency):
    old = PartnershipFactory(agency=agency, unit=reform.district)
    AnnualPlan.objects.create(partnership=old, year=2027, money_target=10)
    [proposal] = services.repointing_proposals(actor=coordinator)
    # Hùng Sơn took two of the district's communes: it gets the plans
    assert proposal.successors == [reform.hung_son, reform.tay_giang]
    new = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    assert {p.unit for p in new} == {reform.hung_son, reform.tay_giang}
    assert AnnualPlan.objects.get(year=2027).partnership.unit == reform.hung_son


def test_an_existing_partnership_at_the_new_commune_is_continued(reform, coordinator, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    already = PartnershipFactory(agency=agency, unit=reform.hung_son, signed_on=datetime.date(2025, 8, 1))
    [proposal] = services.repointing_proposals(actor=coordinator)
    assert proposal.existing == {reform.hung_son.pk: already}
    assert services.partnerships_repoint(actor=coordinator, partnerships=[old]) == [already]
    assert list(already.predecessors.all()) == [old]


def test_only_coordinators_repoint_and_nothing_is_half_written(reform, coordinator, officer, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    with pytest.raises(NotPermitted):
        services.repointing_proposals(actor=officer)
    with pytest.raises(NotPermitted):
        services.partnerships_repoint(actor=officer, partnerships=[old])
    current = PartnershipFactory(agency=AgencyFactory(), unit=reform.tay_giang)
    with pytest.raises(DomainError):  # one row that needs no re-pointing: none is written
        services.partnerships_repoint(actor=coordinator, partnerships=[old, current])
    old.refresh_from_db()
    assert old.status == PartnershipStatus.ACTIVE and not old.successors.exists()


def test_activities_of_the_successor_may_refer_to_a_model_built_before(reform, coordinator, agency):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    model = DevelopmentModelFactory(partnership=old, commune=reform.a_xan)
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    activity = services.activity_create(
        actor=coordinator, partnership=new, category=category(), title="Nhân rộng mô hình bò",
        start_date=datetime.date(2026, 2, 3), commune=reform.hung_son, development_model=model)
    assert activity.development_model == model
