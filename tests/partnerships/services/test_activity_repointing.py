"""Activities recorded after 30/06/2025 at an abolished unit: proposed, then moved to the successor."""

import datetime

import pytest

from partnerships import services
from partnerships.exceptions import DomainError, NotPermitted
from partnerships.models import Activity, ActivityStatus, AuditEvent, AuditKind, UnitSuccession
from tests.factories import ActivityFactory, PartnershipFactory
from tests.reform import REFORM_DAY, build_reform

pytestmark = pytest.mark.django_db
AUGUST = datetime.date(2025, 8, 12)


@pytest.fixture
def reform(db):
    return build_reform()


def _late(partnership, commune, day=AUGUST, **fields):
    """An activity as written before the new map was loaded: the factory does not run clean()."""
    return ActivityFactory(partnership=partnership, commune=commune, start_date=day, **fields)


def _proposals(actor):
    return services.activity_move_proposals(actor=actor, activities=services.activities_at_abolished_units())


def test_only_activities_dated_after_their_unit_ended_are_listed(reform, agency, coordinator):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    late = _late(old, reform.a_xan)
    _late(old, reform.a_xan, day=datetime.date(2025, 6, 30))  # its last day: in order
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    ActivityFactory(partnership=new, commune=reform.hung_son, start_date=AUGUST)  # recorded right
    district_wide = _late(PartnershipFactory(agency=agency, unit=reform.district), None)
    assert set(services.activities_at_abolished_units()) == {late, district_wide}


def test_an_activity_moves_to_the_successor_commune_and_partnership_keeping_the_rest(reform, agency, coordinator):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    activity = _late(old, reform.a_xan, status=ActivityStatus.APPROVED)
    [new] = services.partnerships_repoint(actor=coordinator, partnerships=[old])

    [proposal] = _proposals(coordinator)
    assert proposal.old_unit == reform.a_xan and proposal.proposed == reform.hung_son
    assert proposal.targets == {reform.hung_son.pk: new} and proposal.movable and not proposal.needs_choice

    [moved] = services.activities_move_to_successor(actor=coordinator, moves={activity.pk: None})
    activity.refresh_from_db()
    assert (activity.partnership, activity.commune, activity.status) == (new, reform.hung_son, ActivityStatus.APPROVED)
    assert activity.budget_state == 10_000_000 and moved == activity
    version = activity.history.first()
    assert version.history_user == coordinator and version.history_change_reason == "sắp xếp đơn vị hành chính"
    event = AuditEvent.objects.get(kind=AuditKind.ACTIVITY_MOVED)
    assert event.actor == coordinator and event.object_id == str(activity.pk)
    assert (event.details["from_unit"], event.details["to_unit"]) == ("20443", "20443")
    assert (event.details["from_partnership"], event.details["to_partnership"]) == (old.pk, new.pk)
    assert list(services.activities_at_abolished_units()) == []


def test_before_the_partnership_is_re_pointed_the_move_is_refused_in_words(reform, agency, coordinator):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    activity = _late(old, reform.a_xan)
    [proposal] = _proposals(coordinator)
    assert not proposal.movable and "chưa có quan hệ kết nghĩa với Xã Hùng Sơn vào ngày 12/08/2025" in proposal.options[0][2]
    with pytest.raises(DomainError, match="chuyển quan hệ kết nghĩa sang đơn vị mới trước"):
        services.activities_move_to_successor(actor=coordinator, moves={activity.pk: None})
    activity.refresh_from_db()
    assert activity.partnership == old and activity.commune == reform.a_xan


def test_a_split_commune_s_activity_goes_where_the_coordinator_picks(reform, agency, coordinator):
    # Ga Ri split: its main part went to Tây Giang, a part to Hùng Sơn.
    UnitSuccession.objects.create(predecessor=reform.ga_ri, successor=reform.hung_son, effective_on=REFORM_DAY, is_main=False)
    old = PartnershipFactory(agency=agency, unit=reform.district)
    first, second = _late(old, reform.ga_ri), _late(old, reform.ga_ri, day=datetime.date(2026, 3, 2))
    successors = services.partnerships_repoint(actor=coordinator, partnerships=[old])
    at = {p.unit: p for p in successors}

    proposals = _proposals(coordinator)
    assert all(p.needs_choice and p.proposed is None for p in proposals)
    assert proposals[0].successors == [reform.tay_giang, reform.hung_son]  # the main part first
    with pytest.raises(DomainError, match="chọn xã mới trong các đơn vị: Xã Tây Giang, Xã Hùng Sơn"):
        services.activities_move_to_successor(actor=coordinator, moves={first.pk: None, second.pk: reform.hung_son.pk})
    with pytest.raises(DomainError, match="không phải đơn vị kế thừa"):
        services.activities_move_to_successor(actor=coordinator, moves={first.pk: reform.a_xan.pk})
    assert Activity.objects.filter(commune=reform.ga_ri).count() == 2  # all or none

    services.activities_move_to_successor(
        actor=coordinator, moves={first.pk: str(reform.hung_son.pk), second.pk: reform.tay_giang.pk})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.commune, first.partnership) == (reform.hung_son, at[reform.hung_son])
    assert (second.commune, second.partnership) == (reform.tay_giang, at[reform.tay_giang])


def test_a_district_wide_activity_needs_a_commune_chosen(reform, agency, coordinator):
    old = PartnershipFactory(agency=agency, unit=reform.district)
    activity = _late(old, None)
    services.partnerships_repoint(actor=coordinator, partnerships=[old])
    [proposal] = _proposals(coordinator)
    assert proposal.old_unit == reform.district and proposal.needs_choice
    services.activities_move_to_successor(actor=coordinator, moves={activity.pk: reform.tay_giang.pk})
    activity.refresh_from_db()
    assert activity.commune == reform.tay_giang and activity.partnership.unit == reform.tay_giang


def test_a_locked_year_s_activity_is_refused_with_the_year_named(reform, agency, coordinator):
    old = PartnershipFactory(agency=agency, unit=reform.a_xan)
    locked = _late(old, reform.a_xan, day=datetime.date(2026, 2, 1))
    services.partnerships_repoint(actor=coordinator, partnerships=[old])
    services.year_lock_close(actor=coordinator, year=2026)
    [proposal] = _proposals(coordinator)
    assert not proposal.movable and "Năm 2026 đã chốt số liệu báo cáo" in proposal.refused
    with pytest.raises(DomainError, match="Năm 2026 đã chốt số liệu báo cáo"):
        services.activities_move_to_successor(actor=coordinator, moves={locked.pk: None})
    locked.refresh_from_db()
    assert locked.commune == reform.a_xan


def test_only_coordinators_see_and_move_them(reform, agency, officer, coordinator):
    activity = _late(PartnershipFactory(agency=agency, unit=reform.a_xan), reform.a_xan)
    with pytest.raises(NotPermitted):
        services.activity_move_proposals(actor=officer, activities=[activity])
    with pytest.raises(NotPermitted):
        services.activities_move_to_successor(actor=officer, moves={activity.pk: None})
    with pytest.raises(DomainError, match="Chưa chọn hoạt động"):
        services.activities_move_to_successor(actor=coordinator, moves={})
    with pytest.raises(DomainError, match="tải lại trang"):
        services.activities_move_to_successor(actor=coordinator, moves={999999: None})


def test_proposals_take_a_constant_number_of_queries(reform, agency, coordinator, django_assert_max_num_queries):
    old = [PartnershipFactory(agency=agency, unit=unit) for unit in (reform.a_xan, reform.chom, reform.ga_ri)]
    services.partnerships_repoint(actor=coordinator, partnerships=old)
    for n in range(30):
        _late(old[n % 3], old[n % 3].unit, day=AUGUST + datetime.timedelta(days=n))
    with django_assert_max_num_queries(6):
        proposals = _proposals(coordinator)
    assert len(proposals) == 30 and all(p.movable for p in proposals)
